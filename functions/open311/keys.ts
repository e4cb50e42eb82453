/**
 * Open311 API keys: made and listed by `npm run staff -- apikey …`
 * (scripts/lib/api-keys.ts), checked by the Worker. A key is 32 random bytes
 * in hex behind a readable prefix; only its SHA-256 is stored (migrations/0011),
 * so the database never holds a usable key. High-entropy random keys need no
 * slow password hash: guessing one is as hard as guessing the bytes.
 */
import { hex, sha256Hex } from '../../domain/crypto.ts';

/** Every key starts with this, so a leaked one is recognisable in logs and scanners. */
export const API_KEY_PREFIX = 'eg311_';
const KEY_SHAPE = /^eg311_[0-9a-f]{64}$/;

/** Names of keys (who holds them): lower-case letters, digits and hyphens, 2–40 long. */
export const API_KEY_NAME = /^[a-z0-9-]{2,40}$/;

/** A fresh key, to be shown once. */
export function newApiKey(): string {
  return API_KEY_PREFIX + hex(crypto.getRandomValues(new Uint8Array(32)));
}

/** What is stored for a key. */
export function apiKeyHash(key: string): Promise<string> {
  return sha256Hex(key);
}

export const INSERT_API_KEY_SQL =
  'INSERT INTO api_keys (id, name, key_hash, created_at, created_by) VALUES (?1, ?2, ?3, ?4, ?5)';
export const LIST_API_KEYS_SQL =
  'SELECT id, name, created_at, created_by, revoked_at FROM api_keys ORDER BY created_at';
export const REVOKE_API_KEY_SQL = 'UPDATE api_keys SET revoked_at = ?2 WHERE name = ?1 AND revoked_at IS NULL';

/** The name of the active key `key`, or null (wrong shape, unknown or revoked). */
export async function checkApiKey(db: D1Database, key: string | undefined | null): Promise<string | null> {
  const k = key?.trim() ?? '';
  if (!KEY_SHAPE.test(k)) return null;
  const row = await db
    .prepare('SELECT name FROM api_keys WHERE key_hash = ?1 AND revoked_at IS NULL')
    .bind(await apiKeyHash(k))
    .first<{ name: string }>();
  return row?.name ?? null;
}
