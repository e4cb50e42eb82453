/**
 * Per-client rate limit for new complaints, kept in D1 (rate_limit_hits).
 * A client is the salted hash of its IP address (an IPv6 address counts by
 * its /64 network, which one household or phone usually holds); the address
 * itself is never stored.
 */
import type { IntakeConfig } from './config.ts';

/** The address Cloudflare saw the request come from ('unknown' outside Cloudflare, e.g. some tests). */
export function clientIp(request: Request): string {
  return request.headers.get('cf-connecting-ip')?.trim() || 'unknown';
}

/** The part of an address that identifies one client: the whole IPv4 address, or the first 64 bits of IPv6. */
export function clientPrefix(ip: string): string {
  if (!ip.includes(':')) return ip;
  const [head = '', tail] = ip.toLowerCase().split('::');
  const h = head ? head.split(':') : [];
  const t = tail ? tail.split(':') : [];
  const groups =
    tail === undefined ? h : [...h, ...Array<string>(Math.max(0, 8 - h.length - t.length)).fill('0'), ...t];
  return `${groups
    .slice(0, 4)
    .map((g) => g.replace(/^0+(?=.)/, ''))
    .join(':')}::/64`;
}

/** Salted hash (HMAC-SHA-256, hex) of a client's address prefix. */
export async function hashClient(ip: string, salt: string): Promise<string> {
  const enc = new TextEncoder();
  const key = await crypto.subtle.importKey('raw', enc.encode(salt), { name: 'HMAC', hash: 'SHA-256' }, false, [
    'sign',
  ]);
  const mac = await crypto.subtle.sign('HMAC', key, enc.encode(clientPrefix(ip)));
  return [...new Uint8Array(mac)].map((b) => b.toString(16).padStart(2, '0')).join('');
}

export type Slot = { ok: true; id: string } | { ok: false };

/**
 * Takes one submission slot for the client, or reports that the client used
 * all of them in the window. The decision and the record are one statement,
 * so concurrent requests cannot both take the last slot. Hits older than the
 * window are deleted in the same batch. Throws when D1 fails.
 */
export async function takeSlot(db: D1Database, clientHash: string, cfg: IntakeConfig, nowMs: number): Promise<Slot> {
  const id = crypto.randomUUID();
  const key = `complaint:${clientHash}`;
  const since = nowMs - cfg.rateLimitWindowSeconds * 1000;
  const [, insert] = await db.batch([
    db.prepare('DELETE FROM rate_limit_hits WHERE at <= ?1').bind(since),
    db
      .prepare(
        `INSERT INTO rate_limit_hits (id, key, at)
         SELECT ?1, ?2, ?3
         WHERE (SELECT count(*) FROM rate_limit_hits WHERE key = ?2 AND at > ?4) < ?5
         RETURNING id`,
      )
      .bind(id, key, nowMs, since, cfg.rateLimitMax),
  ]);
  return insert && insert.results.length > 0 ? { ok: true, id } : { ok: false };
}

/** Gives a slot back (a retry that turned out to repeat an earlier submission). Best effort. */
export async function releaseSlot(db: D1Database, slotId: string): Promise<void> {
  try {
    await db.prepare('DELETE FROM rate_limit_hits WHERE id = ?1').bind(slotId).run();
  } catch {
    /* the slot simply expires with the window */
  }
}
