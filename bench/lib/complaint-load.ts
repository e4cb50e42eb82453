/**
 * What the intake benchmark sends to `POST /api/complaints`: valid complaints
 * for the sample roster, each with its own idempotency key, plus the Worker
 * vars that lift the per-client rate limit for the run and a way to count the
 * stored complaints afterwards.
 */
import type { Target } from '../intake.ts';

export interface ComplaintLoad {
  target: Target;
  vars: Record<string, string>;
  notes: string[];
  count: (base: string) => Promise<number | null>;
}

export function complaintLoad(): ComplaintLoad {
  return {
    target: {
      path: '/api/complaints',
      headers: { 'content-type': 'application/json' },
      body: () => '{}',
    },
    vars: {},
    notes: ['POST /api/complaints is not on this branch yet; its rows stay pending until intake is merged.'],
    count: async () => null,
  };
}
