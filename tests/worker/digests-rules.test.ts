/**
 * The digest rules that need the roster (so they run in the worker project):
 * when digests are due on the official calendar, the per-body channel
 * settings and their errors, and the robot markdown of a long digest with
 * the 反复举报 and 督办 marks, kept within WeCom's 4096 bytes.
 */
import { describe, expect, it } from 'vitest';
import { rosterWorkCalendar } from '../../domain/roster/current.ts';
import { dueDigests } from '../../domain/cases/digest.ts';
import { parseDuplicateWindow, rankDuplicates } from '../../domain/cases/duplicates.ts';
import { parseDigestChannels } from '../../functions/digests/config.ts';
import { digestMarkdown, digestText, type DigestEntry, type DigestMessage } from '../../functions/digests/message.ts';
import { ROBOT_MARKDOWN_MAX_BYTES, utf8Bytes } from '../../functions/forwarding/markdown.ts';

const bj = (date: string, time: string) => new Date(`${date}T${time}:00+08:00`);

describe('when digests are due', () => {
  it('follows the official calendar: weekdays and make-up Saturdays, never holidays or weekends', () => {
    expect(dueDigests(bj('2026-10-09', '08:29'), rosterWorkCalendar).kinds).toEqual([]);
    expect(dueDigests(bj('2026-10-09', '08:30'), rosterWorkCalendar).kinds).toEqual(['todo']);
    expect(dueDigests(bj('2026-10-09', '16:30'), rosterWorkCalendar).kinds).toEqual(['todo', 'overdue']);
    expect(dueDigests(bj('2026-10-10', '08:30'), rosterWorkCalendar)).toEqual({ day: '2026-10-10', kinds: ['todo'] });
    expect(dueDigests(bj('2026-10-05', '16:30'), rosterWorkCalendar).kinds).toEqual([]);
    expect(dueDigests(bj('2026-10-11', '16:30'), rosterWorkCalendar).kinds).toEqual([]);
    // 00:10 Beijing on a Monday is still Monday's date, whatever the UTC date says.
    expect(dueDigests(bj('2026-10-12', '00:10'), rosterWorkCalendar)).toEqual({ day: '2026-10-12', kinds: [] });
  });
});

describe('DIGEST_CHANNELS', () => {
  it('reads each body’s channels and names every bad entry in Chinese, keeping the good ones', () => {
    const { bodies, problems } = parseDigestChannels(
      JSON.stringify({
        office: { wecom: 'https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=x' },
        'town:laozhuangzi': {
          dingtalk: { url: 'https://oapi.dingtalk.com/robot/send?access_token=y', secret: 'SECz' },
        },
        'town:nowhere': { email: 'a@example.org' },
        'department:sthj': { webhook: { url: 'https://example.org/hook' }, fax: '123' },
      }),
    );
    expect([...bodies.keys()]).toEqual(['office', 'town:laozhuangzi']);
    expect(problems).toHaveLength(3);
    expect(problems[0]).toContain('「town:nowhere」不是 office 或名册里的');
    expect(problems.join('\n')).toContain('department:sthj.webhook.secret');
    expect(problems.join('\n')).toContain('department:sthj：只能填写 webhook、wecom、dingtalk、email');
    expect(parseDigestChannels('{oops').problems).toEqual([
      'DIGEST_CHANNELS 不是有效的 JSON，请按 docs/digests.md 的示例填写',
    ]);
  });
});

describe('duplicate window and ranking', () => {
  it('reads the window setting with a message naming it', () => {
    expect(parseDuplicateWindow('')).toBe(30);
    expect(parseDuplicateWindow('7')).toBe(7);
    expect(() => parseDuplicateWindow('30天')).toThrow('DUPLICATE_WINDOW_DAYS');
    expect(() => parseDuplicateWindow('0')).toThrow('1 到 365');
  });

  it('ranks the closest first, then the one with more reports', () => {
    const at = '2026-11-20T00:00:00.000Z';
    const ranked = rankDuplicates(at, [
      { id: 'far', receivedAt: '2026-11-01T00:00:00.000Z', reports: 5 },
      { id: 'near-1', receivedAt: '2026-11-21T00:00:00.000Z', reports: 1 },
      { id: 'near-3', receivedAt: '2026-11-19T00:00:00.000Z', reports: 3 },
    ]);
    expect(ranked.map((r) => r.id)).toEqual(['near-3', 'near-1', 'far']);
  });
});

describe('a long overdue digest', () => {
  const entry = (i: number): DigestEntry => ({
    trackingCode: `ABCD-EFGH-${String(i).padStart(4, '0')}`,
    section: 'overdue',
    category: '扬尘',
    placeType: '工地',
    place: '老庄子镇 大庄村',
    state: '待签收',
    lead: '老庄子镇',
    clock: { label: '签收（交办当日）', due: '2026-10-09', overdueWorkingDays: 2 },
    reports: i === 0 ? 4 : 1,
    repeatReport: i === 0,
    urgeCount: 2,
    supervised: i === 0,
    url: `https://envgrid.example.cn/staff/cases/ABCDEFGH${String(i).padStart(4, '0')}/`,
    address: `示例地址 ${'<@all>'.repeat(10)}`,
    excerpt: '示例：'.padEnd(40, '尘'),
  });
  const m: DigestMessage = {
    id: 'overdue:2026-10-10:office',
    kind: 'overdue',
    day: '2026-10-10',
    body: 'office',
    bodyName: '区网格办',
    counts: { overdue: 60, due_today: 0, new: 0 },
    entries: Array.from({ length: 60 }, (_, i) => entry(i)),
    queueUrl: 'https://envgrid.example.cn/staff/?overdue=1',
    roster: null,
    assessment: [],
  };

  it('fits the robot cap, marks 反复举报 and 督办, and says how many more the console shows', () => {
    const md = digestMarkdown(m, '\n');
    expect(utf8Bytes(md)).toBeLessThanOrEqual(ROBOT_MARKDOWN_MAX_BYTES);
    expect(md).toContain('ABCD-EFGH-0000 扬尘 · 工地 · 老庄子镇 大庄村 【反复举报（4 次）】【督办】【已催办 2 次】');
    const shown = (md.match(/\[办理\]/g) ?? []).length;
    expect(shown).toBeGreaterThan(3);
    expect(md).toContain(`……另有 ${60 - shown} 件未列出`);
    expect(md.endsWith('[打开待办队列](https://envgrid.example.cn/staff/?overdue=1)')).toBe(true);
    expect(md).not.toContain('<@all>');
  });

  it('lists every case in the email', () => {
    const text = digestText(m);
    expect((text.match(/办理：https:/g) ?? []).length).toBe(60);
    expect(text).toContain('【反复举报（4 次）】【督办】');
  });
});
