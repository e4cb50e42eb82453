/**
 * Reminders and escalation on the real Worker with a real D1 and the real
 * migrations: the Worker's scheduled handler fired at fixed clocks — a
 * weekday, the make-up working Saturday 2026-10-10, a National Day holiday,
 * a Sunday — with digests received by robot and webhook stand-ins on
 * 127.0.0.1 and email through the real local send_email binding. Counts the
 * messages, checks a WeCom-shaped and an email digest's content (counts,
 * codes, console links), hostile citizen text rendered inert, and the 催办
 * and 督办 steps in the case ledger.
 */
import { createExecutionContext, createScheduledController, waitOnExecutionContext } from 'cloudflare:test';
import { env } from 'cloudflare:workers';
import { beforeAll, describe, expect, it } from 'vitest';
import { createWorker } from '../../../functions/handler.ts';
import { takeAction, type Caller } from '../../../functions/staff/cases/act.ts';
import { loadDigest, digestText, digestTitle } from '../../../functions/digests/message.ts';
import { buildMimeText } from '../../../functions/forwarding/channels/email-mime.ts';
import type { ComplaintRow } from '../../../functions/forwarding/message.ts';
import { formatTrackingCode } from '../../../domain/tracking-code.ts';
import { complaintStatements, sampleComplaint } from '../../support/complaints.ts';
import { newReceiver, type Receiver } from './receiver-client.ts';
import { SECRET, configured, signatureValid } from './helpers.ts';

const BASE = 'https://envgrid.example.cn';
const OK = { answers: [{ status: 200, body: '{"errcode":0,"errmsg":"ok"}' }] };
const HOSTILE_ADDRESS = '[点我领奖](http://evil.example/x) <@all> <font color="warning">紧急</font>';
const HOSTILE_DESCRIPTION = '# 假标题\n- 列表\n[链接](javascript:alert(1)) 联系 a@evil.example 或 https://evil.example';

const office: Caller = { email: 'office.digests@example.org', name: '示例·区网格办', role: 'office', scope: null };
const cutoff = '17:30';

/** Beijing wall-clock time as a Date. */
const bj = (date: string, time: string) => new Date(`${date}T${time}:00+08:00`);

let robots: { office: Receiver; town: Receiver; sthj: Receiver };
let e: Env;

/** Fires the Worker's own scheduled handler at `at`, as the cron would. */
async function fire(at: Date): Promise<void> {
  const worker = createWorker(() => new Response('no pages here', { status: 404 }));
  const ctx = createExecutionContext();
  worker.scheduled(createScheduledController({ scheduledTime: at, cron: '* * * * *' }), e, ctx);
  await waitOnExecutionContext(ctx);
}

/** Messages each body has received so far (email: delivered rows of the office's email channel). */
async function counts() {
  const email = await env.DB.prepare(
    `SELECT COUNT(*) AS n FROM digest_deliveries WHERE channel = 'email' AND status = 'delivered'`,
  ).first<{ n: number }>();
  return {
    office: (await robots.office.requests()).length,
    officeEmail: email!.n,
    town: (await robots.town.requests()).length,
    sthj: (await robots.sthj.requests()).length,
  };
}

async function store(over: Partial<ComplaintRow>): Promise<ComplaintRow> {
  const c = sampleComplaint(over);
  await env.DB.batch(complaintStatements(env.DB, c));
  return c;
}

async function acted(c: ComplaintRow, body: Record<string, unknown>, at: Date, who: Caller = office) {
  const r = await takeAction(env.DB, who, c.tracking_code, body, at, cutoff);
  if (!r.ok) throw new Error(`${String(body.action)}: ${JSON.stringify(r)}`);
}

async function ledger(c: ComplaintRow) {
  const { results } = await env.DB.prepare(
    'SELECT action, actor_role, internal_note, public_note FROM case_actions WHERE complaint_id = ?1 ORDER BY seq',
  )
    .bind(c.id)
    .all<{ action: string; actor_role: string; internal_note: string | null; public_note: string | null }>();
  return results;
}

const cases: Record<string, ComplaintRow> = {};

