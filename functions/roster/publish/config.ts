/**
 * The publisher's settings (docs/roster-publishing.md). Fail closed: while any is missing,
 * approved proposals stay queued and the console shows which setting is missing.
 */

export interface GitHostConfig {
  /** API base URL without a trailing slash, e.g. https://api.github.com. */
  api: string;
  owner: string;
  repo: string;
  branch: string;
  /** Folder of the roster inside the repository, e.g. `content`. */
  contentDir: string;
  token: string;
  /** Per-request timeout. */
  timeoutMs: number;
}

export type ConfigResult = { ok: true; config: GitHostConfig } | { ok: false; reason: string };

const DEFAULT_TIMEOUT_MS = 15_000;

/** Reads the settings from the Worker env; names what is missing in Chinese for the console. */
export function gitHostConfig(env: Env): ConfigResult {
  const e = env;
  const missing: string[] = [];
  const api = (e.ROSTER_GIT_API ?? '').trim().replace(/\/+$/, '');
  const repo = (e.ROSTER_GIT_REPO ?? '').trim();
  const token = (e.ROSTER_GIT_TOKEN ?? '').trim();
  if (!api) missing.push('ROSTER_GIT_API');
  if (!repo) missing.push('ROSTER_GIT_REPO');
  if (!token) missing.push('ROSTER_GIT_TOKEN');
  if (missing.length > 0) {
    return {
      ok: false,
      reason: `未配置版本库（缺少 ${missing.join('、')}），审批通过的变更在队列中等待，配置后自动提交。见 docs/roster-publishing.md`,
    };
  }
  if (!/^https?:\/\/[^/]+/.test(api)) {
    return { ok: false, reason: `ROSTER_GIT_API 应是 http(s) 地址，如 https://api.github.com，现为「${api}」` };
  }
  const m = /^([A-Za-z0-9_.-]+)\/([A-Za-z0-9_.-]+)$/.exec(repo);
  if (!m)
    return { ok: false, reason: `ROSTER_GIT_REPO 应写成 所有者/仓库名，如 tangshan-gxq/envgrid，现为「${repo}」` };
  const contentDir = (e.ROSTER_CONTENT_DIR ?? '').trim().replace(/^\/+|\/+$/g, '') || 'content';
  const timeout = Number(e.ROSTER_GIT_TIMEOUT_MS ?? '');
  return {
    ok: true,
    config: {
      api,
      owner: m[1]!,
      repo: m[2]!,
      branch: (e.ROSTER_GIT_BRANCH ?? '').trim() || 'main',
      contentDir,
      token,
      timeoutMs: Number.isFinite(timeout) && timeout >= 100 && timeout <= 25_000 ? timeout : DEFAULT_TIMEOUT_MS,
    },
  };
}
