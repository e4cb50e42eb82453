/**
 * Keeps a printable notice on one sheet whatever the roster holds: the page estimates how
 * tall its content is at the design font size and, if that is taller than the sheet,
 * prints it at a proportionally smaller size. Estimates are linear in table rows and text
 * lines, measured in Chromium on the sample content (see docs/roster-tools.md);
 * the end-to-end tests check every real notice for clipping.
 */

export interface FitInput {
  /** Design font size in points. */
  basePt: number;
  /** Estimated content height at the design size, in CSS px. */
  estimatePx: number;
  /** Height of the sheet, in CSS px. */
  sheetPx: number;
  /** Part of the estimate that does not scale with the font (QR codes), in CSS px. */
  fixedPx: number;
  /** Never print smaller than this. */
  minPt: number;
}

/** The font size (pt) at which the content fits the sheet, with 3 % to spare. */
export function fitFontPt({ basePt, estimatePx, sheetPx, fixedPx, minPt }: FitInput): number {
  const room = sheetPx * 0.97;
  if (estimatePx <= room) return basePt;
  const scale = (room - fixedPx) / (estimatePx - fixedPx);
  return Math.max(minPt, Math.floor(basePt * scale * 10) / 10);
}

/** CSS px per mm (96 px per inch). */
export const PX_PER_MM = 96 / 25.4;

/** Lines a text of `chars` CJK characters takes in a column `widthMm` wide at `pt` points. */
export function textLines(chars: number, widthMm: number, pt: number): number {
  const perLine = Math.max(1, Math.floor(widthMm / ((pt * 25.4) / 72)));
  return Math.max(1, Math.ceil(chars / perLine));
}

/** Paper sizes (mm), the @page margin and the slack kept free so nothing spills over. */
export const PAPER = { A3: { width: 297, height: 420 }, A4: { width: 210, height: 297 } } as const;
export const MARGIN_MM = 12;
const SLACK_MM = 4;

/** Printable width and height of the sheet on `paper`, in mm. */
export function sheetMm(paper: keyof typeof PAPER): { width: number; height: number } {
  return { width: PAPER[paper].width - 2 * MARGIN_MM, height: PAPER[paper].height - 2 * MARGIN_MM - SLACK_MM };
}
