/** Cron work (wrangler.toml `[triggers]`), run by the Worker's `scheduled` handler every minute. */
import { runDueDeliveries } from './forwarding/deliver.ts';

export async function runScheduled(controller: ScheduledController, env: Env, _ctx: ExecutionContext): Promise<void> {
  // Complaint forwarding: retry every delivery that is due (back-off in forwarding/schedule.ts).
  const s = await runDueDeliveries(env, { scheduledTime: new Date(controller.scheduledTime) });
  if (s.attempted) console.log(`forwarding cron: ${JSON.stringify(s)}`);
}
