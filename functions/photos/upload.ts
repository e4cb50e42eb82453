/**
 * Photos from a multipart form (the `photos` field): the shared first step for
 * the complaint API and the staff forms. Count and sizes are checked from the
 * parts' headers before any photo is read.
 */
import {
  checkPhotoSize,
  PHOTO_FIELD,
  PhotoError,
  photoLabel,
  preparePhotos,
  type PreparedPhotos,
} from '../../domain/photos.ts';

/**
 * The parts of `form`'s `field` that are photos (checked or not). A file input
 * left empty counts as no photo: browsers send it as a part with no file name
 * and no bytes, which workerd's parser turns into the empty string
 * (tests/worker/photos.test.ts checks both shapes).
 */
export function photoParts(form: FormData, field = PHOTO_FIELD): (File | string)[] {
  return form.getAll(field).filter((v) => (typeof v === 'string' ? v !== '' : v.name !== '' || v.size > 0));
}

/** The photos of `form`'s `field`, checked and stripped, or every problem at once. */
export function photosFromForm(form: FormData, field = PHOTO_FIELD): Promise<PreparedPhotos> {
  const parts = photoParts(form, field);
  return preparePhotos(parts, async (part, i) => {
    if (typeof part === 'string') throw new PhotoError('type', `${photoLabel(i)}不是图片文件，请重新选择照片`, i);
    const sizeError = checkPhotoSize(part.size, i);
    if (sizeError) throw sizeError;
    return new Uint8Array(await part.arrayBuffer());
  });
}
