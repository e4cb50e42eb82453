/**
 * The diff staff confirm before saving, in words: one line per changed person or field,
 * 「东兴社区 网格监督员：冯秀兰 → 马丽娜，电话 13800000015 → 13800000099」. Used for every edit
 * form and for a whole uploaded workbook, grouped by town and village.
 */
import { FIELD_LABELS } from '../summary.ts';
import type { DiffLine } from './model.ts';

/** Labels of the fields inside a person, a liaison or an enterprise, beyond summary.ts's. */
const ATTR_LABELS: Record<string, string> = {
  name: '名称',
  title: '职务',
  role: '角色',
  phone: '电话',
  email: '邮箱',
  unit: '单位',
  fullTime: '专职/兼职',
  villages: '负责村（居）',
  kind: '类型',
  town: '所属镇（办事处）',
  address: '地址',
  industry: '行业',
  process: '生产流程',
  permit: '排污许可证编号',
  village: '所在村（居）',
  sample: '示例标记',
  updated: '更新日期',
};

const labelOf = (key: string): string => FIELD_LABELS[key] ?? ATTR_LABELS[key] ?? key;

const isObject = (v: unknown): v is Record<string, unknown> => !!v && typeof v === 'object' && !Array.isArray(v);
const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/** A plain value as staff read it. */
function show(v: unknown): string {
  if (v === undefined || v === null || v === '') return '（空）';
  if (v === true) return '是';
  if (v === false) return '否';
  if (Array.isArray(v)) return v.map(show).join('、');
  if (isObject(v)) return typeof v.name === 'string' ? v.name : JSON.stringify(v);
  return String(v);
}

/** How a person (or liaison, or discharge point) reads in a line: 「马丽娜（电话 13800000099，专职）」. */
function describeItem(item: unknown): string {
  if (!isObject(item)) return show(item);
  const parts: string[] = [];
  if (typeof item.phone === 'string') parts.push(`电话 ${item.phone}`);
  if (typeof item.fullTime === 'boolean') parts.push(item.fullTime ? '专职' : '兼职');
  if (Array.isArray(item.villages)) parts.push(`负责 ${show(item.villages)}`);
  const name = typeof item.name === 'string' ? item.name : typeof item.code === 'string' ? item.code : show(item);
  return parts.length ? `${name}（${parts.join('，')}）` : name;
}

/** What changed inside one item: 「冯秀兰 → 马丽娜，电话 13800000015 → 13800000099」. */
function describeReplacement(before: unknown, after: unknown): string {
  if (!isObject(before) || !isObject(after)) return `${show(before)} → ${show(after)}`;
  const parts: string[] = [];
  const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])].filter((k) => !same(before[k], after[k]));
  const head = !same(before.name, after.name) ? `${show(before.name)} → ${show(after.name)}` : show(after.name);
  for (const k of keys) {
    if (k === 'name') continue;
    if (k === 'sample') continue;
    if (k === 'fullTime') parts.push(`${after.fullTime ? '兼职 → 专职' : '专职 → 兼职'}`);
    else parts.push(`${labelOf(k)} ${show(before[k])} → ${show(after[k])}`);
  }
  // Staff confirming a made-up person's data as real is a change the site shows (示例 disappears).
  if (before.sample === true && after.sample !== true) parts.push('不再标为示例');
  return parts.length ? `${head}，${parts.join('，')}` : head;
}

/** Lines for a list: unchanged items matched first, the rest paired as replacements, then added/removed. */
function listLines(label: string, before: unknown[], after: unknown[]): string[] {
  const oldLeft = before.filter((b) => !after.some((a) => same(a, b)));
  const newLeft = after.filter((a) => !before.some((b) => same(a, b)));
  const scalar = [...before, ...after].every((x) => !isObject(x));
  if (scalar) {
    const out: string[] = [];
    if (newLeft.length) out.push(`${label}：新增 ${newLeft.map((x) => `「${show(x)}」`).join('、')}`);
    if (oldLeft.length) out.push(`${label}：删除 ${oldLeft.map((x) => `「${show(x)}」`).join('、')}`);
    return out;
  }
  const out: string[] = [];
  const pairs = Math.min(oldLeft.length, newLeft.length);
  for (let i = 0; i < pairs; i++) out.push(`${label}：${describeReplacement(oldLeft[i], newLeft[i])}`);
  for (const x of newLeft.slice(pairs)) out.push(`${label}：新增 ${describeItem(x)}`);
  for (const x of oldLeft.slice(pairs)) out.push(`${label}：删除 ${describeItem(x)}`);
  return out;
}

/** The lines for one file, before (undefined = new file) and after (undefined = removed). */
export function diffEntity(
  where: { town: string | null; place: string; what?: string },
  before: Record<string, unknown> | undefined,
  after: Record<string, unknown> | undefined,
): DiffLine[] {
  const line = (text: string): DiffLine => ({ town: where.town, place: where.place, text });
  if (!before && after) {
    // A new file: what it is, then its people as additions.
    const lists = Object.entries(after).filter(([, v]) => Array.isArray(v) && v.length > 0);
    return [
      line(`新增${where.what ?? ''}（id：${show(after.id)}）`),
      ...lists.flatMap(([k, v]) => listLines(labelOf(k), [], v as unknown[]).map(line)),
    ];
  }
  if (before && !after) return [line(`删除${where.what ?? ''}：${describeItem(before)}`)];
  if (!before || !after) return [];
  const out: DiffLine[] = [];
  for (const key of [...new Set([...Object.keys(before), ...Object.keys(after)])]) {
    if (key === 'updated' || key === 'plan' || same(before[key], after[key])) continue;
    const b = before[key];
    const a = after[key];
    if (Array.isArray(b) || Array.isArray(a)) {
      for (const t of listLines(labelOf(key), (b as unknown[]) ?? [], (a as unknown[]) ?? [])) out.push(line(t));
    } else if (isObject(b) && isObject(a)) out.push(line(`${labelOf(key)}：${describeReplacement(b, a)}`));
    else if (isObject(a)) out.push(line(`${labelOf(key)}：新增 ${describeItem(a)}`));
    else if (isObject(b)) out.push(line(`${labelOf(key)}：删除 ${describeItem(b)}`));
    else out.push(line(`${labelOf(key)}：${show(b)} → ${show(a)}`));
  }
  return out;
}

/** 「东兴社区 网格监督员：冯秀兰 → 马丽娜，…」: a line as one sentence. */
export function diffText(l: DiffLine): string {
  return `${l.place} ${l.text}`;
}

/** Lines grouped by town, in first-seen order (the confirmation page's sections). */
export function groupByTown(lines: readonly DiffLine[]): { town: string | null; lines: DiffLine[] }[] {
  const groups = new Map<string | null, DiffLine[]>();
  for (const l of lines) groups.set(l.town, [...(groups.get(l.town) ?? []), l]);
  return [...groups].map(([town, ls]) => ({ town, lines: ls }));
}
