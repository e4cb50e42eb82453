/**
 * Publication right after an approval: the publisher runs in the background of the approving
 * request, so the commit does not wait for the next cron minute (locally the rebuild starts
 * seconds after the office clicks 批准). The cron stays the path for retries; the claim in
 * store.ts keeps the two from committing one proposal twice.
 */
import { waitUntil } from 'cloudflare:workers';
import { gitHostConfig } from './config.ts';
import { runPublisher } from './publisher.ts';

/** Starts a publisher run after the response, when the Git host is configured (else the cron shows why not). */
export function publishSoon(env: Env, now: Date): void {
  if (!gitHostConfig(env).ok) return;
  waitUntil(
    runPublisher(env, { now }).then(
      (r) => r.attempted && console.log(`roster publish (on approval): ${JSON.stringify(r)}`),
      (e: unknown) => console.error('roster publish (on approval) failed', e instanceof Error ? e.message : e),
    ),
  );
}
