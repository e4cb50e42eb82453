/**
 * The publication queue as the console shows it: every proposal from approval on, with its
 * state, attempts, last error, next attempt and publication, newest decisions first.
 */

export interface QueueEntry {
  id: string;
  town: string | null;
  summary: string;
  effective: string;
  state: string;
  proposedBy: string;
  decidedBy: string | null;
  decidedAt: string | null;
  changeId: string | null;
  commitSha: string | null;
  commitAttempts: number;
  commitError: string | null;
  nextAttemptAt: string | null;
  publishedAt: string | null;
  publishedVersion: string | null;
}

/** States the publisher owns, in the order a proposal passes them. */
export const PUBLICATION_STATES = ['approved', 'committed', 'published', 'conflict', 'failed'] as const;

/** Chinese labels of the publication states. */
export const PUBLICATION_STATE_LABELS: Record<string, string> = {
  approved: '排队等待提交',
  committed: '已提交，等待上线',
  published: '已上线',
  conflict: '有冲突，未提交',
  failed: '提交或构建失败',
};

/** Proposals in the publisher's states; `town` limits to one town's (a town member sees only theirs). */
export async function publicationQueue(
  db: D1Database,
  opts: { town?: string; limit?: number } = {},
): Promise<QueueEntry[]> {
  const { results } = await db
    .prepare(
      `SELECT id, town, summary, effective, state, proposed_by, decided_by, decided_at,
              json_extract(change_record, '$.id') AS change_id, commit_sha, commit_attempts, commit_error,
              next_attempt_at, published_at, published_version
         FROM roster_proposals
        WHERE state IN ('approved', 'committed', 'published', 'conflict', 'failed')
          AND (?1 IS NULL OR town = ?1)
        ORDER BY CASE state WHEN 'approved' THEN 0 WHEN 'conflict' THEN 1 WHEN 'failed' THEN 1 WHEN 'committed' THEN 2 ELSE 3 END,
                 decided_at DESC
        LIMIT ?2`,
    )
    .bind(opts.town ?? null, opts.limit ?? 200)
    .all<Record<string, unknown>>();
  return results.map((r) => ({
    id: String(r.id),
    town: (r.town as string | null) ?? null,
    summary: String(r.summary),
    effective: String(r.effective),
    state: String(r.state),
    proposedBy: String(r.proposed_by),
    decidedBy: (r.decided_by as string | null) ?? null,
    decidedAt: (r.decided_at as string | null) ?? null,
    changeId: (r.change_id as string | null) ?? null,
    commitSha: (r.commit_sha as string | null) ?? null,
    commitAttempts: Number(r.commit_attempts),
    commitError: (r.commit_error as string | null) ?? null,
    nextAttemptAt: (r.next_attempt_at as string | null) ?? null,
    publishedAt: (r.published_at as string | null) ?? null,
    publishedVersion: (r.published_version as string | null) ?? null,
  }));
}
