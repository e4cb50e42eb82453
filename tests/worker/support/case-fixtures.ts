/** Stores backdated case histories (tests/support/case-fixtures.ts) in the worker tests' D1. */
import { env } from 'cloudflare:workers';
import { caseStatements, type FixtureCase } from '../../support/case-fixtures.ts';

/** Stores the cases; returns each key's complaint id and tracking code. */
export async function storeCases(cases: FixtureCase[]): Promise<Map<string, { id: string; code: string }>> {
  const { ids, statements } = caseStatements(cases);
  await env.DB.batch(statements.map((s) => env.DB.prepare(s.sql).bind(...s.params)));
  return ids;
}
