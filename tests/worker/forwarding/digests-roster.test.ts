/**
 * The office's 08:30 digest reminds of roster changes whose 30-working-day publication limit is
 * today or five working days away (issue 17), even on a day with no case to list; a day with
 * neither sends nothing. Real Worker, real D1, a WeCom stand-in on 127.0.0.1.
 */
import { env } from 'cloudflare:workers';
import { expect, it } from 'vitest';
import { runDigests } from '../../../functions/digests/run.ts';
import { rosterWorkCalendar } from '../../../domain/roster/current.ts';
import { insertApprovedProposal } from '../../support/roster-proposals.ts';
import { newReceiver } from './receiver-client.ts';
import { configured } from './helpers.ts';

const DAY = '2026-12-03'; // a Thursday, a working day

/** The effective day whose 30-working-day limit falls `ahead` working days after DAY. */
function effectiveFor(ahead: number): string {
  const target = ahead === 0 ? DAY : rosterWorkCalendar.addWorkingDays(DAY, ahead);
  for (let d = new Date(`${DAY}T00:00:00Z`); ; d.setUTCDate(d.getUTCDate() - 1)) {
    const day = d.toISOString().slice(0, 10);
    if (rosterWorkCalendar.addWorkingDays(day, 30) === target) return day;
  }
}

it('reminds the office of roster changes due today and in five working days, and only then', async () => {
  const robot = await newReceiver();
  await robot.script({ answers: [{ status: 200, body: '{"errcode":0,"errmsg":"ok"}' }] });
  const e = configured({
    DIGEST_CHANNELS: JSON.stringify({ office: { wecom: `${robot.url}/cgi-bin/webhook/send?key=office` } }),
  });
  // No open case and no due roster change: no digest at all.
  await runDigests(e, new Date(`2026-12-02T08:30:00+08:00`));
  expect(await robot.requests()).toHaveLength(0);

  for (const [id, ahead, summary] of [
    ['c-2026-901', 0, '示例：东兴社区网格监督员调整'],
    ['c-2026-902', 5, '示例：[点我](http://evil.example) 分网格长分工调整'],
    ['c-2026-903', 3, '示例：不在提醒日的变更'],
  ] as const) {
    const effective = effectiveFor(ahead);
    await insertApprovedProposal(env.DB, {
      id: crypto.randomUUID(),
      files: [],
      changeRecord: { id, effective, scope: ['villages/dongxing'], summary },
    });
  }
  await runDigests(e, new Date(`${DAY}T08:30:00+08:00`));
  const reqs = await robot.requests();
  expect(reqs).toHaveLength(1);
  const content = (JSON.parse(reqs[0]!.body) as { markdown: { content: string } }).markdown.content;
  expect(content).toContain('【名册变更公布时限】2 项');
  expect(content).toMatch(new RegExp(`c-2026-901 .*今日（${DAY}）`));
  expect(content).toContain(`c-2026-902`);
  expect(content).toContain('还有 5 个工作日');
  expect(content).not.toContain('c-2026-903');
  expect(content).toContain('(https://envgrid.example.cn/staff/roster/)');
  // Staff text cannot add a link of its own.
  expect(content).not.toContain('](http://evil.example');
  // The same minute again sends nothing more.
  await runDigests(e, new Date(`${DAY}T08:31:00+08:00`));
  expect(await robot.requests()).toHaveLength(1);
});