beforeAll(async () => {
  robots = { office: await newReceiver(), town: await newReceiver(), sthj: await newReceiver() };
  await robots.office.script(OK);
  await robots.town.script(OK);
  e = configured({
    PUBLIC_BASE_URL: BASE,
    FORWARD_EMAIL_FROM: 'envgrid@example.gov.cn',
    DIGEST_CHANNELS: JSON.stringify({
      office: { wecom: `${robots.office.url}/cgi-bin/webhook/send?key=office`, email: 'wgb@example.gov.cn' },
      'town:laozhuangzi': { wecom: `${robots.town.url}/cgi-bin/webhook/send?key=town` },
      'department:sthj': { webhook: { url: `${robots.sthj.url}/digest`, secret: SECRET } },
    }),
  });
  // Before National Day: one case waiting for assignment (hostile text), one assigned to the town and
  // never accepted, one accepted by the department whose daily report is due.
  cases.waiting = await store({
    received_at: bj('2026-09-29', '09:00').toISOString(),
    address: HOSTILE_ADDRESS,
    description: HOSTILE_DESCRIPTION,
  });
  cases.unaccepted = await store({ received_at: bj('2026-09-29', '09:10').toISOString() });
  await acted(
    cases.unaccepted,
    { action: 'assign', lead: 'town:laozhuangzi', rectifyBy: '2026-10-30' },
    bj('2026-09-29', '10:00'),
  );
  cases.handled = await store({
    received_at: bj('2026-10-09', '08:00').toISOString(),
    category: 'noise',
    place_type: 'factory',
  });
  await acted(
    cases.handled,
    { action: 'assign', lead: 'department:sthj', rectifyBy: '2026-10-30' },
    bj('2026-10-09', '08:10'),
  );
  await acted(cases.handled, { action: 'accept' }, bj('2026-10-09', '08:20'), {
    email: 'sthj.digests@example.org',
    name: '示例·生态环境分局',
    role: 'department',
    scope: 'sthj',
  });
});

describe('no digest on a non-working day', () => {
  it('sends nothing at 08:30 or 16:30 on a National Day holiday (2026-10-05)', async () => {
    await fire(bj('2026-10-05', '08:30'));
    await fire(bj('2026-10-05', '16:30'));
    expect(await counts()).toEqual({ office: 0, officeEmail: 0, town: 0, sthj: 0 });
    const runs = await env.DB.prepare('SELECT COUNT(*) AS n FROM digest_runs').first<{ n: number }>();
    expect(runs!.n).toBe(0);
  });
});

describe('a weekday: Friday 2026-10-09', () => {
  it('sends nothing before 08:30', async () => {
    await fire(bj('2026-10-09', '08:29'));
    expect(await counts()).toEqual({ office: 0, officeEmail: 0, town: 0, sthj: 0 });
  });

  it('at 08:30 sends each body one to-do digest on its own channels, and never a second one that day', async () => {
    await fire(bj('2026-10-09', '08:30'));
    expect(await counts()).toEqual({ office: 1, officeEmail: 1, town: 1, sthj: 1 });
    // Later minutes, a repeated firing of the same minute, and two overlapping runs add nothing.
    await fire(bj('2026-10-09', '08:31'));
    await fire(bj('2026-10-09', '08:30'));
    await fire(bj('2026-10-09', '11:00'));
    expect(await counts()).toEqual({ office: 1, officeEmail: 1, town: 1, sthj: 1 });
  });

  it('the WeCom digest lists counts, codes and console links, with hostile citizen text inert', async () => {
    const [req] = await robots.office.requests();
    const body = JSON.parse(req!.body) as { msgtype: string; markdown: { content: string } };
    expect(body.msgtype).toBe('markdown');
    const md = body.markdown.content;
    expect(md).toContain('### EnvGrid 每日待办 · 区网格办 · 2026-10-09');
    expect(md).toContain('已逾期 1 件 · 今日到期 0 件 · 新到待办 0 件');
    const code = formatTrackingCode(cases.waiting!.tracking_code);
    expect(md).toContain(code);
    expect(md).toContain(`[办理](${BASE}/staff/cases/${cases.waiting!.tracking_code}/)`);
    expect(md).toContain('交办（当日）：2026-09-29，已逾期 3 个工作日');
    // Only our own links: every markdown link points at the console.
    const links = [...md.matchAll(/\]\(([^)]*)\)/g)].map((m) => m[1]);
    expect(links.length).toBe(2);
    for (const l of links) expect(l!.startsWith(`${BASE}/staff/`)).toBe(true);
    for (const bad of ['<@all>', '<font', '](http://evil', 'http://evil', '](javascript', '\n# ', '\n- ', 'a@evil']) {
      expect(md).not.toContain(bad);
    }
    expect(md).toContain('「［点我领奖］（http：//evil．example/x） ＜＠all＞');
    // The town's digest has the unaccepted case, overdue since 09-29 (acceptance due the day of assignment).
    const town = JSON.parse((await robots.town.requests())[0]!.body) as { markdown: { content: string } };
    expect(town.markdown.content).toContain('EnvGrid 每日待办 · 老庄子镇 · 2026-10-09');
    expect(town.markdown.content).toContain(formatTrackingCode(cases.unaccepted!.tracking_code));
    expect(town.markdown.content).not.toContain(code);
  });

  it('the department’s webhook digest is signed and carries the case as data', async () => {
    const [req] = await robots.sthj.requests();
    expect(await signatureValid(req!)).toBe(true);
    const json = JSON.parse(req!.body) as {
      event: string;
      digest: { counts: Record<string, number>; cases: { trackingCode: string; url: string; section: string }[] };
    };
    expect(json.event).toBe('digest.todo');
    expect(json.digest.counts).toEqual({ overdue: 0, due_today: 1, new: 0 });
    expect(json.digest.cases).toEqual([
      expect.objectContaining({
        trackingCode: formatTrackingCode(cases.handled!.tracking_code),
        section: 'due_today',
        url: `${BASE}/staff/cases/${cases.handled!.tracking_code}/`,
      }),
    ]);
  });

  it('the email digest lists counts, codes and console links, with hostile citizen text inert', async () => {
    const m = await loadDigest(env.DB, 'todo:2026-10-09:office', BASE);
    const text = digestText(m!);
    expect(text).toContain('已逾期 1 件 · 今日到期 0 件 · 新到待办 0 件');
    expect(text).toContain(formatTrackingCode(cases.waiting!.tracking_code));
    expect(text).toContain(`办理：${BASE}/staff/cases/${cases.waiting!.tracking_code}/`);
    expect(text).toContain(`全部待办：${BASE}/staff/`);
    expect(text).not.toMatch(/https?:\/\/evil|a@evil|javascript:/);
    // Citizen text only inside its quotes, on one line: it cannot pass for a line of ours.
    const line = text.split('\n').find((l) => l.includes('位置：'))!;
    expect(line).toMatch(/^ {3}位置：「.*」$/);
    const mime = buildMimeText(
      { senderName: 'EnvGrid 环境监督提醒', subject: digestTitle(m!), text },
      { from: 'envgrid@example.gov.cn', to: 'wgb@example.gov.cn', idempotencyKey: 'k', date: new Date() },
    );
    expect(mime.split('\r\n\r\n')[0]).not.toMatch(/evil|＠/);
  });

  it('at 16:30 sends the office the overdue digest and records a 催办 on each overdue case', async () => {
    // Two overlapping runs of the same minute: one writes, the other's batch rolls back whole.
    await Promise.all([fire(bj('2026-10-09', '16:30')), fire(bj('2026-10-09', '16:30'))]);
    await fire(bj('2026-10-09', '16:31'));
    expect(await counts()).toEqual({ office: 2, officeEmail: 2, town: 1, sthj: 1 });
    const md = (JSON.parse((await robots.office.requests())[1]!.body) as { markdown: { content: string } }).markdown
      .content;
    expect(md).toContain('EnvGrid 逾期督促 · 区网格办 · 2026-10-09');
    expect(md).toContain('逾期案件 2 件，均已记录催办');
    expect(md).toContain(formatTrackingCode(cases.unaccepted!.tracking_code));
    expect(md).toContain('已催办 1 次');
    expect((await ledger(cases.unaccepted!)).map((a) => a.action)).toEqual(['assign', 'urge']);
    const urge = (await ledger(cases.waiting!))[0]!;
    expect(urge).toMatchObject({ action: 'urge', actor_role: 'system', public_note: null });
    expect(urge.internal_note).toContain('逾期催办（第 1 次）');
    // The report was due today and is not late until the day ends: no 催办 for the department's case.
    expect((await ledger(cases.handled!)).map((a) => a.action)).toEqual(['assign', 'accept']);
  });
});

