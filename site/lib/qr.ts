/**
 * QR codes as inline SVG, made at build time (no script, no image request, sharp at any print
 * size). Error correction level M survives a scuffed or sun-faded placard.
 */
import QRCode from 'qrcode';

/** SVG markup of a QR code for `text`, hidden from assistive technology (the caller labels it). */
export async function qrSvg(text: string): Promise<string> {
  const svg = await QRCode.toString(text, { type: 'svg', errorCorrectionLevel: 'M', margin: 2 });
  return svg.replace('<svg ', '<svg aria-hidden="true" focusable="false" ');
}
