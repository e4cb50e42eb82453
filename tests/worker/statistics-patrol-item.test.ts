/**
 * Assessment item 2 from real patrol rows in D1 (migration 0014) and the roster in force:
 * 2026Q4 counted on Sunday 11 October 2026, so ISO weeks W40 (Mon 28 Sep – Sun 4 Oct, its
 * Thursday 1 Oct in Q4) and W41 (5–11 Oct) are judged and no month has ended. Every village is
 * patrolled daily and every 分网格长 visits each village twice a week, except two gaps in town
 * A; appending the missing patrols restores the item. The working is in the comments.
 */
import { env } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import { assessmentReport } from '../../functions/statistics/assessment.ts';
import { d1Query } from '../../functions/statistics/figures.ts';
import { rosterIndex } from '../../domain/roster/current.ts';
import { packageCalendar } from '../../domain/workdays.ts';
import { A } from '../support/october-2019.ts';

const roster = rosterIndex.roster;
const ctx = { cal: packageCalendar, today: '2026-10-11', cutoff: '17:30' };
const sub = roster.towns.find((t) => t.id === A)!.subLeaders[0]!;
const [v1, v2] = sub.villages as [string, string];
const townOf = (village: string) => roster.villages.find((v) => v.id === village)!.town;

const patrol = (person: string, village: string, date: string) =>
  env.DB.prepare(
    `INSERT INTO patrols (id, idempotency_key, payload_hash, person, staff_email, staff_name, town_id, village_id,
       patrol_date, created_at)
     VALUES (?1, ?1, 'test', ?2, ?3, '示例·巡查人', ?4, ?5, ?6, '2026-10-11T00:00:00Z')`,
  ).bind(
    crypto.randomUUID(),
    person,
    person.includes('@') ? person : `${person}@example.org`,
    townOf(village),
    village,
    date,
  );

const days = Array.from({ length: 14 }, (_, i) => new Date(Date.UTC(2026, 8, 28 + i)).toISOString().slice(0, 10));

async function item2(townId: string) {
  const r = await assessmentReport(d1Query(env.DB), rosterIndex, '2026Q4', ctx, 'item');
  const town = r.towns.find((t) => t.unitId === `town:${townId}`)!;
  return { town, others: r.towns.filter((t) => t !== town).map((t) => t.result.items[1]!.score) };
}

describe('item 2 from the patrol log', () => {
  it('scores nothing from patrols while the quarter has no record', async () => {
    const { town } = await item2(A);
    expect(town.result.items[1]!.score).toBe(12);
    expect(town.notes[2]).toContain('2026-09-28 至 2027-01-03 没有巡查记录，巡查频次本季度不计分');
  });

  it('takes one point per shortfall, lists each, and gives the points back when the patrols are appended', async () => {
    const statements = [];
    for (const v of roster.villages) {
      for (const d of days) {
        // Gap 1: nobody patrols v2 on Wednesday 7 October (W41).
        if (!(v.id === v2 && d === '2026-10-07')) statements.push(patrol(`sup-${v.id}@example.org`, v.id, d));
      }
    }
    for (const t of roster.towns) {
      for (const s of t.subLeaders) {
        for (const v of s.villages) {
          // Twice a week: Tuesday 29 Sep and Thursday 1 Oct; Monday 5 and Tuesday 6 Oct.
          for (const d of ['2026-09-29', '2026-10-01', '2026-10-05', '2026-10-06']) {
            // Gap 2: the 分网格长 visits v1 only once in W41.
            if (!(s.id === sub.id && v === v1 && d === '2026-10-06')) statements.push(patrol(s.id, v, d));
          }
        }
      }
    }
    // A former 分网格长, no longer in the roster, patrols v1 in W41: it counts for v1's day, not for sub's duty.
    statements.push(patrol('former-sub-leader', v1, '2026-10-08'));
    await env.DB.batch(statements);

    const before = await item2(A);
    // Town A: sub·v1 in W41 (1 of 2) and v2's days in W41 (6 of 7) → 12 − 1 × 2 = 10; total 98 → 优秀.
    expect(before.town.result.items[1]).toMatchObject({ score: 10, working: '12 − 1 × 2 处巡查未达频次 = 10' });
    expect([before.town.result.total, before.town.result.grade]).toEqual([98, '优秀']);
    // Every other town met every duty.
    expect(before.others).toEqual([12, 12, 12]);
    const lines = before.town.notes[2]!;
    expect(lines.filter((l) => l.startsWith('2026-W41'))).toEqual([
      expect.stringMatching(new RegExp(`^2026-W41 二级分网格长（每周每村）  ${sub.name} · .+：应 2 次，实际 1 次$`)),
      expect.stringMatching(/^2026-W41 村（居）每日巡查  .+：应 7 次，实际 6 次；未巡查的日子：2026-10-07$/),
    ]);
    expect(lines).toContain(
      '巡查人 former-sub-leader 不在现行名册中：其 1 条记录只计入村（居）每日巡查，不计入网格长、分网格长的频次',
    );

    await env.DB.batch([patrol(sub.id, v1, '2026-10-09'), patrol(`sup-${v2}@example.org`, v2, '2026-10-07')]);
    const after = await item2(A);
    // Both gaps filled: 12, total 100.
    expect([after.town.result.items[1]!.score, after.town.result.total]).toEqual([12, 100]);
  });
});