describe('the make-up working Saturday 2026-10-10, then a Sunday', () => {
  it('sends the to-do digests on the make-up Saturday', async () => {
    await Promise.all([fire(bj('2026-10-10', '08:30')), fire(bj('2026-10-10', '08:30'))]);
    // The department's report due on 10-09 is now overdue and in its digest.
    expect(await counts()).toEqual({ office: 3, officeEmail: 3, town: 2, sthj: 2 });
    const json = JSON.parse((await robots.sthj.requests())[1]!.body) as { digest: { counts: Record<string, number> } };
    expect(json.digest.counts).toEqual({ overdue: 1, due_today: 0, new: 0 });
  });

  it('a second overdue run escalates a case urged before to 督办, shown in the case list', async () => {
    await fire(bj('2026-10-10', '16:30'));
    expect(await counts()).toEqual({ office: 4, officeEmail: 4, town: 2, sthj: 2 });
    expect((await ledger(cases.unaccepted!)).map((a) => a.action)).toEqual(['assign', 'urge', 'urge', 'supervise']);
    expect((await ledger(cases.handled!)).map((a) => a.action)).toEqual(['assign', 'accept', 'urge']);
    const md = (JSON.parse((await robots.office.requests())[3]!.body) as { markdown: { content: string } }).markdown
      .content;
    expect(md).toContain('逾期案件 3 件');
    expect(md).toMatch(
      new RegExp(`${formatTrackingCode(cases.unaccepted!.tracking_code)}[^\\n]*【督办】【已催办 2 次】`),
    );
    const row = await env.DB.prepare('SELECT urge_count, supervised_at FROM cases WHERE complaint_id = ?1')
      .bind(cases.unaccepted!.id)
      .first<{ urge_count: number; supervised_at: string | null }>();
    expect(row).toEqual({ urge_count: 2, supervised_at: bj('2026-10-10', '16:30').toISOString() });
  });

  it('sends nothing on Sunday 2026-10-11', async () => {
    await fire(bj('2026-10-11', '08:30'));
    await fire(bj('2026-10-11', '16:30'));
    expect(await counts()).toEqual({ office: 4, officeEmail: 4, town: 2, sthj: 2 });
  });
});
