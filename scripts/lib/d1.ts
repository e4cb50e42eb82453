/**
 * Running SQL on the project's D1 from Node scripts: the local database that
 * `npm start` uses (a real D1 binding through wrangler's getPlatformProxy), or
 * the remote one through `wrangler d1 execute --remote` (which takes no bound
 * parameters, so values are inlined only after strict validation).
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { ROOT } from './server.ts';

/** The local state folder `npm start` uses. */
export const DEFAULT_PERSIST_TO = resolve(ROOT, '.wrangler/state');

export interface SqlRunner {
  /** Where the data lives, for the operator. */
  label: string;
  /** Runs one statement with `?1`, `?2` … parameters and returns its rows. */
  all<T>(sql: string, params?: string[]): Promise<T[]>;
  /** Runs statements atomically (one D1 batch), with text or NULL parameters. */
  batch(statements: { sql: string; params: (string | null)[] }[]): Promise<void>;
  close(): Promise<void>;
}

const CONFIG = resolve(ROOT, 'wrangler.toml');

/** The local D1 in `persistTo` (the folder given to `wrangler dev --persist-to`). */
export async function localD1(persistTo: string): Promise<SqlRunner> {
  if (!existsSync(persistTo)) {
    throw new Error(`找不到本地数据目录 ${persistTo}：请先运行 npm start，或用 --persist-to 指定目录`);
  }
  const { getPlatformProxy } = await import('wrangler');
  // wrangler dev keeps its state under <persist-to>/v3; getPlatformProxy wants that inner folder.
  const proxy = await getPlatformProxy<{ DB: D1Database }>({
    configPath: CONFIG,
    persist: { path: join(persistTo, 'v3') },
    remoteBindings: false,
  });
  return {
    label: `本地 D1（${persistTo}）`,
    all: async <T>(sql: string, params: string[] = []) =>
      (
        await proxy.env.DB.prepare(sql)
          .bind(...params)
          .all<T>()
      ).results,
    batch: async (statements) => {
      await proxy.env.DB.batch(statements.map((s) => proxy.env.DB.prepare(s.sql).bind(...s.params)));
    },
    close: () => proxy.dispose(),
  };
}

// Values that may be inlined: ids (UUIDs) and ISO timestamps. No quotes, no spaces, nothing else.
const SAFE_VALUE = /^[0-9A-Za-z:.-]{1,64}$/;

/** Replaces `?N` with quoted literals, refusing any value outside the safe alphabet. */
export function inlineParams(sql: string, params: string[]): string {
  for (const p of params) if (!SAFE_VALUE.test(p)) throw new Error(`unsafe SQL value refused: ${JSON.stringify(p)}`);
  return sql.replace(/\?(\d+)/g, (_, n: string) => {
    const v = params[Number(n) - 1];
    if (v === undefined) throw new Error(`missing SQL parameter ?${n}`);
    return `'${v}'`;
  });
}

/**
 * Replaces `?N` with any text as a hex blob literal cast to text (or NULL):
 * names in Chinese and email addresses cannot pass `inlineParams`, and a hex
 * literal has no character that could end it, so nothing can be injected.
 */
export function inlineTextParams(sql: string, params: (string | null)[]): string {
  return sql.replace(/\?(\d+)/g, (_, n: string) => {
    const v = params[Number(n) - 1];
    if (v === undefined) throw new Error(`missing SQL parameter ?${n}`);
    return v === null ? 'NULL' : `CAST(X'${Buffer.from(v, 'utf8').toString('hex')}' AS TEXT)`;
  });
}

/** The remote D1 (binding DB in wrangler.toml), through wrangler with the operator's Cloudflare login. */
export function remoteD1(): SqlRunner {
  const execute = <T>(command: string) =>
    new Promise<T[]>((ok, fail) => {
      const args = ['d1', 'execute', 'DB', '--remote', '--json', '-c', CONFIG, '--command', command];
      const p = spawn(resolve(ROOT, 'node_modules/.bin/wrangler'), args, {
        cwd: ROOT,
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let out = '';
      let err = '';
      p.stdout.on('data', (d) => (out += d));
      p.stderr.on('data', (d) => (err += d));
      p.on('error', fail);
      p.on('exit', (code) => {
        if (code !== 0) return fail(new Error(`wrangler d1 execute 失败（${code}）：${err || out}`));
        try {
          const parsed = JSON.parse(out) as { results: T[] }[];
          ok(parsed[0]?.results ?? []);
        } catch {
          fail(new Error(`wrangler d1 execute 的输出不是 JSON：${out.slice(0, 500)}`));
        }
      });
    });
  return {
    label: '远程 D1（Cloudflare）',
    // Ids and times inline as quoted literals; any other text (the statistics' day table is
    // JSON) as a hex literal, which nothing can break out of.
    all: <T>(sql: string, params: string[] = []) =>
      execute<T>(params.every((p) => SAFE_VALUE.test(p)) ? inlineParams(sql, params) : inlineTextParams(sql, params)),
    // wrangler runs one --command of several statements in a single transaction.
    batch: async (statements) => {
      await execute(statements.map((s) => inlineTextParams(s.sql, s.params)).join(';\n'));
    },
    close: async () => {},
  };
}

/**
 * Runs a command-line tool's `main` on the D1 it was pointed at (`--remote`,
 * or a local folder, `npm start`'s by default), closes it, and exits with
 * `main`'s code. A database without the tool's tables gets `noTables` as the
 * hint (it has not been migrated yet).
 */
export async function runOnD1(
  where: { remote: boolean; persistTo?: string | undefined },
  main: (db: SqlRunner) => Promise<number>,
  noTables: string,
): Promise<never> {
  let db: SqlRunner;
  try {
    db = where.remote ? remoteD1() : await localD1(resolve(where.persistTo ?? DEFAULT_PERSIST_TO));
  } catch (e) {
    console.error(e instanceof Error ? e.message : String(e));
    process.exit(1);
  }
  let code = 0;
  try {
    code = await main(db);
  } catch (e) {
    const msg = e instanceof Error ? e.message : String(e);
    console.error(/no such table/.test(msg) ? `${noTables}\n${msg}` : msg);
    code = 1;
  } finally {
    await db.close();
  }
  process.exit(code);
}
