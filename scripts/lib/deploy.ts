/**
 * `npm run deploy` from a workstation: check the roster, run the build and upload steps, and —
 * only when every step succeeded — keep the snapshot of what went live (`published.json`, the
 * baseline roster:check compares against). It never writes a publication date: the runtime
 * records one when the new Worker version first serves (functions/roster/publish/record.ts),
 * the one source for /changes/, roster:check and the clock.
 */
import { spawnSync } from 'node:child_process';
import { checkRosterFiles } from '../../domain/roster/check.ts';
import { readPublishedState, readRosterFiles } from '../../domain/roster/fs.ts';
import { writeLiveSnapshot } from './publish.ts';

export interface DeployOptions {
  contentDir: string;
  /** The deploy day (China time), YYYY-MM-DD: the snapshot's date. */
  today: string;
  /** Commands run in order, e.g. the build and `wrangler deploy`. */
  steps: string[][];
  /** Working directory of the steps. */
  cwd: string;
}

export type DeployResult = { ok: true } | { ok: false; message: string };

/** Checks, runs the steps; after the last one succeeded, writes the snapshot. */
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
  for (const [cmd, ...args] of o.steps) {
    const r = spawnSync(cmd!, args, { cwd: o.cwd, stdio: 'inherit' });
    if (r.status !== 0) {
      return {
        ok: false,
        message: `「${[cmd, ...args].join(' ')}」失败（退出码 ${r.status ?? r.signal}），未发布；content/ 没有任何改动。`,
      };
    }
  }
  await writeLiveSnapshot(o.contentDir, o.today);
  return { ok: true };
}
