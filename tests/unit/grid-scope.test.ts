/**
 * The `grid` role's scope against the sample roster: which villages a 分网格长, a district leader
 * and a village supervisor may patrol, and the Chinese refusals for scopes that name nobody.
 */
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadRoster } from '../../domain/roster/fs.ts';
import { gridReach, gridScopeProblem, patrolDuties } from '../../domain/grid-scope.ts';
import { staffMemberSchema } from '../../functions/staff/directory.ts';
import { scopeProblem } from '../../scripts/lib/staff-directory.ts';

const roster = await loadRoster(join(resolve(import.meta.dirname, '../..'), 'content'));
const sub = roster.towns.flatMap((t) => t.subLeaders)[0]!;
const leader = roster.district.leaders[0]!;
const village = roster.villages[0]!;

describe('grid scope', () => {
  it('reads the villages from the roster, and who the patrols count under', () => {
    expect(gridReach(roster, `sub:${sub.id}`, 'a@example.org')).toEqual({
      person: sub.id,
      villages: sub.villages.map((id) => expect.objectContaining({ id })),
    });
    const l = gridReach(roster, `leader:${leader.id}`, 'a@example.org')!;
    expect(l.person).toBe(leader.id);
    expect(l.villages.length).toBeGreaterThan(0);
    expect(l.villages.every((v) => leader.towns.includes(v.townId))).toBe(true);
    expect(gridReach(roster, `village:${village.id}`, 'a@example.org')).toEqual({
      person: 'a@example.org',
      villages: [{ id: village.id, name: village.name, townId: village.town }],
    });
    expect(gridReach(roster, 'sub:nobody', 'a@example.org')).toBeNull();
    expect(gridReach(roster, 'jiedao', 'a@example.org')).toBeNull();
  });

  it('refuses a scope of the wrong form or naming nobody, in Chinese', () => {
    expect(gridScopeProblem(roster, `sub:${sub.id}`)).toBeNull();
    expect(gridScopeProblem(roster, 'sub:nobody')).toContain('名册中没有编号为 nobody 的二级分网格长');
    const bad = staffMemberSchema.safeParse({ email: 'x@example.org', name: '示例', role: 'grid', scope: 'jiedao' });
    expect(bad.success).toBe(false);
    expect(bad.error!.issues[0]!.message).toContain('sub:<二级分网格长编号>');
    const none = staffMemberSchema.safeParse({ email: 'x@example.org', name: '示例', role: 'grid' });
    expect(none.success).toBe(false);
    const ok = staffMemberSchema.parse({ email: 'x@example.org', name: '示例', role: 'grid', scope: 'village:nobody' });
    expect(scopeProblem(ok, roster)).toContain('村（居）');
  });

  it('lists every duty of the roster for the frequency check', () => {
    const d = patrolDuties(roster);
    expect(d.villages).toHaveLength(roster.villages.length);
    expect(d.subLeaders.map((s) => s.person)).toContain(sub.id);
    expect(d.districtLeaders.map((l) => l.person)).toContain(leader.id);
  });
});
