/**
 * A small XLSX reader that runs the same in workerd, Node and the browser: the zip container
 * read from its central directory, entries inflated with the platform's
 * `DecompressionStream('deflate-raw')`, then `xl/workbook.xml` (sheet names), its relations
 * (sheet files), `xl/sharedStrings.xml` and each sheet's cells. It reads values only: shared
 * and inline strings, numbers (dates stay serial numbers, as the importer accepts them),
 * booleans, error codes, and a formula's cached value. Hostile files are refused with a
 * message for staff: not a zip, too many entries, too much once inflated (a zip bomb), XML
 * that is not well formed, a sheet that is missing.
 */

/** A cell's value as stored: text, number, boolean, or null for an empty cell. */
export type XlsxValue = string | number | boolean | null;

export interface XlsxSheet {
  name: string;
  /** The last row holding a cell (1-based; 0 for an empty sheet). */
  rowCount: number;
  /** The last column holding a cell (1-based). */
  columnCount: number;
  /** The value at a 1-based row and column (null when empty). */
  cell(row: number, column: number): XlsxValue;
}

export interface XlsxWorkbook {
  /** Sheets in workbook order. */
  sheets: XlsxSheet[];
  sheet(name: string): XlsxSheet | undefined;
}

/** Why a file cannot be read as a workbook; the message is for staff. */
export class XlsxError extends Error {}

export interface XlsxLimits {
  /** Most entries the zip may have (a roster workbook has about 40). */
  maxEntries: number;
  /** Most bytes all the parts read may inflate to, together. */
  maxInflatedBytes: number;
}

export const XLSX_LIMITS: XlsxLimits = { maxEntries: 2000, maxInflatedBytes: 60 * 1024 * 1024 };

const NOT_XLSX = '这不是 .xlsx 工作簿文件；请上传用 Excel 或 WPS 保存的 .xlsx 文件（由“导出名册工作簿”得到的那种）';
const BROKEN = '工作簿文件已损坏，无法读取；请用 Excel 或 WPS 重新保存为 .xlsx 后再上传';

interface ZipEntry {
  name: string;
  method: number;
  compressedSize: number;
  offset: number;
}

/** The zip's central directory: every entry's name, method, size and where its data starts. */
function zipEntries(bytes: Uint8Array, limits: XlsxLimits): Map<string, ZipEntry> {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (bytes.length < 22 || view.getUint32(0, true) !== 0x04034b50) throw new XlsxError(NOT_XLSX);
  // The end-of-central-directory record is in the last 22 + 65535 (comment) bytes.
  let eocd = -1;
  for (let i = bytes.length - 22; i >= Math.max(0, bytes.length - 22 - 0xffff); i--) {
    if (view.getUint32(i, true) === 0x06054b50) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) throw new XlsxError(BROKEN);
  const count = view.getUint16(eocd + 10, true);
  const cdOffset = view.getUint32(eocd + 16, true);
  if (count === 0xffff || cdOffset === 0xffffffff) throw new XlsxError(BROKEN); // ZIP64: never a roster workbook
  if (count > limits.maxEntries)
    throw new XlsxError(`工作簿文件包含 ${count} 个部件，超过上限 ${limits.maxEntries}；这不是名册工作簿`);
  const entries = new Map<string, ZipEntry>();
  const decoder = new TextDecoder();
  let p = cdOffset;
  for (let n = 0; n < count; n++) {
    if (p + 46 > bytes.length || view.getUint32(p, true) !== 0x02014b50) throw new XlsxError(BROKEN);
    const method = view.getUint16(p + 10, true);
    const compressedSize = view.getUint32(p + 20, true);
    const nameLen = view.getUint16(p + 28, true);
    const extraLen = view.getUint16(p + 30, true);
    const commentLen = view.getUint16(p + 32, true);
    const local = view.getUint32(p + 42, true);
    const name = decoder.decode(bytes.subarray(p + 46, p + 46 + nameLen));
    if (local + 30 > bytes.length || view.getUint32(local, true) !== 0x04034b50) throw new XlsxError(BROKEN);
    const offset = local + 30 + view.getUint16(local + 26, true) + view.getUint16(local + 28, true);
    if (offset + compressedSize > bytes.length) throw new XlsxError(BROKEN);
    entries.set(name.replace(/^\//, ''), { name, method, compressedSize, offset });
    p += 46 + nameLen + extraLen + commentLen;
  }
  return entries;
}

/** Reads zip entries as text, counting inflated bytes against one budget shared by all of them. */
class EntryReader {
  private inflated = 0;
  private bytes: Uint8Array;
  private entries: Map<string, ZipEntry>;
  private limits: XlsxLimits;
  constructor(bytes: Uint8Array, entries: Map<string, ZipEntry>, limits: XlsxLimits) {
    this.bytes = bytes;
    this.entries = entries;
    this.limits = limits;
  }

  has(path: string): boolean {
    return this.entries.has(path);
  }

  async text(path: string): Promise<string> {
    const e = this.entries.get(path);
    if (!e) throw new XlsxError(BROKEN);
    const raw = this.bytes.slice(e.offset, e.offset + e.compressedSize);
    if (e.method === 0) return this.decode([this.count(raw)]);
    if (e.method !== 8) throw new XlsxError(BROKEN);
    const stream = new Blob([raw]).stream().pipeThrough(new DecompressionStream('deflate-raw'));
    const reader = stream.getReader();
    const chunks: Uint8Array[] = [];
    try {
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        chunks.push(this.count(value));
      }
    } catch (err) {
      await reader.cancel().catch(() => {});
      if (err instanceof XlsxError) throw err;
      throw new XlsxError(BROKEN);
    }
    return this.decode(chunks);
  }

  private count(chunk: Uint8Array): Uint8Array {
    this.inflated += chunk.length;
    if (this.inflated > this.limits.maxInflatedBytes)
      throw new XlsxError(
        `工作簿解压后超过 ${Math.round(this.limits.maxInflatedBytes / 1024 / 1024)} MB，已停止读取；名册工作簿远小于此，请检查文件`,
      );
    return chunk;
  }

  private decode(chunks: Uint8Array[]): string {
    const all = new Uint8Array(chunks.reduce((n, c) => n + c.length, 0));
    let at = 0;
    for (const c of chunks) {
      all.set(c, at);
      at += c.length;
    }
    try {
      return new TextDecoder('utf-8', { fatal: true }).decode(all);
    } catch {
      throw new XlsxError(BROKEN);
    }
  }
}

const ENTITIES: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

/** XML text with its entities, and OOXML's `_xHHHH_` escapes of control characters, decoded. */
export function xmlText(s: string): string {
  return s
    .replace(/&(#x[0-9a-fA-F]+|#\d+|[a-z]+);/g, (m, e: string) => {
      if (e[0] !== '#') return ENTITIES[e] ?? m;
      const code = e[1] === 'x' ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10);
      return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : '';
    })
    .replace(/_x([0-9a-fA-F]{4})_/g, (_, h: string) => String.fromCharCode(parseInt(h, 16)));
}

