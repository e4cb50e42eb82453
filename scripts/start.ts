/**
 * `npm start`: build the site, apply migrations to the local D1 in
 * .wrangler/state, serve site + API on http://localhost:8787 (PORT overrides),
 * and fire the cron handler every minute, as Cloudflare would in production.
 * Pass --no-build to serve the existing dist/.
 *
 * Staff sign-in runs locally against a development key pair made on first
 * start under .wrangler/staff-access/ (outside git): the Worker gets its
 * public half (ENVGRID_ENV=local), and one fictitious member of each role is
 * written to the local directory, ready to sign in as (docs/staff.md).
 *
 * Roster publication runs locally too (docs/roster-publishing.md): the site is built from a
 * git repository under .wrangler/roster/ (a clone of this working copy), approved roster
 * changes are committed to it through a local service speaking GitHub's API, and each commit
 * rebuilds the site and restarts the Worker (D1 kept). Off when ROSTER_GIT_API or
 * ENVGRID_CONTENT_DIR is set in the shell, or with --no-roster-repo.
 */
import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';
import { localStaffVars } from '../functions/staff/local-access.ts';
import { ensureLocalKeys } from './lib/local-keys.ts';
import { migrateLocal, ROOT } from './lib/server.ts';
import { seedSampleStaff } from './lib/staff-directory.ts';
import { workerVarsFromEnv } from './lib/vars.ts';
import { startLocalPublishing, startLocalSite } from './lib/local-publishing.ts';

const port = Number(process.env.PORT ?? 8787);
if (!Number.isInteger(port) || port <= 0 || port > 65535) {
  console.error(`PORT must be a TCP port number, got "${process.env.PORT}"`);
  process.exit(2);
}

// Pages, QR codes and forwarded messages link to this server unless a public address is given.
process.env.SITE_URL ??= `http://localhost:${port}`;
const wantsRepo =
  !process.argv.includes('--no-roster-repo') && !process.env.ROSTER_GIT_API && !process.env.ENVGRID_CONTENT_DIR;
const publishing = wantsRepo
  ? await startLocalPublishing().catch((e: unknown) => {
      console.warn(`Roster publication is off locally (${e instanceof Error ? e.message : e}).`);
      return undefined;
    })
  : undefined;
if (publishing) process.env.ENVGRID_CONTENT_DIR = publishing.contentDir;
if (!process.argv.includes('--no-build')) {
  const b = spawnSync(resolve(ROOT, 'node_modules/.bin/astro'), ['build'], { cwd: ROOT, stdio: 'inherit' });
  if (b.status !== 0) process.exit(b.status ?? 1);
}

const persistTo = resolve(ROOT, '.wrangler/state');
const keys = await ensureLocalKeys();
await migrateLocal(persistTo, true);
const staff = await seedSampleStaff(persistTo, 'npm start');
const vars: Record<string, string> = {
  ...workerVarsFromEnv(process.env),
  ...localStaffVars(keys.publicJwk, keys.privateJwk),
};
vars.PUBLIC_BASE_URL ??= process.env.SITE_URL;
const site = await startLocalSite({
  port,
  ip: process.env.HOST ?? 'localhost',
  persistTo,
  vars,
  migrated: true,
  inheritOutput: true,
  publishing,
});
console.log(`\nEnvGrid is serving the site and API at http://localhost:${site.port}/ (Ctrl+C to stop)\n`);
const channels = ['FORWARD_WEBHOOK_URL', 'FORWARD_WECOM_URL', 'FORWARD_DINGTALK_URL', 'FORWARD_EMAIL_TO'].filter(
  (n) => vars[n],
);
console.log(
  channels.length
    ? `Forwarding complaints via ${channels.join(', ')}; \`npm run deliveries\` shows the queue.\n`
    : 'Forwarding is off (no FORWARD_* address set): complaints stay on this machine.\n',
);
console.log(`Staff sign-in (local only): open http://localhost:${site.port}/staff/sign-in/ and pick one of`);
for (const m of staff) console.log(`  ${m.email.padEnd(28)} ${m.role.padEnd(10)} ${m.scope ?? ''}`);
console.log('or get a token for curl: npm run staff -- token office@example.org\n');
if (publishing) {
  console.log(
    `Roster changes approved in the console are committed to ${publishing.dir} at once (git log there); the site rebuilds and restarts.\n`,
  );
}

const runCron = () =>
  site.tick().catch((e: unknown) => console.error('cron tick failed:', e instanceof Error ? e.message : e));
// Once at start (deliveries left from before a restart go out now), then every minute like Cloudflare's cron.
void runCron();
const tick = setInterval(runCron, 60_000);

for (const sig of ['SIGINT', 'SIGTERM'] as const) {
  process.on(sig, () => {
    clearInterval(tick);
    void site.stop().then(() => process.exit(0));
  });
}
site.onExit((code) => {
  clearInterval(tick);
  process.exit(code ?? 0);
});
