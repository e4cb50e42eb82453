/**
 * Photo rules for complaints, patrols and case actions: which files are
 * accepted (by their content, never by name or declared type), how large and
 * how many, the messages a citizen or staff member sees, and the metadata
 * stripping (photo-formats/) that runs before anything is stored.
 * Pure functions: the same in the Worker, Node and the browser.
 */
import { MalformedImage, ascii as text, u32be, type Stripped } from './photo-formats/bytes.ts';
import { stripJpeg } from './photo-formats/jpeg.ts';
import { stripPng, PNG_SIGNATURE } from './photo-formats/png.ts';
import { stripWebp } from './photo-formats/webp.ts';

/** Largest accepted photo, in bytes (10 MB: a full-resolution phone JPEG is 2–6 MB). */
export const PHOTO_MAX_BYTES = 10 * 1024 * 1024;
/** Most photos on one complaint, patrol or case action. */
export const PHOTO_MAX_COUNT = 3;
/**
 * The largest multipart body that carries photos: three photos at the limit
 * and the fields (the complaint form, patrols, case actions). Every other
 * body keeps its own small limit.
 */
export const PHOTO_FORM_MAX_BYTES = PHOTO_MAX_COUNT * PHOTO_MAX_BYTES + 64 * 1024;
/** The form and multipart field that carries photos. */
export const PHOTO_FIELD = 'photos';

/** The content types stored and served. */
export const PHOTO_TYPES = ['image/jpeg', 'image/png', 'image/webp'] as const;
export type PhotoType = (typeof PHOTO_TYPES)[number];

/** File extension per type (for a download's file name). */
export const PHOTO_EXTENSIONS: Record<PhotoType, string> = {
  'image/jpeg': 'jpg',
  'image/png': 'png',
  'image/webp': 'webp',
};

/** What the first bytes say a file is. */
export type Sniffed = PhotoType | 'heic' | 'unknown';

/** ISO-BMFF brands of HEIF stills as phones write them (AVIF is not among them: it gets the general message). */
const HEIF_BRANDS = new Set(['heic', 'heix', 'heim', 'heis', 'hevc', 'hevx', 'mif1', 'msf1']);

/** The kind of file, judged by its magic bytes alone. */
export function sniffPhoto(b: Uint8Array): Sniffed {
  if (b.length >= 3 && b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff) return 'image/jpeg';
  if (b.length >= 8 && PNG_SIGNATURE.every((v, i) => b[i] === v)) return 'image/png';
  if (b.length >= 12 && text(b, 0, 4) === 'RIFF' && text(b, 8, 4) === 'WEBP') return 'image/webp';
  if (b.length >= 12 && text(b, 4, 4) === 'ftyp') {
    // ftyp box: size, "ftyp", major brand, minor version, compatible brands.
    const boxEnd = Math.min(b.length, u32be(b, 0));
    const brands = [text(b, 8, 4)];
    for (let at = 16; at + 4 <= boxEnd; at += 4) brands.push(text(b, at, 4));
    if (!brands.includes('avif') && brands.some((x) => HEIF_BRANDS.has(x))) return 'heic';
  }
  return 'unknown';
}

/** Why a photo was refused; `status` is the HTTP status an API answers with. */
export type PhotoProblem = 'empty' | 'too_large' | 'type' | 'heic' | 'malformed' | 'too_many';

const STATUS: Record<PhotoProblem, 400 | 413 | 415> = {
  empty: 400,
  too_large: 413,
  type: 415,
  heic: 415,
  malformed: 400,
  too_many: 400,
};

/** A refused photo, with a Chinese message that names it ("第 2 张照片…") and says what to do. */
export class PhotoError extends Error {
  override name = 'PhotoError';
  readonly field = PHOTO_FIELD;
  readonly status: 400 | 413 | 415;
  readonly problem: PhotoProblem;
  /** Zero-based position of the photo; undefined for a problem with the whole set. */
  readonly index: number | undefined;
  constructor(problem: PhotoProblem, message: string, index?: number) {
    super(message);
    this.problem = problem;
    this.index = index;
    this.status = STATUS[problem];
  }
}

/** How messages name the photo at zero-based `index`. */
export function photoLabel(index: number): string {
  return `第 ${index + 1} 张照片`;
}

function megabytes(bytes: number): string {
  return (bytes / 1024 / 1024).toFixed(1);
}

/** Refuses a set of more than PHOTO_MAX_COUNT photos. */
export function checkPhotoCount(count: number): PhotoError | undefined {
  if (count <= PHOTO_MAX_COUNT) return undefined;
  return new PhotoError(
    'too_many',
    `最多可以附 ${PHOTO_MAX_COUNT} 张照片，这次选了 ${count} 张，请去掉 ${count - PHOTO_MAX_COUNT} 张`,
  );
}

