/**
 * Roster repositories on this machine: the one `npm start` publishes into (a clone of the
 * developer's working copy under .wrangler/, so nothing is ever committed into the working
 * copy itself) and the temporary ones the publisher's tests use.
 */
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';

const raw = (cwd: string, args: string[], env: Record<string, string> = {}) =>
  execFileSync('git', args, { cwd, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] }).toString();
const run = (cwd: string, args: string[], env: Record<string, string> = {}) => raw(cwd, args, env).trim();

/**
 * A new repository in `dir` (which must not exist yet) holding a copy of `contentSource` under
 * `contentDir`, in one commit on `branch` by a visibly fictitious author. Returns its git directory.
 */
export function seedRosterRepo(dir: string, contentSource: string, contentDir = 'content', branch = 'main'): string {
  mkdirSync(dir, { recursive: true });
  run(dir, ['init', '-q', '-b', branch]);
  cpSync(contentSource, join(dir, contentDir), { recursive: true });
  run(dir, ['add', '-A']);
  const who = { GIT_AUTHOR_NAME: 'EnvGrid 示例', GIT_AUTHOR_EMAIL: 'sample@example.org' };
  run(dir, ['commit', '-q', '-m', 'Sample roster'], {
    ...who,
    GIT_COMMITTER_NAME: who.GIT_AUTHOR_NAME,
    GIT_COMMITTER_EMAIL: who.GIT_AUTHOR_EMAIL,
  });
  return join(dir, '.git');
}

/**
 * The roster repository for `npm start`: a clone of `source` (the working copy's committed
 * state) in `dir`, made once and kept across restarts. Returns its git directory and branch.
 */
export function ensureLocalRosterRepo(dir: string, source: string): { gitDir: string; branch: string } {
  if (!existsSync(join(dir, '.git'))) {
    mkdirSync(dir, { recursive: true });
    run(dir, ['clone', '-q', '--no-hardlinks', source, '.']);
  }
  return { gitDir: join(dir, '.git'), branch: run(dir, ['rev-parse', '--abbrev-ref', 'HEAD']) };
}

/** Brings the clone's files to `sha` (the service moved the branch; the work tree is only ours). */
export function checkoutCommit(dir: string, sha: string): void {
  run(dir, ['reset', '-q', '--hard', sha]);
}

/** `git log` of the repository, one block per commit: author, email and the full message. */
export function gitLog(gitDir: string, count = 10): string {
  return run(gitDir, ['--git-dir', gitDir, 'log', `-${count}`, '--format=%H%n%an <%ae>%n%cn <%ce>%n%B%n--']);
}

/** A file's text at a commit (or branch) of the repository; undefined if absent. */
export function showFile(gitDir: string, rev: string, path: string): string | undefined {
  try {
    return raw(gitDir, ['--git-dir', gitDir, 'show', `${rev}:${path}`]);
  } catch {
    return undefined;
  }
}
