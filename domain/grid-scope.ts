/**
 * The `grid` staff role's scope (issue 14): which roster person a grid member is, and so which
 * villages they patrol. The scope only names the person; their villages are read from the roster
 * each time, so the roster stays the one source of who covers what. Also the patrol duties of the
 * whole roster (`patrolDuties`), which `checkPatrols` (domain/patrols.ts) judges records against.
 */
import type { Roster } from './roster/schema.ts';
import type { PatrolDuties } from './patrols.ts';

/**
 * A grid member's scope: `sub:<id>` a 二级分网格长, `leader:<id>` a district (一级) leader, `village:<id>`
 * a village's 网格监督员 (the roster gives supervisors no id, so the village names them).
 */
export type GridScope = { kind: 'sub' | 'leader' | 'village'; id: string };

const SCOPE = /^(sub|leader|village):([a-z0-9][a-z0-9-]{0,63})$/;

/** Parses a grid scope string; null when it is not one. */
export function parseGridScope(scope: string | null | undefined): GridScope | null {
  const m = SCOPE.exec(scope ?? '');
  return m ? { kind: m[1] as GridScope['kind'], id: m[2]! } : null;
}

/** What a grid member may patrol, resolved against the roster. */
export interface GridReach {
  /** The key patrol records count under (domain/patrols.ts `PatrolRecord.person`). */
  person: string;
  /** The villages they may record patrols for, in roster order. */
  villages: { id: string; name: string; townId: string }[];
}

/**
 * Resolves a grid scope against the roster, or null when the scope is not a grid scope or names
 * nobody in the roster (then the member may patrol nothing). A village supervisor's patrols count
 * under their own email, since the roster has no id for them.
 */
export function gridReach(roster: Roster, scope: string | null, email: string): GridReach | null {
  const s = parseGridScope(scope);
  if (!s) return null;
  const village = (id: string) => {
    const v = roster.villages.find((x) => x.id === id);
    return v ? [{ id: v.id, name: v.name, townId: v.town }] : [];
  };
  if (s.kind === 'village') {
    const villages = village(s.id);
    return villages.length ? { person: email, villages } : null;
  }
  if (s.kind === 'sub') {
    const sub = roster.towns.flatMap((t) => t.subLeaders).find((x) => x.id === s.id);
    return sub ? { person: sub.id, villages: sub.villages.flatMap(village) } : null;
  }
  const leader = roster.district.leaders.find((l) => l.id === s.id);
  if (!leader) return null;
  const villages = roster.villages.filter((v) => leader.towns.includes(v.town)).flatMap((v) => village(v.id));
  return { person: leader.id, villages };
}

/** Why a grid scope cannot be given to a member (Chinese, naming the accepted forms), or null. */
export function gridScopeProblem(roster: Roster, scope: string | null): string | null {
  const s = parseGridScope(scope);
  if (!s) {
    return `角色 grid 的 scope 应写成 sub:<二级分网格长编号>、leader:<区级网格长编号> 或 village:<村编号>，收到 ${JSON.stringify(scope)}`;
  }
  if (gridReach(roster, scope, 'x@example.org')) return null;
  const kinds = { sub: '二级分网格长', leader: '区级网格长', village: '村（居）' } as const;
  return `名册中没有编号为 ${s.id} 的${kinds[s.kind]}`;
}

/** The roster's patrol duties: each district leader's towns, each 分网格长's villages, every village. */
export function patrolDuties(roster: Roster): PatrolDuties {
  return {
    districtLeaders: roster.district.leaders.map((l) => ({ person: l.id, name: l.name, towns: [...l.towns] })),
    subLeaders: roster.towns.flatMap((t) =>
      t.subLeaders.map((s) => ({ person: s.id, name: s.name, villages: [...s.villages] })),
    ),
    villages: roster.villages.map((v) => ({ id: v.id, name: v.name })),
  };
}
