/**
 * Writing the staff directory from Node (`npm run staff`, `npm start`'s
 * sample members, the e2e server): each change validated by the shared
 * schema, checked against the roster, and written with its audit line in one
 * batch. Members that are already there unchanged are left alone.
 */
import { resolve } from 'node:path';
import { loadRoster } from '../../domain/roster/fs.ts';
import type { Roster } from '../../domain/roster/schema.ts';
import { gridScopeProblem } from '../../domain/grid-scope.ts';
import type { StaffMember } from '../../functions/staff/identity.ts';
import { removeStatements, upsertStatements, type DirectoryAction } from '../../functions/staff/directory.ts';
import { localD1, type SqlRunner } from './d1.ts';
import { ROOT } from './server.ts';

const ALL_STAFF_SQL = 'SELECT email, name, role, scope, removed_at FROM staff';
type Row = StaffMember & { removed_at: string | null };

/** Every row of the directory (it is small: dozens of people), removed ones too. */
export async function allStaffRows(db: SqlRunner): Promise<Row[]> {
  return db.all<Row>(ALL_STAFF_SQL);
}

/** The problem with a member's scope against the roster (an unknown town or department), or null. */
export function scopeProblem(member: StaffMember, roster: Roster): string | null {
  if (member.role === 'town' && !roster.towns.some((t) => t.id === member.scope)) {
    return `没有编号为 ${member.scope} 的镇（办事处）；可选：${roster.towns.map((t) => `${t.id}（${t.name}）`).join('、')}`;
  }
  if (member.role === 'department' && !roster.departments.some((d) => d.id === member.scope)) {
    return `没有编号为 ${member.scope} 的部门；可选：${roster.departments.map((d) => `${d.id}（${d.name}）`).join('、')}`;
  }
  if (member.role === 'grid') return gridScopeProblem(roster, member.scope);
  return null;
}

/** Adds or updates members; returns what happened to each (`unchanged` when nothing needed writing). */
export async function writeStaff(
  db: SqlRunner,
  members: StaffMember[],
  actor: string,
  at = new Date().toISOString(),
): Promise<{ email: string; action: DirectoryAction | 'unchanged' }[]> {
  const rows = new Map((await allStaffRows(db)).map((r) => [r.email, r]));
  const done: { email: string; action: DirectoryAction | 'unchanged' }[] = [];
  for (const m of members) {
    const row = rows.get(m.email);
    const same = row && row.name === m.name && row.role === m.role && row.scope === m.scope;
    const action = !row ? 'add' : row.removed_at ? 'restore' : same ? 'unchanged' : 'update';
    if (action !== 'unchanged') await db.batch(upsertStatements(m, action, actor, at));
    done.push({ email: m.email, action });
  }
  return done;
}

/** Removes an active member (soft); false if there is no active member with that email. */
export async function removeStaff(db: SqlRunner, email: string, actor: string, at = new Date().toISOString()) {
  const row = (await allStaffRows(db)).find((r) => r.email === email);
  if (!row || row.removed_at) return false;
  await db.batch(removeStatements(email, actor, at));
  return true;
}

/**
 * One visibly fictitious member per role for local use: the office, a town
 * member for every town of the roster, a department liaison (the ecology and
 * environment bureau if the roster has it) and a read-only viewer. Names are
 * marked 示例, addresses are under example.org.
 */
export function sampleStaff(roster: Roster): StaffMember[] {
  const dept = roster.departments.find((d) => d.id === 'sthj') ?? roster.departments[0];
  return [
    { email: 'office@example.org', name: '示例·区网格办值班员', role: 'office', scope: null },
    ...roster.towns.map((t) => ({
      email: `town-${t.id}@example.org`,
      name: `示例·${t.name}网格办`,
      role: 'town' as const,
      scope: t.id,
    })),
    ...(dept
      ? [
          {
            email: `dept-${dept.id}@example.org`,
            name: `示例·${dept.name}联络员`,
            role: 'department' as const,
            scope: dept.id,
          },
        ]
      : []),
    { email: 'viewer@example.org', name: '示例·区领导（只读）', role: 'viewer', scope: null },
    ...sampleGridStaff(roster),
  ];
}

/**
 * Grid members for local patrols, taken from the roster's persons that are marked sample (never a
 * real person's account): every 二级分网格长, and the first 网格监督员 of each town's first village.
 */
export function sampleGridStaff(roster: Roster): StaffMember[] {
  const subs = roster.towns.flatMap((t) =>
    t.subLeaders
      .filter((s) => s.sample)
      .map((s) => ({
        email: `grid-${s.id}@example.org`,
        name: `示例·${s.name}（二级分网格长）`,
        role: 'grid' as const,
        scope: `sub:${s.id}`,
      })),
  );
  const supervisors = roster.towns.flatMap((t) => {
    const v = roster.villages.find((x) => x.town === t.id && x.supervisors.some((p) => p.sample));
    const p = v?.supervisors.find((x) => x.sample);
    return v && p
      ? [
          {
            email: `grid-${v.id}@example.org`,
            name: `示例·${p.name}（${v.name}网格监督员）`,
            role: 'grid' as const,
            scope: `village:${v.id}`,
          },
        ]
      : [];
  });
  return [...subs, ...supervisors];
}

/** Writes `sampleStaff` into the (migrated) local D1 in `persistTo`; returns the members. */
export async function seedSampleStaff(persistTo: string, actor: string): Promise<StaffMember[]> {
  const members = sampleStaff(await loadRoster(resolve(ROOT, process.env.ENVGRID_CONTENT_DIR ?? 'content')));
  const db = await localD1(persistTo);
  try {
    await writeStaff(db, members, actor);
  } finally {
    await db.close();
  }
  return members;
}
