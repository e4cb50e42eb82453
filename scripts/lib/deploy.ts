/**
 * Publication as one transaction: stamp the change log and the published state, run the build
 * and upload steps, and undo the stamp if any step fails — a change counts as published only
 * when the deploy that carries it succeeded.
 */
import { spawnSync } from 'node:child_process';
import { readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { checkRosterFiles } from '../../domain/roster/check.ts';
import { readPublishedState, readRosterFiles } from '../../domain/roster/fs.ts';
import { PUBLISHED_FILE } from '../../domain/roster/publication.ts';
import { stampPublished } from './publish.ts';

export interface DeployOptions {
  contentDir: string;
  /** The publication day (China time), YYYY-MM-DD. */
  today: string;
  /** Commands run in order after stamping, e.g. the build and `wrangler deploy`. */
  steps: string[][];
  /** Working directory of the steps. */
  cwd: string;
}

export type DeployResult = { ok: true; stamped: string[] } | { ok: false; message: string };

/** The files the stamp writes, with their text before it (undefined = did not exist). */
async function backup(dir: string): Promise<Map<string, string | undefined>> {
  const out = new Map<string, string | undefined>();
  for (const f of ['changes.yaml', PUBLISHED_FILE]) {
    out.set(f, await readFile(join(dir, f), 'utf8').catch(() => undefined));
  }
  return out;
}

async function restore(dir: string, saved: Map<string, string | undefined>): Promise<void> {
  for (const [f, text] of saved) {
    if (text === undefined) await rm(join(dir, f), { force: true });
    else await writeFile(join(dir, f), text, 'utf8');
  }
}

/** Checks, stamps, runs the steps; on a failed step restores the stamped files. */
export async function deploy(o: DeployOptions): Promise<DeployResult> {
  const files = await readRosterFiles(o.contentDir);
  const check = checkRosterFiles(files, { today: o.today, published: await readPublishedState(o.contentDir) });
  const errors = check.findings.filter((f) => f.severity === 'error');
  if (errors.length > 0) {
    return { ok: false, message: `名册有 ${errors.length} 处错误，未发布。请先运行 npm run roster:check 并改正。` };
  }
  const unrecorded = check.findings.filter((f) => f.rule === 'change-unrecorded');
  if (unrecorded.length > 0) {
    return {
      ok: false,
      message:
        `有 ${unrecorded.length} 个文件改动了但没有变更记录，未发布：\n` +
        unrecorded.map((f) => `  ${f.file}：${f.message}`).join('\n') +
        '\n请先运行 npm run roster:changes 起草变更记录。',
    };
  }
  const saved = await backup(o.contentDir);
  const stamped = await stampPublished(o.contentDir, o.today);
  for (const [cmd, ...args] of o.steps) {
    const r = spawnSync(cmd!, args, { cwd: o.cwd, stdio: 'inherit' });
    if (r.status !== 0) {
      await restore(o.contentDir, saved);
      return {
        ok: false,
        message: `「${[cmd, ...args].join(' ')}」失败（退出码 ${r.status ?? r.signal}），未发布；变更记录的公布日期已恢复原样。`,
      };
    }
  }
  return { ok: true, stamped };
}
