/**
 * Looking a complaint up by its tracking code, for the API and the status
 * page alike: rate limited per client (generously: a person checks a few
 * codes; someone walking the code space makes thousands of requests), then
 * the public view only.
 */
import { intakeConfig, LOOKUPS_PER_MINUTE } from './config.ts';
import { findPublicComplaint, type PublicComplaint } from './queries.ts';
import { clientIp, takeLookup } from './rate-limit.ts';

export type Lookup =
  | { status: 'found'; complaint: PublicComplaint }
  | { status: 'missing' }
  | { status: 'limited' | 'unavailable'; message: string };

const LIMITED = `查询太频繁了：每分钟最多查询 ${LOOKUPS_PER_MINUTE} 次，请过一分钟再试`;
const UNAVAILABLE = '系统暂时无法查询，请过几分钟再试，或拨打 12369 环保热线';

/** Looks up a compact tracking code for the client that sent `request`. Never throws. */
export async function lookupComplaint(env: Env, request: Request, code: string): Promise<Lookup> {
  const cfg = intakeConfig(env);
  try {
    // Without a salt (misconfigured deployment) lookups still work, unlimited, rather than fail too.
    if (
      cfg.ipHashSalt &&
      !(await takeLookup(env.DB, clientIp(request), cfg.ipHashSalt, LOOKUPS_PER_MINUTE, Date.now()))
    )
      return { status: 'limited', message: LIMITED };
    const complaint = await findPublicComplaint(env.DB, code);
    return complaint ? { status: 'found', complaint } : { status: 'missing' };
  } catch {
    return { status: 'unavailable', message: UNAVAILABLE };
  }
}
