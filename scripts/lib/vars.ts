/**
 * The Worker settings that `npm start` passes from the shell environment to
 * the local Worker (through `wrangler dev --env-file`). With none set, nothing leaves
 * the machine: every forwarding channel is off until its address is given.
 * They reach wrangler in a 0600 env file (scripts/lib/local-env.ts), never on
 * its command line.
 */
export const WORKER_VARS = [
  // Complaint intake (docs/complaints.md).
  'RATE_LIMIT_MAX',
  'RATE_LIMIT_WINDOW_SECONDS',
  'RATE_LIMIT_GLOBAL_PER_MINUTE',
  'IP_HASH_SALT',
  'TURNSTILE_SITE_KEY',
  'TURNSTILE_SECRET_KEY',
  // Absolute origin for links in forwarded messages (npm start defaults it to its own address).
  'PUBLIC_BASE_URL',
  // Complaint forwarding to the district grid office (docs/forwarding.md).
  'FORWARD_WEBHOOK_URL',
  'FORWARD_WEBHOOK_SECRET',
  'FORWARD_WECOM_URL',
  'FORWARD_DINGTALK_URL',
  'FORWARD_DINGTALK_SECRET',
  'FORWARD_EMAIL_FROM',
  'FORWARD_EMAIL_TO',
  'FORWARD_TIMEOUT_MS',
  // Signed photo links for staff (docs/photos.md).
  'PHOTO_LINK_SECRET',
] as const satisfies readonly string[];

export function workerVarsFromEnv(env: NodeJS.ProcessEnv): Record<string, string> {
  const vars: Record<string, string> = {};
  for (const name of WORKER_VARS as readonly string[]) {
    const v = env[name];
    if (v) vars[name] = v;
  }
  return vars;
}