/** Refuses an empty or too large photo by its size alone (before reading it, when the size is known). */
export function checkPhotoSize(size: number, index: number): PhotoError | undefined {
  if (size === 0) return new PhotoError('empty', `${photoLabel(index)}是空文件，请重新选择这张照片`, index);
  if (size <= PHOTO_MAX_BYTES) return undefined;
  return new PhotoError(
    'too_large',
    `${photoLabel(index)}有 ${megabytes(size)} MB，超过 ${PHOTO_MAX_BYTES / 1024 / 1024} MB 的上限，请压缩或换一张`,
    index,
  );
}

/** Who a photo belongs to: a citizen's complaint, a supervisor's patrol, or a staff action on a case. */
export const PHOTO_OWNER_KINDS = ['complaint', 'patrol', 'case_action'] as const;
export type PhotoOwnerKind = (typeof PHOTO_OWNER_KINDS)[number];

declare const prepared: unique symbol;

/**
 * A photo ready to store: its content type, the bytes with metadata removed,
 * and what was removed. Only preparePhoto makes one (the brand), so storage
 * cannot be handed bytes that skipped the checks and the stripping.
 */
export interface PreparedPhoto {
  readonly [prepared]: true;
  type: PhotoType;
  bytes: Uint8Array<ArrayBuffer>;
  removed: string[];
}

const STRIP: Record<PhotoType, (b: Uint8Array) => Stripped> = {
  'image/jpeg': stripJpeg,
  'image/png': stripPng,
  'image/webp': stripWebp,
};

const FORMAT_NAMES: Record<PhotoType, string> = { 'image/jpeg': 'JPEG', 'image/png': 'PNG', 'image/webp': 'WebP' };

/**
 * Checks one photo (size, type by content, structure) and strips its
 * metadata. Throws PhotoError; a file that cannot be parsed is refused, never
 * passed through as it came.
 */
export function preparePhoto(bytes: Uint8Array, index: number): PreparedPhoto {
  const sizeError = checkPhotoSize(bytes.length, index);
  if (sizeError) throw sizeError;
  const type = sniffPhoto(bytes);
  const label = photoLabel(index);
  if (type === 'heic') {
    throw new PhotoError(
      'heic',
      `${label}是 HEIC 格式，请改用 JPEG：从手机相册重新选择这张照片上传（手机一般会自动转成 JPEG），或在相机设置里选择“兼容性最佳”`,
      index,
    );
  }
  if (type === 'unknown') {
    throw new PhotoError('type', `${label}不是 JPEG/PNG/WebP 图片，请选择手机拍摄的照片`, index);
  }
  try {
    const { bytes: stripped, removed } = STRIP[type](bytes);
    return { type, bytes: stripped, removed } as Omit<PreparedPhoto, typeof prepared> as PreparedPhoto;
  } catch (e) {
    if (!(e instanceof MalformedImage)) throw e;
    throw new PhotoError('malformed', `${label}的 ${FORMAT_NAMES[type]} 数据不完整或已损坏，请重新拍摄或换一张`, index);
  }
}

/** The outcome of checking a set of photos: every photo ready, or every problem at once. */
export type PreparedPhotos = { ok: true; photos: PreparedPhoto[] } | { ok: false; errors: PhotoError[] };

/**
 * Checks the count, then each photo, collecting every problem (a form shows
 * them all at once). `read` gives an item's bytes; it may throw a PhotoError
 * itself (e.g. a size known before reading) to refuse the item unread.
 */
export async function preparePhotos<T>(
  items: readonly T[],
  read: (item: T, index: number) => Uint8Array | Promise<Uint8Array>,
): Promise<PreparedPhotos> {
  const tooMany = checkPhotoCount(items.length);
  if (tooMany) return { ok: false, errors: [tooMany] };
  const photos: PreparedPhoto[] = [];
  const errors: PhotoError[] = [];
  for (const [i, item] of items.entries()) {
    try {
      photos.push(preparePhoto(await read(item, i), i));
    } catch (e) {
      if (!(e instanceof PhotoError)) throw e;
      errors.push(e);
    }
  }
  return errors.length ? { ok: false, errors } : { ok: true, photos };
}

/** The one HTTP status for a set of problems: 413 if any photo is too large, else 415 for a wrong type, else 400. */
export function photoErrorsStatus(errors: readonly PhotoError[]): 400 | 413 | 415 {
  if (errors.some((e) => e.status === 413)) return 413;
  if (errors.some((e) => e.status === 415)) return 415;
  return 400;
}
