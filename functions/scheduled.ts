/** Cron work (wrangler.toml `[triggers]`), run by the Worker's `scheduled` handler. */
export async function runScheduled(_controller: ScheduledController, _env: Env, _ctx: ExecutionContext): Promise<void> {
  // Later work (complaint forwarding retries) hooks in here.
}
