/**
 * Rate limits kept in D1 (rate_limit_hits): new complaints per client and per
 * wider network, a ceiling on all new complaints together, and status lookups
 * per client. A client is the salted hash of its IPv4 address or IPv6 /64;
 * the address itself is never stored. Figures: docs/security.md.
 */
import { hmacSha256Hex } from '../../domain/crypto.ts';
import { WIDER_PREFIX_FACTORS, type IntakeConfig } from './config.ts';

/**
 * The address Cloudflare saw the request come from ('unknown' outside Cloudflare, e.g. some tests),
 * in one spelling per client: an IPv4 address written as IPv6 (`::ffff:203.0.113.9`) is that IPv4
 * address, so it neither escapes the address's own bucket nor lands in one shared by every such spelling.
 */
export function clientIp(request: Request): string {
  const ip = request.headers.get('cf-connecting-ip')?.trim() || 'unknown';
  const mapped = /^[0:]*:ffff:(\d{1,3}(?:\.\d{1,3}){3})$/i.exec(ip);
  return mapped ? mapped[1]! : ip;
}

/** The eight 16-bit groups of an IPv6 address (without leading zeros), or null for an IPv4 address. */
function ipv6Groups(ip: string): string[] | null {
  if (!ip.includes(':')) return null;
  const [head = '', tail] = ip.toLowerCase().split('::');
  const h = head ? head.split(':') : [];
  const t = tail ? tail.split(':') : [];
  const groups =
    tail === undefined ? h : [...h, ...Array<string>(Math.max(0, 8 - h.length - t.length)).fill('0'), ...t];
  return groups.map((g) => g.replace(/^0+(?=.)/, ''));
}

/**
 * The network of `ip` at `bits` (64, 48 or 32) for IPv6, e.g. `2001:db8:abcd:12::/64`;
 * an IPv4 address itself (one address is one client; NAT already puts many people behind it).
 */
export function clientPrefix(ip: string, bits: 64 | 48 | 32 = 64): string {
  const groups = ipv6Groups(ip);
  if (!groups) return ip;
  return `${groups.slice(0, bits / 16).join(':')}::/${bits}`;
}

/** Salted hash (HMAC-SHA-256, hex) of a client's address prefix at `bits`. */
export function hashClient(ip: string, salt: string, bits: 64 | 48 | 32 = 64): Promise<string> {
  return hmacSha256Hex(salt, clientPrefix(ip, bits));
}

/** One counter: at most `limit` hits for `key` within `windowMs`. */
export interface Counter {
  key: string;
  limit: number;
  windowMs: number;
}

/** Key of the ceiling on all new complaints together. */
export const GLOBAL_KEY = 'complaint:*';

/**
 * The counters a new complaint from `ip` is checked against and recorded in,
 * and the client's hash (stored with the complaint for the retention period).
 */
export async function complaintCounters(
  ip: string,
  cfg: IntakeConfig,
  salt: string,
): Promise<{ clientHash: string; counters: Counter[] }> {
  const windowMs = cfg.rateLimitWindowSeconds * 1000;
  const clientHash = await hashClient(ip, salt);
  const counters: Counter[] = [
    { key: `complaint:${clientHash}`, limit: cfg.rateLimitMax, windowMs },
    { key: GLOBAL_KEY, limit: cfg.globalPerMinute, windowMs: 60_000 },
  ];
  if (ipv6Groups(ip)) {
    for (const [bits, factor] of Object.entries(WIDER_PREFIX_FACTORS)) {
      const b = Number(bits) as 48 | 32;
      const key = `complaint/${b}:${await hashClient(ip, salt, b)}`;
      counters.push({ key, limit: cfg.rateLimitMax * factor, windowMs });
    }
  }
  return { clientHash, counters };
}

export type Slot = { ok: true; id: string } | { ok: false; busy: boolean };

