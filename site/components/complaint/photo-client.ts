/**
 * Re-encodes the photos chosen on the complaint form in the browser, before
 * they are sent: each is decoded (upright, as the phone meant it), scaled to
 * at most PHOTO_CLIENT_MAX_EDGE pixels on its long edge and written again as
 * a JPEG on a canvas, which carries none of the original's metadata (GPS,
 * time, phone model) and is a fraction of its size on a weak signal.
 *
 * Loaded by form-client.ts with import() only when a photo is chosen, so the
 * form's first load does not carry it. A second layer only: the server checks
 * and strips every photo whatever happens here (docs/photos.md). A file the
 * browser cannot decode (HEIC on most browsers, a PDF) is sent as chosen, so
 * the server's message names it.
 */

/** Long edge of a re-encoded photo: enough to read a sign or see smoke, a fraction of a phone's 4000 px. */
export const PHOTO_CLIENT_MAX_EDGE = 2048;
const QUALITY = 0.85;

/** One photo re-encoded as JPEG, or the file as chosen when the browser cannot decode it. */
async function reencode(file: File): Promise<File> {
  if (!/^image\/(jpeg|png|webp)$/.test(file.type)) return file;
  let bitmap: ImageBitmap;
  try {
    bitmap = await createImageBitmap(file, { imageOrientation: 'from-image' });
  } catch {
    return file;
  }
  const scale = Math.min(1, PHOTO_CLIENT_MAX_EDGE / Math.max(bitmap.width, bitmap.height));
  const canvas = document.createElement('canvas');
  canvas.width = Math.max(1, Math.round(bitmap.width * scale));
  canvas.height = Math.max(1, Math.round(bitmap.height * scale));
  const ctx = canvas.getContext('2d');
  if (!ctx) return file;
  // JPEG has no transparency: a PNG's clear parts become white, not black.
  ctx.fillStyle = '#fff';
  ctx.fillRect(0, 0, canvas.width, canvas.height);
  ctx.drawImage(bitmap, 0, 0, canvas.width, canvas.height);
  bitmap.close();
  const blob = await new Promise<Blob | null>((done) => canvas.toBlob(done, 'image/jpeg', QUALITY));
  if (!blob) return file;
  const name = `${file.name.replace(/\.[^.]*$/, '') || 'photo'}.jpg`;
  return new File([blob], name, { type: 'image/jpeg', lastModified: Date.now() });
}

/** Replaces the input's chosen files with their re-encoded versions, saying so next to the field. */
export async function reencodePhotos(input: HTMLInputElement): Promise<void> {
  const chosen = [...(input.files ?? [])];
  if (!chosen.length) return;
  const status = statusLine(input);
  status.textContent = '正在处理照片（去除拍摄位置等信息并压缩）…';
  const files = await Promise.all(chosen.map(reencode));
  const list = new DataTransfer();
  for (const f of files) list.items.add(f);
  input.files = list.files;
  const kb = Math.round(files.reduce((n, f) => n + f.size, 0) / 1024);
  status.textContent = `已处理 ${files.length} 张照片，共 ${kb} KB`;
}

/** The polite live region under the photo field (made once). */
function statusLine(input: HTMLInputElement): HTMLElement {
  const box = input.parentNode as HTMLElement;
  let line = box.querySelector<HTMLElement>('[data-photo-status]');
  if (!line) {
    line = box.ownerDocument.createElement('p');
    line.className = 'hint';
    line.dataset.photoStatus = '';
    line.setAttribute('aria-live', 'polite');
    box.appendChild(line);
  }
  return line;
}
