/**
 * The local development key pair for staff sign-in: made by `npm start` on
 * first run, kept under .wrangler/ (ignored by git, never deployed), read by
 * `npm run staff -- token`. Its public half is the Worker's ACCESS_LOCAL_JWKS.
 */
import { existsSync } from 'node:fs';
import { chmod, mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { exportJWK, generateKeyPair, type JWK } from 'jose';
import { ROOT } from './server.ts';

export const LOCAL_KEYS_FILE = resolve(ROOT, '.wrangler/staff-access/local-keys.json');

export interface LocalKeys {
  publicJwk: JWK;
  privateJwk: JWK;
}

/** Reads the local key pair, or null when `npm start` has not made one yet. */
export async function readLocalKeys(file = LOCAL_KEYS_FILE): Promise<LocalKeys | null> {
  if (!existsSync(file)) return null;
  return JSON.parse(await readFile(file, 'utf8')) as LocalKeys;
}

/** The local key pair, made (RS256, 2048 bits, readable by this user only) if there is none. */
export async function ensureLocalKeys(file = LOCAL_KEYS_FILE): Promise<LocalKeys> {
  const existing = await readLocalKeys(file);
  if (existing) return existing;
  const { publicKey, privateKey } = await generateKeyPair('RS256', { extractable: true });
  const kid = `envgrid-local-${new Date().toISOString().slice(0, 10)}`;
  const meta = { kid, alg: 'RS256', use: 'sig' };
  const keys = {
    publicJwk: { ...(await exportJWK(publicKey)), ...meta },
    privateJwk: { ...(await exportJWK(privateKey)), ...meta },
  };
  await mkdir(dirname(file), { recursive: true });
  await writeFile(file, JSON.stringify(keys, null, 2), { mode: 0o600 });
  await chmod(file, 0o600);
  return keys;
}
