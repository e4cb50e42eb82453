/** Cron work (wrangler.toml `[triggers]`), run by the Worker's `scheduled` handler every minute. */
import { intakeConfig } from './complaints/config.ts';
import { purgeRateLimitHits } from './complaints/rate-limit.ts';
import { purgeExpired } from './complaints/retention.ts';
import { runDueDeliveries } from './forwarding/deliver.ts';
import { cleanupOrphanPhotos } from './photos/cleanup.ts';
import { runDigests } from './digests/run.ts';
import { runPublisher } from './roster/publish/publisher.ts';

export async function runScheduled(controller: ScheduledController, env: Env, _ctx: ExecutionContext): Promise<void> {
  const at = new Date(controller.scheduledTime);
  // Complaint forwarding: retry every delivery that is due (back-off in forwarding/schedule.ts).
  const s = await runDueDeliveries(env, { scheduledTime: at });
  if (s.attempted) console.log(`forwarding cron: ${JSON.stringify(s)}`);
  // Rate-limit hits older than every window: each minute, so the table stays small under a flood.
  await purgeRateLimitHits(env.DB, intakeConfig(env), at.getTime()).catch((e: unknown) =>
    console.error('rate-limit purge failed', e instanceof Error ? e.message : e),
  );
  // Retention only needs to run once an hour; the cron fires every minute.
  if (at.getUTCMinutes() === 7) await purgeExpired(env.DB, at);
  // Photo objects left by interrupted uploads (no row after an hour); also hourly.
  if (at.getUTCMinutes() === 37) await cleanupOrphanPhotos(env, at);
  // Digests and 催办 (08:30 / 16:30 Beijing on working days) and their retries; a failure waits for the next minute.
  await runDigests(env, at).catch((e: unknown) => console.error('digests failed', e instanceof Error ? e.message : e));
  // Approved roster changes → commits on the roster repository (functions/roster/publish).
  await runPublisher(env, { now: at }).then(
    (r) => (r.attempted || r.buildsFailed > 0) && console.log(`roster publish: ${JSON.stringify(r)}`),
    (e: unknown) => console.error('roster publish failed', e instanceof Error ? e.message : e),
  );
}
