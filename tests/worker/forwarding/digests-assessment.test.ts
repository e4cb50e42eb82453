/**
 * In a quarter's first month the 08:30 to-do digests remind of the quarterly assessment's due
 * dates (issue 15): each town of its self-assessment, the office of the towns' self-assessments
 * and its own report to the city — even on a day with no case to list. Real Worker, real D1,
 * a WeCom stand-in on 127.0.0.1.
 */
import { expect, it } from 'vitest';
import { runDigests } from '../../../functions/digests/run.ts';
import { newReceiver } from './receiver-client.ts';
import { configured } from './helpers.ts';

const markdownOf = (body: string) => (JSON.parse(body) as { markdown: { content: string } }).markdown.content;

it('reminds the towns and the office of the assessment due dates, once after a holiday, and not on other days', async () => {
  const robot = await newReceiver();
  await robot.script({ answers: [{ status: 200, body: '{"errcode":0,"errmsg":"ok"}' }] });
  const hook = (key: string) => ({ wecom: `${robot.url}/cgi-bin/webhook/send?key=${key}` });
  const e = configured({
    DIGEST_CHANNELS: JSON.stringify({
      office: hook('office'),
      'town:laozhuangzi': hook('town'),
      'department:sthj': hook('department'),
    }),
  });
  // 2 September: not a quarter's first month, no case — nothing is sent.
  await runDigests(e, new Date('2026-09-02T08:30:00+08:00'));
  expect(await robot.requests()).toHaveLength(0);

  // 8 October 2026 is the first working day after National Day (1–7 October), which held both
  // due dates of 2026Q3 (the 3rd and the 5th).
  await runDigests(e, new Date('2026-10-08T08:30:00+08:00'));
  const sent = await robot.requests();
  const byKey = new Map(sent.map((r) => [new URL(r.url, 'http://x').searchParams.get('key'), markdownOf(r.body)]));
  expect([...byKey.keys()].sort()).toEqual(['office', 'town']);
  expect(byKey.get('office')).toContain('【季度考核时限】2 项');
  expect(byKey.get('office')).toContain('2026Q3 各镇（办事处）向区网格办报送季度自评：期限 2026-10-03 逢休息日已过');
  expect(byKey.get('office')).toContain('2026Q3 向市网格办报送季度考核结果：期限 2026-10-05 逢休息日已过');
  expect(byKey.get('town')).toContain('【季度考核时限】1 项');
  expect(byKey.get('town')).toContain('2026Q3 向区网格办报送本镇（办事处）季度自评');
  expect(byKey.get('town')).not.toContain('市网格办');

  // The next working day: nothing more to remind of, no case — nothing is sent.
  await runDigests(e, new Date('2026-10-09T08:30:00+08:00'));
  expect(await robot.requests()).toHaveLength(2);
});
