/** Cron work (wrangler.toml `[triggers]`), run by the Worker's `scheduled` handler. */
import { purgeExpired } from './complaints/retention.ts';

export async function runScheduled(controller: ScheduledController, env: Env, _ctx: ExecutionContext): Promise<void> {
  // Later work (complaint forwarding retries) hooks in here.
  const at = new Date(controller.scheduledTime);
  // Retention only needs to run once an hour; the cron fires every minute.
  if (at.getUTCMinutes() === 7) await purgeExpired(env.DB, at);
}
