/**
 * Print checks with poppler-utils: page count and size of a PDF (pdfinfo) and its text
 * (pdftotext); QR decoding of a rendered page (pdftoppm) or a screenshot, with jsQR.
 */
import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { promisify } from 'node:util';
import jsQR from 'jsqr';
import { PNG } from 'pngjs';

const run = promisify(execFile);

/** Page count and first page size in points, from pdfinfo. */
export async function pdfInfo(file: string): Promise<{ pages: number; width: number; height: number }> {
  const { stdout } = await run('pdfinfo', [file]);
  const pages = Number(/^Pages:\s+(\d+)/m.exec(stdout)?.[1]);
  const size = /^Page size:\s+([\d.]+) x ([\d.]+) pts/m.exec(stdout);
  return { pages, width: Number(size?.[1]), height: Number(size?.[2]) };
}

export async function pdfText(file: string): Promise<string> {
  return (await run('pdftotext', ['-layout', file, '-'])).stdout;
}

/** The text of the one QR code in a PNG image (an element screenshot), or undefined. */
export function decodeQr(png: Buffer): string | undefined {
  const img = PNG.sync.read(png);
  return jsQR(new Uint8ClampedArray(img.data), img.width, img.height)?.data;
}

/** The QR code on the first page of a PDF with a single code, rendered by pdftoppm at `dpi`. */
export async function pdfQrCode(file: string, dpi = 120): Promise<string | undefined> {
  const base = `${file}.page`;
  await run('pdftoppm', ['-r', String(dpi), '-png', '-singlefile', '-f', '1', '-l', '1', file, base]);
  return decodeQr(await readFile(`${base}.png`));
}
