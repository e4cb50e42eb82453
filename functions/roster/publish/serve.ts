/**
 * The hook the Worker calls on every request: the first request an isolate serves records
 * the publication of the changes its build carries (record.ts), in the background.
 */
import build from 'virtual:envgrid/build';
import { rosterIndex } from '../../../domain/roster/current.ts';
import { recordPublication, servingVersion } from './record.ts';

/** Change ids in this build without a `published` date (those stamped by hand before runtime recording keep theirs). */
export const UNPUBLISHED_IN_BUILD: readonly string[] = rosterIndex.roster.changes
  .filter((c) => !c.published)
  .map((c) => c.id);

/** A recorder for one isolate: records once; a failed attempt (D1 unavailable) is tried again on the next request. */
export function publicationRecorder(now: () => Date = () => new Date()) {
  let done: Promise<void> | undefined;
  return (env: Env, ctx: ExecutionContext): void => {
    done ??= recordPublication(env.DB, {
      version: servingVersion(env, build.id),
      buildId: build.id,
      changeIds: UNPUBLISHED_IN_BUILD,
      now: now(),
    }).then(
      (ids) => {
        if (ids.length > 0) console.log(`roster publish: recorded ${ids.join(', ')} as published`);
      },
      (e: unknown) => {
        done = undefined;
        console.error('roster publish: recording failed', e instanceof Error ? e.message : e);
      },
    );
    ctx.waitUntil(done);
  };
}