/**
 * Throws unless `xml` is well formed as far as a reader of values cares: every tag closed in
 * order, attributes quoted, entities known. Comments, CDATA and processing instructions are
 * skipped.
 */
export function assertWellFormed(xml: string, part: string): void {
  const bad = () => new XlsxError(`${BROKEN}（${part} 不是完整的 XML）`);
  const stack: string[] = [];
  const tag =
    /<(?:!--[\s\S]*?-->|!\[CDATA\[[\s\S]*?\]\]>|\?[\s\S]*?\?>|!DOCTYPE[^>]*>|(\/?)([A-Za-z_][\w:.-]*)((?:\s+[\w:.-]+\s*=\s*(?:"[^"<]*"|'[^'<]*'))*)\s*(\/?)>)/g;
  let last = 0;
  let root = false;
  for (let m = tag.exec(xml); m; m = tag.exec(xml)) {
    const between = xml.slice(last, m.index);
    if (between.includes('<') || /&(?!(#x[0-9a-fA-F]+|#\d+|lt|gt|amp|quot|apos);)/.test(between)) throw bad();
    last = tag.lastIndex;
    const name = m[2];
    if (!name) continue;
    if (m[1]) {
      if (stack.pop() !== name) throw bad();
    } else if (!m[4]) {
      if (stack.length === 0 && root) throw bad();
      stack.push(name);
      root = true;
    } else if (stack.length === 0) root = true;
  }
  if (xml.slice(last).includes('<') || stack.length > 0 || !root) throw bad();
}

/** Attributes of a start tag's attribute text. */
function attrs(s: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const m of s.matchAll(/([\w:.-]+)\s*=\s*(?:"([^"]*)"|'([^']*)')/g)) out[m[1]!] = xmlText(m[2] ?? m[3] ?? '');
  return out;
}

/** The text of a string item (`<si>`, `<is>`): its `<t>` runs joined, phonetic guides left out. */
function runsText(xml: string): string {
  const body = xml.replace(/<rPh\b[\s\S]*?<\/rPh>/g, '');
  let out = '';
  for (const m of body.matchAll(/<t\b[^>]*?(?:\/>|>([\s\S]*?)<\/t>)/g)) out += xmlText(m[1] ?? '');
  return out;
}

/** A cell reference's column (A → 1, AA → 27) and row. */
function cellRef(ref: string): { row: number; column: number } | undefined {
  const m = /^([A-Z]{1,3})(\d{1,7})$/.exec(ref);
  if (!m) return undefined;
  let column = 0;
  for (const ch of m[1]!) column = column * 26 + (ch.charCodeAt(0) - 64);
  return { row: Number(m[2]), column };
}

function parseSheet(name: string, xml: string, shared: string[]): XlsxSheet {
  const rows = new Map<number, Map<number, XlsxValue>>();
  let rowCount = 0;
  let columnCount = 0;
  let row = 0;
  let column = 0;
  const token = /<row\b([^>]*?)(\/?)>|<c\b([^>]*?)(?:\/>|>([\s\S]*?)<\/c>)/g;
  for (const m of xml.matchAll(token)) {
    if (m[1] !== undefined) {
      const r = Number(attrs(m[1]).r);
      row = Number.isInteger(r) && r > 0 ? r : row + 1;
      column = 0;
      continue;
    }
    const a = attrs(m[3] ?? '');
    const at = a.r ? cellRef(a.r) : undefined;
    if (at) row = at.row;
    column = at ? at.column : column + 1;
    const inner = m[4] ?? '';
    const v = /<v\b[^>]*>([\s\S]*?)<\/v>/.exec(inner)?.[1];
    let value: XlsxValue = null;
    switch (a.t) {
      case 's': {
        const i = Number(v);
        value = Number.isInteger(i) ? (shared[i] ?? null) : null;
        break;
      }
      case 'inlineStr':
        value = runsText(/<is\b[^>]*>([\s\S]*?)<\/is>/.exec(inner)?.[1] ?? '');
        break;
      case 'b':
        value = v === undefined ? null : v.trim() === '1';
        break;
      case 'str':
      case 'e':
      case 'd':
        value = v === undefined ? null : xmlText(v);
        break;
      default: {
        const n = v === undefined ? NaN : Number(v);
        value = Number.isFinite(n) ? n : null;
      }
    }
    if (value === null || value === '') continue;
    if (row > 1_048_576 || column > 16_384) throw new XlsxError(`${BROKEN}（工作表「${name}」的单元格位置无效）`);
    let cells = rows.get(row);
    if (!cells) rows.set(row, (cells = new Map()));
    cells.set(column, value);
    rowCount = Math.max(rowCount, row);
    columnCount = Math.max(columnCount, column);
  }
  return { name, rowCount, columnCount, cell: (r, c) => rows.get(r)?.get(c) ?? null };
}

/** `base` joined with a relation's target (`worksheets/sheet1.xml`, or absolute `/xl/…`). */
function resolvePart(base: string, target: string): string {
  if (target.startsWith('/')) return target.slice(1);
  const parts = base.split('/').slice(0, -1);
  for (const seg of target.split('/')) {
    if (seg === '..') parts.pop();
    else if (seg !== '.') parts.push(seg);
  }
  return parts.join('/');
}

/** Reads an .xlsx file's sheets and cell values; throws XlsxError with a message for staff. */
export async function readXlsx(bytes: Uint8Array, limits: XlsxLimits = XLSX_LIMITS): Promise<XlsxWorkbook> {
  const zip = new EntryReader(bytes, zipEntries(bytes, limits), limits);
  const WORKBOOK = 'xl/workbook.xml';
  if (!zip.has(WORKBOOK)) throw new XlsxError(NOT_XLSX);
  const part = async (path: string) => {
    const xml = await zip.text(path);
    assertWellFormed(xml, path);
    return xml;
  };
  const workbookXml = await part(WORKBOOK);
  const rels = new Map<string, string>();
  const relsPath = 'xl/_rels/workbook.xml.rels';
  if (zip.has(relsPath)) {
    for (const m of (await part(relsPath)).matchAll(/<Relationship\b([^>]*?)\/?>/g)) {
      const a = attrs(m[1]!);
      if (a.Id && a.Target) rels.set(a.Id, resolvePart(WORKBOOK, a.Target));
    }
  }
  const shared: string[] = [];
  const sharedPath = 'xl/sharedStrings.xml';
  if (zip.has(sharedPath)) {
    for (const m of (await part(sharedPath)).matchAll(/<si\b[^>]*?(?:\/>|>([\s\S]*?)<\/si>)/g)) {
      shared.push(runsText(m[1] ?? ''));
    }
  }
  const sheets: XlsxSheet[] = [];
  for (const m of workbookXml.matchAll(/<sheet\b([^>]*?)\/?>/g)) {
    const a = attrs(m[1]!);
    const rid = a['r:id'] ?? Object.entries(a).find(([k]) => k.endsWith(':id'))?.[1];
    const path = rid ? rels.get(rid) : undefined;
    if (!a.name || !path || !zip.has(path)) throw new XlsxError(`${BROKEN}（找不到工作表「${a.name ?? ''}」的内容）`);
    sheets.push(parseSheet(a.name, await part(path), shared));
  }
  return { sheets, sheet: (name) => sheets.find((s) => s.name === name) };
}
