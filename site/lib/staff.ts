/** How pages name a staff member's role and scope. */
import { rosterIndex } from '../../domain/roster/current.ts';
import { gridReach } from '../../domain/grid-scope.ts';
import { ROLE_LABELS, type StaffMember } from '../../functions/services/staff.ts';

/** `镇（办事处）网格办 · 街道办事处`: the role, and the town or department it covers. */
export function staffRoleLabel(member: Pick<StaffMember, 'role' | 'scope'>): string {
  const role = ROLE_LABELS[member.role];
  if (!member.scope) return role;
  if (member.role === 'grid') {
    const reach = gridReach(rosterIndex.roster, member.scope, '');
    return `${role} · ${reach?.villages.map((v) => v.name).join('、') || member.scope}`;
  }
  const place =
    member.role === 'town' ? rosterIndex.town(member.scope)?.name : rosterIndex.department(member.scope)?.name;
  return `${role} · ${place ?? member.scope}`;
}
