/** How pages name a staff member's role and scope. */
import { rosterIndex } from '../../domain/roster/current.ts';
import { ROLE_LABELS, type StaffMember } from '../../functions/services/staff.ts';

/** `镇（办事处）网格办 · 街道办事处`: the role, and the town or department it covers. */
export function staffRoleLabel(member: Pick<StaffMember, 'role' | 'scope'>): string {
  const role = ROLE_LABELS[member.role];
  if (!member.scope) return role;
  const place =
    member.role === 'town' ? rosterIndex.town(member.scope)?.name : rosterIndex.department(member.scope)?.name;
  return `${role} · ${place ?? member.scope}`;
}
