/**
 * `npm run staff` against a real local D1 (wrangler's, with the real
 * migrations) in a temporary folder: add, list --json, remove, token, the
 * audit trail, and clear Chinese errors for bad input that change nothing.
 */
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLocalJWKSet, jwtVerify } from 'jose';
import { LOCAL_AUDIENCE, LOCAL_ISSUER } from '../../functions/staff/local-access.ts';
import { localD1 } from '../../scripts/lib/d1.ts';
import { ensureLocalKeys } from '../../scripts/lib/local-keys.ts';
import { migratedD1Folder, runStaffCli } from './helpers/staff-cli.ts';

/** The options of a town member used throughout. */
const ZHANG = ['--name', '示例·张伟', '--role', 'town', '--scope', 'jiedao'];
let dir: string;
let keysFile: string;

function staff(...args: string[]) {
  return runStaffCli(dir, ...args);
}

beforeAll(async () => {
  dir = await migratedD1Folder('envgrid-staff-cli-');
  keysFile = join(dir, 'keys.json');
  await ensureLocalKeys(keysFile);
}, 120_000);
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

// Each run that opens the database starts wrangler's local runtime (seconds each on a busy machine).
describe('npm run staff', { timeout: 300_000 }, () => {
  it('adds members, lists them as JSON, and prints a token that verifies with the local key', async () => {
    const add = await staff('add', 'Zhang.Wei@Example.org', ...ZHANG);
    expect(add.stderr).toBe('');
    expect(add.code).toBe(0);
    expect(add.stdout).toContain('已添加：zhang.wei@example.org');
    expect((await staff('add', 'office@example.org', '--name', '示例·值班员', '--role', 'office')).code).toBe(0);

    const list = await staff('list', '--json');
    expect(JSON.parse(list.stdout)).toEqual([
      { email: 'office@example.org', name: '示例·值班员', role: 'office', scope: null },
      { email: 'zhang.wei@example.org', name: '示例·张伟', role: 'town', scope: 'jiedao' },
    ]);

    const keys = await ensureLocalKeys(keysFile); // made in beforeAll: read back
    const token = await staff('token', 'zhang.wei@example.org', '--keys', keysFile);
    expect(token.code).toBe(0);
    const line = token.stdout.trim();
    expect(line.split('\n')).toHaveLength(1);
    const { payload } = await jwtVerify(line, createLocalJWKSet({ keys: [keys.publicJwk] }), {
      issuer: LOCAL_ISSUER,
      audience: LOCAL_AUDIENCE,
      algorithms: ['RS256'],
    });
    expect(payload.email).toBe('zhang.wei@example.org');
  });

  it('refuses bad input with a message naming the field, and writes nothing', async () => {
    const cases: [string[], RegExp][] = [
      [['add', 'not-an-email', '--name', '示例', '--role', 'office'], /email：邮箱格式不对/],
      [['add', 'a@example.org', '--name', '示例', '--role', 'boss'], /role：角色只能是/],
      [['add', 'a@example.org', '--name', '示例', '--role', 'town'], /scope：角色 town 需要写镇/],
      [
        ['add', 'a@example.org', '--name', '示例', '--role', 'town', '--scope', 'atlantis'],
        /scope：没有编号为 atlantis 的镇/,
      ],
      [
        ['add', 'a@example.org', '--name', '示例', '--role', 'viewer', '--scope', 'jiedao'],
        /scope：角色 viewer 不分管/,
      ],
      [['add', 'a@example.org', '--role', 'office'], /name：请填写姓名/],
      [['remove', 'nobody@example.org'], /名录中没有在用的 nobody@example.org/],
      [['token', 'nobody@example.org', '--keys', keysFile], /不能为其签发令牌/],
      [['token', 'a@example.org', '--remote'], /token 只用于本机/],
      [['frobnicate'], /不认识的命令/],
    ];
    for (const [args, message] of cases) {
      const r = await staff(...args);
      expect(r.code, args.join(' ')).not.toBe(0);
      expect(r.stderr, args.join(' ')).toMatch(message);
    }
  });

  it('removes softly: the member leaves the list and gets no token, the row and the audit trail stay', async () => {
    const removed = await staff('remove', 'zhang.wei@example.org');
    expect(removed.code).toBe(0);
    const list = await staff('list', '--json');
    expect((JSON.parse(list.stdout) as { email: string }[]).map((m) => m.email)).toEqual(['office@example.org']);
    expect((await staff('token', 'zhang.wei@example.org', '--keys', keysFile)).code).toBe(1);

    const db = await localD1(dir);
    try {
      const row = await db.all<{ removed_at: string | null }>('SELECT removed_at FROM staff WHERE email = ?1', [
        'zhang.wei@example.org',
      ]);
      expect(row[0]?.removed_at).toMatch(/^\d{4}-/);
      const audit = await db.all<{ action: string; email: string; actor: string }>(
        'SELECT action, email, actor FROM staff_audit ORDER BY id',
      );
      // Nothing from the refused commands above, 'a@example.org' included.
      expect(audit.map((a) => `${a.action} ${a.email}`)).toEqual([
        'add zhang.wei@example.org',
        'add office@example.org',
        'remove zhang.wei@example.org',
      ]);
      expect(audit.every((a) => a.actor.startsWith('cli:'))).toBe(true);
      await expect(db.all('DELETE FROM staff_audit')).rejects.toThrow(/append-only/);
      await expect(db.all('DELETE FROM staff')).rejects.toThrow(/never deleted/);
    } finally {
      await db.close();
    }

    const back = await staff('add', 'zhang.wei@example.org', ...ZHANG);
    expect(back.stdout).toContain('已恢复');
  });
});
