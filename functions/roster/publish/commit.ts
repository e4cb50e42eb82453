/**
 * One proposal → one commit on the roster branch. The edit's own files must still be as the
 * edit found them (their `base` hash); `changes.yaml`, which every proposal touches, is read
 * fresh and the change record appended to it. The branch moves only as a fast forward: if
 * another commit lands in between, everything is read and checked again.
 *
 * A commit carries the trailer `EnvGrid-Proposal: <id>`: before trying again after a failed
 * attempt, the recent history is searched for it, so a commit whose answer was lost is found
 * rather than made twice.
 */
import { z } from 'zod';
import { sha256Hex } from '../../../domain/crypto.ts';
import { appendChangeRecord, CHANGES_FILE } from '../../../domain/roster/changes-file.ts';
import type { Change } from '../../../domain/roster/records-schema.ts';
import { GitHostError, type GitHost, type Person } from './git-host.ts';

export const PROPOSAL_TRAILER = 'EnvGrid-Proposal';
export const CHANGE_TRAILER = 'EnvGrid-Change';
/** How far back a lost commit is searched for. */
const SEARCH_DEPTH = 50;
/** Re-reads after the branch moved under us, within one attempt. */
const ROUNDS = 3;

const fileSchema = z.strictObject({
  path: z
    .string()
    .regex(/^[a-z0-9][a-z0-9_-]*(\/[a-z0-9][a-z0-9_-]*)*\.(ya?ml|md)$/)
    .refine((p) => p !== CHANGES_FILE && p !== 'published.json'),
  content: z.string(),
  base: z
    .string()
    .regex(/^[0-9a-f]{64}$/)
    .nullable(),
});
const filesSchema = z.array(fileSchema).min(1);

export type ProposalFile = z.infer<typeof fileSchema>;

export interface CommitInput {
  id: string;
  files: string;
  changeRecord: string;
  /** The previous attempt may have committed already (its answer lost). */
  retried: boolean;
  author: Person;
  committer: Person;
}

export type CommitResult =
  | { kind: 'committed'; sha: string; record: Change; found: boolean; refreshed: string[] }
  | { kind: 'conflict'; error: string }
  | { kind: 'failed'; error: string };

/** The commit message: subject, who and when in the body, trailers last. */
export function commitMessage(id: string, record: Change, author: Person, committer: Person): string {
  return [
    `Roster: ${record.summary}`,
    '',
    `变更记录 ${record.id}，生效日期 ${record.effective}，范围 ${record.scope.join('、')}。`,
    `提出：${author.name} <${author.email}>；批准：${committer.name} <${committer.email}>`,
    '',
    `${PROPOSAL_TRAILER}: ${id}`,
    `${CHANGE_TRAILER}: ${record.id}`,
  ].join('\n');
}

function trailer(message: string, name: string): string | undefined {
  return new RegExp(`^${name}: *(\\S+) *$`, 'm').exec(message)?.[1];
}

/** Makes the commit, or says why not. GitHostError ('unavailable', 'refused') escapes to the caller. */
export async function commitProposal(host: GitHost, contentDir: string, p: CommitInput): Promise<CommitResult> {
  const files = filesSchema.safeParse(safeJson(p.files));
  if (!files.success) return { kind: 'failed', error: '变更的文件清单无效（files），无法提交；请重新提出这项变更' };
  const draft = safeJson(p.changeRecord);
  const at = (path: string) => `${contentDir}/${path}`;

  if (p.retried) {
    const found = (await host.recentCommits(SEARCH_DEPTH)).find((c) => trailer(c.message, PROPOSAL_TRAILER) === p.id);
    if (found) {
      const appended = appendChangeRecord(undefined, draft);
      const id = trailer(found.message, CHANGE_TRAILER);
      if (!appended.ok) return { kind: 'failed', error: appended.message };
      return {
        kind: 'committed',
        sha: found.sha,
        record: { ...appended.record, ...(id ? { id } : {}) },
        found: true,
        refreshed: [],
      };
    }
  }

  const refreshed: string[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    const head = await host.branchHead();
    for (const f of files.data) {
      const current = await host.readFile(at(f.path), head);
      if (current?.text === f.content) continue; // already as the edit wants it
      if (f.base === null && current) {
        return {
          kind: 'conflict',
          error: `${at(f.path)} 在这项变更提出后已被别人新建，为避免覆盖未提交。请在名册中核对后重新提出`,
        };
      }
      if (f.base !== null && !current) {
        return { kind: 'conflict', error: `${at(f.path)} 在这项变更提出后已被删除，未提交。请在名册中核对后重新提出` };
      }
      if (f.base !== null && (await sha256Hex(current!.text)) !== f.base) {
        return {
          kind: 'conflict',
          error: `${at(f.path)} 在这项变更提出后已被别人修改（可能是另一项已发布的变更），为避免覆盖未提交。请按最新名册重新提出`,
        };
      }
    }
    const changes = await host.readFile(at(CHANGES_FILE), head);
    const appended = appendChangeRecord(changes?.text, draft);
    if (!appended.ok) return { kind: 'failed', error: appended.message };
    const draftId = (draft as { id?: unknown } | undefined)?.id;
    if (appended.record.id !== draftId)
      refreshed.push(`变更编号 ${String(draftId)} 已被占用，改为 ${appended.record.id}`);

    const writes = [...files.data.map((f) => ({ path: at(f.path), text: f.content }))];
    if (appended.text !== changes?.text) writes.push({ path: at(CHANGES_FILE), text: appended.text });
    const blobs = [];
    for (const w of writes) blobs.push({ path: w.path, blob: await host.createBlob(w.text) });
    const tree = await host.createTree(await host.commitTree(head), blobs);
    const sha = await host.createCommit({
      message: commitMessage(p.id, appended.record, p.author, p.committer),
      tree,
      parent: head,
      author: p.author,
      committer: p.committer,
    });
    try {
      await host.moveBranch(sha);
      return { kind: 'committed', sha, record: appended.record, found: false, refreshed };
    } catch (e) {
      if (!(e instanceof GitHostError && e.kind === 'moved')) throw e;
      refreshed.push('提交时分支已有新提交，已按最新内容重新核对');
    }
  }
  throw new GitHostError('unavailable', `分支在 ${ROUNDS} 次尝试中一直有新提交，稍后再试`);
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}
