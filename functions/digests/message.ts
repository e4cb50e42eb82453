/**
 * The one digest model every channel renders, rebuilt from D1 at each
 * attempt (the digest row holds only case ids and clock facts), and its
 * renderings: robot markdown (WeCom, DingTalk), plain text (email) and JSON
 * (webhook). Citizen text (address, a description excerpt) goes through the
 * forwarding message's quoting and the robots' markdown escaping, so it
 * cannot add links, mentions or lines that pass for ours.
 */
import { CATEGORIES, PLACE_TYPES } from '../../domain/taxonomy.ts';
import { formatTrackingCode } from '../../domain/tracking-code.ts';
import { rosterIndex } from '../../domain/roster/current.ts';
import { unitName } from '../../domain/cases/units.ts';
import { CASE_STATES } from '../../domain/cases/model.ts';
import { CLOCK_LABELS } from '../../domain/cases/clocks.ts';
import {
  DIGEST_KIND_LABELS,
  TODO_SECTION_LABELS,
  isRepeatReport,
  type DigestBody,
  type DigestKind,
  type TodoSection,
} from '../../domain/cases/digest.ts';
import type { Routing } from '../../domain/routing.ts';
import { quotedLine } from '../forwarding/message.ts';
import { escapeRobotMarkdown, utf8Bytes, ROBOT_MARKDOWN_MAX_BYTES } from '../forwarding/markdown.ts';
import { CASE_COLUMNS, CASE_FROM, type CaseRow } from '../staff/cases/record.ts';
import type { DigestItem } from './build.ts';
import { rosterDueReminders, type DueReminder } from '../roster/console/reminders.ts';
import type { AssessmentReminder } from '../../domain/assessment.ts';
import { assessmentRemindersFor } from './reminders.ts';

/** How much of the description a digest line shows. */
const EXCERPT_CHARS = 40;

export interface DigestEntry {
  trackingCode: string;
  section: TodoSection;
  category: string;
  placeType: string;
  place: string;
  state: string;
  lead: string | null;
  clock: { label: string; due: string; overdueWorkingDays: number } | null;
  reports: number;
  repeatReport: boolean;
  urgeCount: number;
  supervised: boolean;
  /** Console page of the case. */
  url: string;
  /** Citizen text, raw: renderers quote and escape it. */
  address: string | null;
  excerpt: string;
}

export interface DigestMessage {
  id: string;
  kind: DigestKind;
  day: string;
  body: DigestBody;
  bodyName: string;
  counts: Record<TodoSection, number>;
  entries: DigestEntry[];
  /** The console queue the body works from. */
  queueUrl: string;
  /** The office's to-do digest only: roster changes to publish today or within five working days. */
  roster: { dueToday: DueReminder[]; dueSoon: DueReminder[]; url: string } | null;
  /** To-do digests of the office and the towns, in a quarter's first month: the assessment's due dates. */
  assessment: AssessmentReminder[];
}

const bodyName = (b: DigestBody) => (b === 'office' ? '区网格办' : (unitName(rosterIndex, b) ?? b));

function placeOf(r: CaseRow): string {
  try {
    const routing = JSON.parse(r.routing) as Routing;
    return routing.village ? `${routing.town.name} ${routing.village.name}` : routing.town.name;
  } catch {
    return r.town_id;
  }
}

