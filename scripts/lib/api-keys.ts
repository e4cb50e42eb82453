/**
 * `npm run staff -- apikey add|list|revoke`: the Open311 API keys
 * (functions/open311/keys.ts, docs/open311.md). `add` prints the key once;
 * only its hash is stored. Keys are revoked, never deleted.
 */
import type { SqlRunner } from './d1.ts';
import {
  API_KEY_NAME,
  apiKeyHash,
  INSERT_API_KEY_SQL,
  LIST_API_KEYS_SQL,
  newApiKey,
  REVOKE_API_KEY_SQL,
} from '../../functions/open311/keys.ts';

export const API_KEY_USAGE = `  npm run staff -- apikey add 名称        新建 Open311 API 密钥（只显示这一次）
  npm run staff -- apikey list            列出密钥（不显示密钥本身）
  npm run staff -- apikey revoke 名称     吊销密钥`;

interface KeyRow {
  id: string;
  name: string;
  created_at: string;
  created_by: string;
  revoked_at: string | null;
}

/** The problem with a subcommand and its name, or null; checked before any database is opened. */
export function apiKeyArgsProblem(sub: string | undefined, name: string | undefined, extra: string[]): string | null {
  if (!sub || !['add', 'list', 'revoke'].includes(sub)) return `apikey 后面请写 add、list 或 revoke\n${API_KEY_USAGE}`;
  if (sub === 'list') return name || extra.length ? `apikey list 不需要其他参数` : null;
  if (!name) return `请写上密钥的名称（持有方），如 npm run staff -- apikey ${sub} city-12345`;
  if (extra.length) return `多余的参数：${extra.join(' ')}`;
  if (!API_KEY_NAME.test(name)) return '密钥名称只能用小写字母、数字和连字符，2–40 个字符，如 city-12345';
  return null;
}

/** Runs one apikey subcommand; the exit code. */
export async function apiKeyCommand(
  db: SqlRunner,
  sub: 'add' | 'list' | 'revoke',
  name: string,
  actor: string,
  opts: { json: boolean },
): Promise<number> {
  const rows = await db.all<KeyRow>(LIST_API_KEYS_SQL);
  if (sub === 'list') {
    if (opts.json) console.log(JSON.stringify(rows, null, 2));
    else if (!rows.length) console.log(`还没有 API 密钥（${db.label}）。用 npm run staff -- apikey add 名称 新建。`);
    else {
      console.log(`Open311 API 密钥 · ${db.label}`);
      for (const r of rows)
        console.log(
          `  ${r.name}  建于 ${r.created_at}（${r.created_by}）${r.revoked_at ? `  已吊销 ${r.revoked_at}` : ''}`,
        );
    }
    return 0;
  }
  const row = rows.find((r) => r.name === name);
  const at = new Date().toISOString();
  if (sub === 'add') {
    if (row) {
      console.error(`名称 ${name} 已经用过${row.revoked_at ? '（已吊销）' : ''}：请换一个名称（${db.label}）`);
      return 1;
    }
    const key = newApiKey();
    await db.batch([
      { sql: INSERT_API_KEY_SQL, params: [crypto.randomUUID(), name, await apiKeyHash(key), at, actor] },
    ]);
    console.log(key);
    console.error(`（${name} 的 API 密钥，已保存到${db.label}。它只显示这一次，请交给持有方妥善保管；`);
    console.error(`  提交时作为 api_key 参数发送，见 docs/open311.md）`);
    return 0;
  }
  if (!row || row.revoked_at) {
    console.error(`没有在用的密钥 ${name}（${db.label}）。npm run staff -- apikey list 可查看。`);
    return 1;
  }
  await db.batch([{ sql: REVOKE_API_KEY_SQL, params: [name, at] }]);
  console.log(`已吊销：${name}（记录保留；${db.label}）`);
  return 0;
}
