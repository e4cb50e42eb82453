/**
 * Running `npm run staff` (scripts/staff.ts) in tests against a real local D1
 * in a temporary folder, migrated with the real migrations by wrangler.
 */
import { execFile, spawnSync } from 'node:child_process';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const ROOT = resolve(import.meta.dirname, '../../..');
const ENV = { ...process.env, CLOUDFLARE_CF_FETCH_ENABLED: 'false' };

/** A fresh temporary folder holding a local D1 with every migration applied. */
export async function migratedD1Folder(prefix: string): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), prefix));
  const m = spawnSync(
    join(ROOT, 'node_modules/.bin/wrangler'),
    ['d1', 'migrations', 'apply', 'DB', '--local', '--persist-to', dir],
    { cwd: ROOT, encoding: 'utf8', env: ENV },
  );
  if (m.status !== 0) throw new Error(`migrations failed: ${m.stderr}${m.stdout}`);
  return dir;
}

/** Runs `npm run staff -- …args` on the local D1 in `dir`; its exit code and output. */
export function runStaffCli(dir: string, ...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((ok) => {
    execFile(
      process.execPath,
      [join(ROOT, 'scripts/staff.ts'), ...args, '--persist-to', dir],
      { cwd: ROOT, env: ENV },
      (err, stdout, stderr) => ok({ code: err ? (typeof err.code === 'number' ? err.code : 1) : 0, stdout, stderr }),
    );
  });
}