/** Loads a digest and builds its message; undefined if there is no such digest. */
export async function loadDigest(db: D1Database, id: string, base: string): Promise<DigestMessage | undefined> {
  const d = await db
    .prepare('SELECT id, kind, day, body, items FROM digests WHERE id = ?1')
    .bind(id)
    .first<{ id: string; kind: DigestKind; day: string; body: DigestBody; items: string }>();
  if (!d) return undefined;
  const items = JSON.parse(d.items) as DigestItem[];
  const { results } = await db
    .prepare(`SELECT ${CASE_COLUMNS} FROM ${CASE_FROM} WHERE c.id IN (SELECT value FROM json_each(?1))`)
    .bind(JSON.stringify(items.map((i) => i.c)))
    .all<CaseRow>();
  const rows = new Map(results.map((r) => [r.id, r]));
  const counts: Record<TodoSection, number> = { overdue: 0, due_today: 0, new: 0 };
  const entries: DigestEntry[] = [];
  for (const i of items) {
    const r = rows.get(i.c);
    if (!r) continue;
    counts[i.s]++;
    const reports = r.merged_count + 1;
    entries.push({
      trackingCode: formatTrackingCode(r.tracking_code),
      section: i.s,
      category: CATEGORIES[r.category] ?? r.category,
      placeType: PLACE_TYPES[r.place_type] ?? r.place_type,
      place: placeOf(r),
      state: CASE_STATES[r.state],
      lead: r.lead ? bodyName(r.lead) : null,
      clock: i.k && i.due ? { label: CLOCK_LABELS[i.k], due: i.due, overdueWorkingDays: i.late } : null,
      reports,
      repeatReport: isRepeatReport(reports, r.state),
      urgeCount: r.urge_count,
      supervised: r.supervised_at !== null,
      url: `${base}/staff/cases/${r.tracking_code}/`,
      address: r.address,
      excerpt: Array.from(r.description).slice(0, EXCERPT_CHARS).join(''),
    });
  }
  const queueUrl = `${base}/staff/${d.kind === 'overdue' ? '?overdue=1' : ''}`;
  const reminders = d.kind === 'todo' && d.body === 'office' ? await rosterDueReminders(db, d.day) : null;
  const roster =
    reminders && reminders.dueToday.length + reminders.dueSoon.length > 0
      ? { ...reminders, url: `${base}/staff/roster/` }
      : null;
  const assessment = d.kind === 'todo' ? assessmentRemindersFor(d.body, d.day) : [];
  return { ...d, bodyName: bodyName(d.body), counts, entries, queueUrl, roster, assessment };
}

/** The counts line, e.g. `已逾期 2 件 · 今日到期 1 件 · 新到待办 3 件`. */
export function countsText(m: DigestMessage): string {
  if (m.kind === 'overdue') return `逾期案件 ${m.counts.overdue} 件，均已记录催办`;
  return (Object.keys(TODO_SECTION_LABELS) as TodoSection[])
    .map((s) => `${TODO_SECTION_LABELS[s]} ${m.counts[s]} 件`)
    .join(' · ');
}

/** The heading every channel uses; no citizen text. */
export function digestTitle(m: DigestMessage): string {
  return `EnvGrid ${DIGEST_KIND_LABELS[m.kind]} · ${m.bodyName} · ${m.day}`;
}

/** The marks of an entry: 反复举报, 督办, 催办 count. */
function flags(e: DigestEntry): string[] {
  const out: string[] = [];
  if (e.repeatReport) out.push(`反复举报（${e.reports} 次）`);
  if (e.supervised) out.push('督办');
  if (e.urgeCount > 0) out.push(`已催办 ${e.urgeCount} 次`);
  return out;
}

/** One entry's lines, with citizen text quoted (and escaped by `esc` for markup channels). */
function entryLines(e: DigestEntry, n: number, esc: (s: string) => string, link: (e: DigestEntry) => string): string[] {
  const f = flags(e);
  const clock = e.clock
    ? `${e.clock.label}：${e.clock.due}${e.clock.overdueWorkingDays > 0 ? `，已逾期 ${e.clock.overdueWorkingDays} 个工作日` : ''}`
    : null;
  return [
    `${n}. ${e.trackingCode} ${e.category} · ${e.placeType} · ${e.place}${f.length ? ` 【${f.join('】【')}】` : ''}`,
    `   状态：${e.state}${e.lead ? `；承办：${e.lead}` : ''}`,
    ...(clock ? [`   时限：${clock}`] : []),
    `   位置：${e.address ? esc(quotedLine(e.address)) : '未填写'}`,
    `   摘要：${esc(quotedLine(e.excerpt))}`,
    `   ${link(e)}`,
  ];
}

function sections(m: DigestMessage): [TodoSection, DigestEntry[]][] {
  return (Object.keys(TODO_SECTION_LABELS) as TodoSection[])
    .map((s): [TodoSection, DigestEntry[]] => [s, m.entries.filter((e) => e.section === s)])
    .filter(([, list]) => list.length > 0);
}

/** The roster reminder lines (staff-written summaries, escaped by `esc` for markup channels). */
function rosterLines(m: DigestMessage, esc: (s: string) => string): string[] {
  if (!m.roster) return [];
  const line = (r: DueReminder, when: string) => `${r.changeId} ${esc(quotedLine(r.summary))}：${when}`;
  return [
    `【名册变更公布时限】${m.roster.dueToday.length + m.roster.dueSoon.length} 项`,
    ...m.roster.dueToday.map((r) => line(r, `今日（${r.due}）为 30 个工作日公布期限的最后一天`)),
    ...m.roster.dueSoon.map((r) => line(r, `应于 ${r.due} 前公布，还有 5 个工作日`)),
  ];
}

