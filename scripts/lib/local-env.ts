/**
 * The local Worker's settings file: `npm start`, the end-to-end tests and the
 * benchmarks hand vars and secrets to `wrangler dev` through a dotenv file in
 * the persist folder (mode 0600) instead of `--var NAME:value`, which any user
 * of the machine could read from the process list. Also the per-install
 * IP_HASH_SALT of a local run (the deployed Worker refuses intake without its
 * own), kept beside the local D1 it belongs to.
 */
import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** A random salt created once per persist folder (so stored hashes stay comparable across restarts). */
export function localSalt(persistTo: string): string {
  mkdirSync(persistTo, { recursive: true });
  const file = join(persistTo, 'ip-hash-salt');
  if (!existsSync(file)) writeFileSync(file, randomBytes(32).toString('hex') + '\n', { mode: 0o600 });
  return readFileSync(file, 'utf8').trim();
}

/** The settings every local run has: ENVGRID_ENV=local and the install's salt (both overridable). */
export function localWorkerVars(persistTo: string): Record<string, string> {
  return { ENVGRID_ENV: 'local', IP_HASH_SALT: localSalt(persistTo) };
}

/**
 * A dotenv line wrangler reads back byte for byte. Dotenv unescapes nothing but `\n` inside
 * double quotes (so a JSON value such as the local key set would arrive with its `\"` kept),
 * and nothing at all inside single quotes or backticks: the value goes in the first of those
 * quote characters it does not contain. A value with a line break cannot be written.
 */
export function dotenvLine(name: string, value: string): string {
  if (!/^[A-Z_][A-Z0-9_]*$/.test(name)) throw new Error(`not a variable name: ${name}`);
  if (/[\r\n]/.test(value)) throw new Error(`${name}: a value for the env file cannot contain a line break`);
  const quote =
    ["'", '`'].find((q) => !value.includes(q)) ?? (value.includes('"') || value.includes('\\') ? null : '"');
  if (!quote) throw new Error(`${name}: the value holds every quote character and cannot be written to the env file`);
  return `${name}=${quote}${value}${quote}`;
}

/** Writes `vars` to `<persistTo>/worker.env` (0600) and returns its path, for `wrangler dev --env-file`. */
export function writeWorkerEnvFile(persistTo: string, vars: Record<string, string>): string {
  mkdirSync(persistTo, { recursive: true });
  const file = join(persistTo, 'worker.env');
  writeFileSync(
    file,
    Object.entries(vars)
      .map(([k, v]) => dotenvLine(k, v))
      .join('\n') + '\n',
    { mode: 0o600 },
  );
  chmodSync(file, 0o600); // an existing file keeps its old mode on write
  return file;
}
