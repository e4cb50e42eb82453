/**
 * The Worker settings that `npm start` passes from the shell environment to
 * the local Worker. With none set, nothing leaves the machine.
 */
export const WORKER_VARS = [
  // Complaint intake (docs/README-complaints.md).
  'RATE_LIMIT_MAX',
  'RATE_LIMIT_WINDOW_SECONDS',
  'IP_HASH_SALT',
  'TURNSTILE_SITE_KEY',
  'TURNSTILE_SECRET_KEY',
] as const satisfies readonly string[];

export function workerVarsFromEnv(env: NodeJS.ProcessEnv): Record<string, string> {
  const vars: Record<string, string> = {};
  for (const name of WORKER_VARS as readonly string[]) {
    const v = env[name];
    if (v) vars[name] = v;
  }
  return vars;
}