const ASSESSMENT_TASKS: Record<AssessmentReminder['task'], (body: DigestBody) => string> = {
  selfAssessment: (body) =>
    body === 'office' ? '各镇（办事处）向区网格办报送季度自评' : '向区网格办报送本镇（办事处）季度自评',
  reportToCity: () => '向市网格办报送季度考核结果',
};

/** The assessment reminder lines (no staff or citizen text in them). */
function assessmentLines(m: DigestMessage): string[] {
  if (m.assessment.length === 0) return [];
  const when = (r: AssessmentReminder) =>
    r.state === 'today'
      ? `今日（${r.due}）截止`
      : r.state === 'ahead'
        ? `应于 ${r.due} 前完成`
        : `期限 ${r.due} 逢休息日已过，请今日完成`;
  return [
    `【季度考核时限】${m.assessment.length} 项`,
    ...m.assessment.map((r) => `${r.quarter} ${ASSESSMENT_TASKS[r.task](m.body)}：${when(r)}`),
  ];
}

/** The plain-text body (email): every entry, with its console link. */
export function digestText(m: DigestMessage): string {
  const lines = [`${m.bodyName}：`, '', `${digestTitle(m)}`, countsText(m), ''];
  let n = 0;
  for (const [s, list] of sections(m)) {
    lines.push(`【${TODO_SECTION_LABELS[s]}】${list.length} 件`);
    for (const e of list)
      lines.push(
        ...entryLines(
          e,
          ++n,
          (x) => x,
          (x) => `办理：${x.url}`,
        ),
        '',
      );
  }
  const roster = rosterLines(m, (x) => x);
  if (roster.length) lines.push(...roster, `名册管理：${m.roster!.url}`, '');
  const assessment = assessmentLines(m);
  if (assessment.length) lines.push(...assessment, '');
  lines.push(`全部待办：${m.queueUrl}`, '', '——', '本邮件由 EnvGrid 网格化环境监督系统自动发送，请勿直接回复。');
  return lines.join('\n');
}

/**
 * Robot markdown no larger than `maxBytes`: entries in order while they fit,
 * then a line saying how many more the console shows.
 */
export function digestMarkdown(m: DigestMessage, lineBreak: string, maxBytes = ROBOT_MARKDOWN_MAX_BYTES): string {
  // Roster deadlines come first: they are few and a missed one is a breach of the plan's 30 days.
  const roster = rosterLines(m, escapeRobotMarkdown);
  const head = [
    `### ${escapeRobotMarkdown(digestTitle(m))}`,
    `**${countsText(m)}**`,
    ...(roster.length ? [...roster, `[打开名册管理](${m.roster!.url})`] : []),
    ...assessmentLines(m),
  ];
  const tail = (left: number) => [...(left > 0 ? [`……另有 ${left} 件未列出`] : []), `[打开待办队列](${m.queueUrl})`];
  const join = (parts: string[]) => parts.join(lineBreak);
  const out = [...head];
  let shown = 0;
  let n = 0;
  for (const [s, list] of sections(m)) {
    const heading = `**${TODO_SECTION_LABELS[s]} ${list.length} 件**`;
    let headed = false;
    for (const e of list) {
      const lines = entryLines(e, ++n, escapeRobotMarkdown, (x) => `[办理](${x.url})`).map((l) => l.trimStart());
      const next = [...out, ...(headed ? [] : [heading]), ...lines];
      if (utf8Bytes(join([...next, ...tail(m.entries.length - shown - 1)])) > maxBytes) {
        return join([...out, ...tail(m.entries.length - shown)]);
      }
      out.splice(0, out.length, ...next);
      headed = true;
      shown++;
    }
  }
  return join([...out, ...tail(0)]);
}

/** The webhook's JSON body: the digest as data (no free citizen text; the office's system has the complaints). */
export function digestJson(m: DigestMessage, idempotencyKey: string): string {
  return JSON.stringify({
    event: `digest.${m.kind}`,
    version: 1,
    idempotencyKey,
    digest: {
      id: m.id,
      kind: m.kind,
      day: m.day,
      body: m.body,
      counts: m.counts,
      queueUrl: m.queueUrl,
      roster: m.roster,
      assessment: m.assessment,
      cases: m.entries.map(({ address: _a, excerpt: _e, ...rest }) => rest),
    },
  });
}
