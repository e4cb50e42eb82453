/**
 * `npm run staff -- apikey` against a real local D1 (wrangler's, with the
 * real migrations) in a temporary folder: a key is printed once and only its
 * SHA-256 is stored; names are checked; revoking keeps the row; bad input
 * gets a Chinese message and changes nothing.
 */
import { createHash } from 'node:crypto';
import { rm } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { localD1 } from '../../scripts/lib/d1.ts';
import { migratedD1Folder, runStaffCli } from './helpers/staff-cli.ts';

let dir: string;

function staff(...args: string[]) {
  return runStaffCli(dir, ...args);
}

async function rows() {
  const db = await localD1(dir);
  try {
    return await db.all<{ name: string; key_hash: string; created_by: string; revoked_at: string | null }>(
      'SELECT name, key_hash, created_by, revoked_at FROM api_keys ORDER BY created_at',
    );
  } finally {
    await db.close();
  }
}

beforeAll(async () => {
  dir = await migratedD1Folder('envgrid-apikey-cli-');
}, 120_000);
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

// Each run that opens the database starts wrangler's local runtime (seconds each on a busy machine).
describe('npm run staff -- apikey', { timeout: 600_000 }, () => {
  it('adds a key shown once and stores only its hash; lists and revokes it', async () => {
    const add = await staff('apikey', 'add', 'city-12345');
    expect(add.code).toBe(0);
    const key = add.stdout.trim();
    expect(key).toMatch(/^eg311_[0-9a-f]{64}$/);
    expect(add.stderr).toContain('只显示这一次');
    const [row] = await rows();
    expect(row).toMatchObject({ name: 'city-12345', revoked_at: null });
    expect(row!.key_hash).toBe(createHash('sha256').update(key).digest('hex'));
    expect(row!.created_by).toMatch(/^cli:/);

    const list = await staff('apikey', 'list', '--json');
    expect(list.code).toBe(0);
    const listed = JSON.parse(list.stdout) as Record<string, unknown>[];
    expect(listed.map((r) => r.name)).toEqual(['city-12345']);
    expect(list.stdout).not.toContain(key);
    expect(list.stdout).not.toContain(row!.key_hash);

    expect((await staff('apikey', 'revoke', 'city-12345')).stdout).toContain('已吊销：city-12345');
    // A revoked name is not reused; the row stays, revoked.
    const again = await staff('apikey', 'add', 'city-12345');
    expect(again.code).toBe(1);
    expect(again.stderr).toContain('已经用过（已吊销）');
    const after = await rows();
    expect(after).toHaveLength(1);
    expect(after[0]!.revoked_at).toMatch(/^\d{4}-/);
  });

  it('refuses bad arguments before opening the database', async () => {
    const cases: [string[], RegExp][] = [
      [['apikey'], /add、list 或 revoke/],
      [['apikey', 'delete', 'x1'], /add、list 或 revoke/],
      [['apikey', 'add'], /请写上密钥的名称/],
      [['apikey', 'add', '12345 热线'], /只能用小写字母、数字和连字符/],
      [['apikey', 'add', 'Big-Name'], /只能用小写字母、数字和连字符/],
      [['apikey', 'add', 'ok-name', 'extra'], /多余的参数/],
    ];
    for (const [args, message] of cases) {
      const r = await staff(...args);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stderr).toMatch(message);
    }
    expect(await rows()).toHaveLength(1);
  });
});
