/**
 * Who may do what with a roster proposal (issue 17): a town member proposes for their own town
 * only, the office for anything; the office approves or returns; an office member's own
 * proposal needs a second office member while the setting is on; the proposer may withdraw it
 * while it waits. Viewers and departments read only. Pure, so the API and the pages share it.
 */
import type { Actor } from '../../cases/model.ts';

export type Refusal = { status: 403 | 409; error: string };

/** The states the console writes (the publisher moves `approved` on; see migration 0017). */
export type ConsoleState = 'proposed' | 'returned' | 'withdrawn' | 'approved';

/** Everyone in the directory may read the roster console. */
export function mayReadRoster(actor: Actor): boolean {
  return ['office', 'town', 'department', 'viewer'].includes(actor.role);
}

/** Whether an actor may propose a change concerning `town` (null: district-wide files). */
export function proposalRefusal(actor: Actor, town: string | null): Refusal | null {
  if (actor.role === 'office') return null;
  if (actor.role === 'town') {
    if (town !== null && town === actor.scope) return null;
    return { status: 403, error: '镇（办事处）工作人员只能提出本镇（办事处）名册的修改' };
  }
  return { status: 403, error: '只有区网格办和镇（办事处）工作人员可以提出名册修改；你的账号只能查看' };
}

/** Whether an actor may show a town's edit links (the same rule, for pages). */
export function mayProposeFor(actor: Actor, town: string | null): boolean {
  return proposalRefusal(actor, town) === null;
}

export interface ProposalFacts {
  state: string;
  proposed_by: string;
}

/** Whether an actor may approve or return a proposal, or why not. */
export function decisionRefusal(actor: Actor, p: ProposalFacts, secondApproval: boolean): Refusal | null {
  if (actor.role !== 'office') return { status: 403, error: '只有区网格办可以审批名册修改' };
  if (p.state !== 'proposed') return { status: 409, error: '这项修改已经处理过，不能再审批' };
  if (secondApproval && p.proposed_by.toLowerCase() === actor.email.toLowerCase()) {
    return { status: 403, error: '区网格办本人提出的修改，须由区网格办另一位工作人员审批' };
  }
  return null;
}

/** Whether an actor may withdraw a proposal: its proposer, while it waits. */
export function withdrawalRefusal(actor: Actor, p: ProposalFacts): Refusal | null {
  if (p.proposed_by.toLowerCase() !== actor.email.toLowerCase())
    return { status: 403, error: '只有提出人可以撤回这项修改' };
  if (p.state !== 'proposed') return { status: 409, error: '这项修改已经处理过，不能撤回' };
  return null;
}