/** The statements of one slot decision, for a batch of their own or inside the store batch. */
export interface SlotStatements {
  /** The insert (returns the taken rows) and the global-ceiling check, in this order. */
  statements: [D1PreparedStatement, D1PreparedStatement];
  /** A rate_limit_hits id that exists after the batch only if the slot was taken (the store's gate). */
  marker: string;
  /** The decision, from the results of `statements`. */
  read(insert: D1Result | undefined, full: D1Result | undefined): Slot;
}

/**
 * Statements that take one hit on every counter, or on none when any of them
 * is full or when `unusedKey` (an idempotency key) is already stored. The
 * decision and the record are one statement, so concurrent requests cannot
 * both take the last slot; the key check in the same statement lets a retry
 * race never cost a slot. `busy` tells a full global ceiling (503) from a full
 * client counter (429).
 */
export function slotStatements(
  db: D1Database,
  counters: Counter[],
  nowMs: number,
  unusedKey: string | null = null,
): SlotStatements {
  const id = crypto.randomUUID();
  const rows = counters.map((c) => [c.key, c.limit, nowMs - c.windowMs]);
  const global = counters.find((c) => c.key === GLOBAL_KEY);
  return {
    statements: [
      db
        .prepare(
          `WITH counters(key, lim, since) AS (
             SELECT json_extract(value, '$[0]'), json_extract(value, '$[1]'), json_extract(value, '$[2]')
             FROM json_each(?2))
           INSERT INTO rate_limit_hits (id, key, at)
           SELECT ?1 || '/' || key, key, ?3 FROM counters
           WHERE NOT EXISTS (
             SELECT 1 FROM counters c
             WHERE (SELECT count(*) FROM rate_limit_hits h WHERE h.key = c.key AND h.at > c.since) >= c.lim)
           AND (?4 IS NULL OR NOT EXISTS (SELECT 1 FROM complaints WHERE idempotency_key = ?4))
           RETURNING id`,
        )
        .bind(id, JSON.stringify(rows), nowMs, unusedKey),
      db
        .prepare('SELECT count(*) >= ?2 AS full FROM rate_limit_hits WHERE key = ?1 AND at > ?3')
        .bind(GLOBAL_KEY, global?.limit ?? Number.MAX_SAFE_INTEGER, nowMs - (global?.windowMs ?? 0)),
    ],
    marker: `${id}/${counters[0]?.key ?? ''}`,
    read(insert, full) {
      if (insert && insert.results.length > 0) return { ok: true, id };
      return { ok: false, busy: Boolean((full?.results[0] as { full?: number } | undefined)?.full) };
    },
  };
}

/** Takes one hit on every counter, or on none when any of them is full (`slotStatements`, alone). Throws when D1 fails. */
export async function takeSlot(db: D1Database, counters: Counter[], nowMs: number): Promise<Slot> {
  const slot = slotStatements(db, counters, nowMs);
  const [insert, full] = await db.batch(slot.statements);
  return slot.read(insert, full);
}

/**
 * Counts one status lookup for the client; false when it made more than
 * `perMinute` in the last minute. One statement, as for complaints.
 */
export async function takeLookup(
  db: D1Database,
  ip: string,
  salt: string,
  perMinute: number,
  nowMs: number,
): Promise<boolean> {
  const key = `lookup:${await hashClient(ip, salt)}`;
  const r = await db
    .prepare(
      `INSERT INTO rate_limit_hits (id, key, at)
       SELECT ?1, ?2, ?3
       WHERE (SELECT count(*) FROM rate_limit_hits WHERE key = ?2 AND at > ?4) < ?5
       RETURNING id`,
    )
    .bind(crypto.randomUUID(), key, nowMs, nowMs - 60_000, perMinute)
    .all();
  return r.results.length > 0;
}

/** Deletes hits older than every window (run by the cron, off the intake path). */
export async function purgeRateLimitHits(db: D1Database, cfg: IntakeConfig, nowMs: number): Promise<number> {
  const oldest = nowMs - Math.max(cfg.rateLimitWindowSeconds * 1000, 60_000);
  const r = await db.prepare('DELETE FROM rate_limit_hits WHERE at <= ?1').bind(oldest).run();
  return r.meta.changes ?? 0;
}
