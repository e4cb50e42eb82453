/** Worker-side handle on the Git host fixture (tests/support/git-host-fixture.ts) and the settings pointing at it. */
import { env } from 'cloudflare:workers';
import { inject } from 'vitest';
import type { Fault } from '../../support/git-host-fixture.ts';
import type { LocalCheck } from '../../../scripts/lib/git-host/server.ts';

const base = () => `http://127.0.0.1:${inject('gitHostPort')}`;

async function control<T>(path: string, body?: unknown): Promise<T> {
  const res = await fetch(`${base()}/__control${path}`, {
    method: body === undefined ? 'GET' : 'POST',
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (!res.ok) throw new Error(`git host control ${path}: ${res.status} ${await res.text()}`);
  return (await res.json()) as T;
}

export interface TestRepo {
  name: string;
  /** The Worker env with the publisher's settings pointing at this repository. */
  env: Env;
  faults: (...f: Fault[]) => Promise<void>;
  /** `git log` (hash, author, committer, message per commit) and the API requests seen. */
  log: () => Promise<{ log: string; requests: string[] }>;
  /** A file's text on the branch (path inside the repository), or null. */
  file: (path: string) => Promise<string | null>;
  /** A commit made by someone else straight onto the branch. */
  commit: (files: Record<string, string>, message?: string) => Promise<string>;
  /** The pipeline reports `check` on commit `sha` (a check run, as Workers Builds does). */
  check: (sha: string, check: LocalCheck) => Promise<void>;
}

/** A fresh repository seeded with the sample roster under content/. */
export async function newRepo(settings: Record<string, string> = {}): Promise<TestRepo> {
  const { repo, token } = await control<{ repo: string; token: string }>('/repos', {});
  const q = `repo=${encodeURIComponent(repo)}`;
  return {
    name: repo,
    env: {
      ...env,
      ROSTER_GIT_API: base(),
      ROSTER_GIT_REPO: repo,
      ROSTER_GIT_BRANCH: 'main',
      ROSTER_CONTENT_DIR: 'content',
      ROSTER_GIT_TOKEN: token,
      ROSTER_GIT_TIMEOUT_MS: '15000',
      ...settings,
    } as Env,
    faults: async (...faults) => void (await control('/faults', { repo, faults })),
    log: () => control(`/log?${q}`),
    file: async (path) => (await control<{ text: string | null }>(`/file?${q}&path=${encodeURIComponent(path)}`)).text,
    commit: async (files, message) => (await control<{ sha: string }>('/commit', { repo, files, message })).sha,
    check: async (sha, check) => void (await control('/check', { repo, sha, check })),
  };
}
