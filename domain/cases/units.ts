/** Handling units (towns and departments) from the roster, for assignment and display. */
import type { RosterIndex } from '../roster/query.ts';
import { parseUnit, type Unit } from './model.ts';

/** The roster name of a unit, or undefined when the roster has no such town or department. */
export function unitName(index: RosterIndex, unit: string): string | undefined {
  const u = parseUnit(unit);
  if (!u) return undefined;
  return u.kind === 'town' ? index.town(u.id)?.name : index.department(u.id)?.name;
}

/** Every unit a case can be assigned to: the towns first, then the departments, in roster order. */
export function allUnits(index: RosterIndex): { unit: Unit; name: string; kind: 'town' | 'department' }[] {
  return [
    ...index.roster.towns.map((t) => ({ unit: `town:${t.id}` as Unit, name: t.name, kind: 'town' as const })),
    ...index.roster.departments.map((d) => ({
      unit: `department:${d.id}` as Unit,
      name: d.name,
      kind: 'department' as const,
    })),
  ];
}
