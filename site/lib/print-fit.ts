/**
 * Keeps a printable notice on one sheet whatever the roster holds: the page estimates how
 * tall its content is at the design font size and, if that is taller than the sheet,
 * prints it at a proportionally smaller size. Estimates are linear in table rows and text
 * lines, measured in Chromium on the sample content (see docs/roster-tools.md);
 * the end-to-end tests check every real notice for clipping.
 */

/** Never print smaller than this (pt): still readable on a bulletin board or a gate. */
export const MIN_PRINT_PT = 8;
/** Share of the sheet an estimate may fill: the rest absorbs estimate error. */
const FILL = 0.97;

/**
 * The height model of one printable, measured in Chromium on the sample content at the design
 * size: a base height for the sample's rows and lines, plus so much per extra row or line.
 */
export interface Estimate {
  /** Design font size in points. */
  basePt: number;
  /** Height of the sample printable at the design size, in CSS px. */
  basePx: number;
  /** Table rows (people, discharge points…) the sample has. */
  baseRows: number;
  /** Height of one more table row. */
  rowPx: number;
  /** Height of one more line of running text. */
  linePx: number;
  /** Height of the 示例 banner, shown only for sample data. */
  samplePx: number;
}

/** The village notice (A4). */
export const NOTICE_ESTIMATE = {
  basePt: 11.5,
  basePx: 877,
  baseRows: 7,
  rowPx: 29,
  linePx: 20,
  samplePx: 40,
} as const satisfies Estimate;

/** The enterprise gate placard (A3); its title is larger and wraps on its own. */
export const PLACARD_ESTIMATE = {
  basePt: 13,
  basePx: 1374,
  baseRows: 14,
  rowPx: 33,
  linePx: 25,
  samplePx: 46,
  titleLinePx: 42,
} as const satisfies Estimate & { titleLinePx: number };

/** Printed width of a QR code per paper, in mm (printable.css uses the same): it does not scale. */
export const QR_MM = { A3: 45, A4: 38 } as const;

/** The font size (pt) at which content estimated at `estimatePx` (design size) fits one sheet of `paper`. */
export function fitFontPt(basePt: number, estimatePx: number, paper: keyof typeof PAPER): number {
  const room = sheetMm(paper).height * PX_PER_MM * FILL;
  if (estimatePx <= room) return basePt;
  const fixedPx = QR_MM[paper] * PX_PER_MM;
  const scale = (room - fixedPx) / (estimatePx - fixedPx);
  return Math.max(MIN_PRINT_PT, Math.floor(basePt * scale * 10) / 10);
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
