/**
 * Starts the built Worker (dist/server) on the real runtime with a local D1:
 * applies migrations/ to the persist folder, runs `wrangler dev`, waits until
 * `/api/health` answers. Used by `npm start`, the end-to-end tests and the
 * benchmarks, so all three run the same thing.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createServer } from 'node:net';
import { resolve } from 'node:path';
import { localWorkerVars, writeWorkerEnvFile } from './local-env.ts';

// Miniflare fetches the `Request.cf` object from the Internet at start; nothing here needs it, so
// builds and servers started from these scripts never try (npm start's build runs after this import).
process.env.CLOUDFLARE_CF_FETCH_ENABLED ??= 'false';

export const ROOT = resolve(import.meta.dirname, '../..');
const WRANGLER = resolve(ROOT, 'node_modules/.bin/wrangler');
const CONFIG = resolve(ROOT, 'dist/server/wrangler.json');

export interface StartOptions {
  port?: number;
  /** The built Worker's wrangler.json; defaults to dist/server/wrangler.json (benchmarks serve other builds). */
  config?: string;
  /** Folder for local D1 and other state; outside dist/ so a rebuild keeps the data. */
  persistTo: string;
  /**
   * Worker vars and secrets, written to a 0600 dotenv file in `persistTo`
   * (never on the command line). ENVGRID_ENV=local and the install's salt are added.
   */
  vars?: Record<string, string>;
  /** Print wrangler's output (npm start) or keep it for error reports (tests). */
  inheritOutput?: boolean;
  /** Listen address; loopback by default. */
  ip?: string;
  /** DevTools port of the Worker isolate (benchmarks read its heap size there). */
  inspectorPort?: number;
  /** Apply migrations first (default); a restart on the same D1 skips it (it costs a wrangler start). */
  migrate?: boolean;
}

export interface RunningServer {
  url: string;
  port: number;
  process: ChildProcess;
  output: () => string;
  stop: () => Promise<void>;
}

/** A free TCP port on loopback. */
export function freePort(): Promise<number> {
  return new Promise((ok, fail) => {
    const s = createServer();
    s.once('error', fail);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => ok(port));
    });
  });
}

function run(args: string[], inherit: boolean): Promise<void> {
  return new Promise((ok, fail) => {
    let out = '';
    const p = spawn(WRANGLER, args, { cwd: ROOT, stdio: inherit ? 'inherit' : 'pipe', env: process.env });
    p.stdout?.on('data', (d) => (out += d));
    p.stderr?.on('data', (d) => (out += d));
    p.on('error', fail);
    p.on('exit', (code) => (code === 0 ? ok() : fail(new Error(`wrangler ${args.join(' ')} exited ${code}\n${out}`))));
  });
}

/** Applies migrations/ to the local D1 in `persistTo`. */
export async function migrateLocal(persistTo: string, inherit = false, config = CONFIG): Promise<void> {
  await run(['d1', 'migrations', 'apply', 'DB', '--local', '-c', config, '--persist-to', persistTo], inherit);
}

export async function startServer(opts: StartOptions): Promise<RunningServer> {
  const config = opts.config ?? CONFIG;
  if (!existsSync(config)) throw new Error(`${config} is missing: run \`npm run build\` first`);
  if (opts.migrate !== false) await migrateLocal(opts.persistTo, opts.inheritOutput, config);
  const port = opts.port ?? (await freePort());
  const ip = opts.ip ?? '127.0.0.1';
  const args = [
    'dev',
    '-c',
    config,
    '--persist-to',
    opts.persistTo,
    '--port',
    String(port),
    '--ip',
    ip,
    '--show-interactive-dev-session=false',
  ];
  if (opts.inspectorPort) args.push('--inspector-port', String(opts.inspectorPort));
  args.push('--env-file', writeWorkerEnvFile(opts.persistTo, { ...localWorkerVars(opts.persistTo), ...opts.vars }));
  let log = '';
  const child = spawn(WRANGLER, args, {
    cwd: ROOT,
    stdio: opts.inheritOutput ? ['ignore', 'inherit', 'inherit'] : ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, WRANGLER_SEND_METRICS: 'false' },
    detached: process.platform !== 'win32',
  });
  child.stdout?.on('data', (d) => (log = (log + d).slice(-20_000)));
  child.stderr?.on('data', (d) => (log = (log + d).slice(-20_000)));
  const url = `http://${ip === '0.0.0.0' ? '127.0.0.1' : ip}:${port}`;
  const stop = () =>
    new Promise<void>((ok) => {
      if (child.exitCode !== null) return ok();
      child.once('exit', () => ok());
      try {
        process.kill(-child.pid!, 'SIGTERM'); // the whole group: wrangler and workerd
      } catch {
        child.kill('SIGTERM');
      }
      setTimeout(() => {
        try {
          process.kill(-child.pid!, 'SIGKILL');
        } catch {
          /* already gone */
        }
      }, 5000).unref();
    });
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`wrangler dev exited with ${child.exitCode}\n${log}`);
    try {
      const res = await fetch(`${url}/api/health`);
      if (res.ok) return { url, port, process: child, output: () => log, stop };
    } catch {
      /* not listening yet */
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  await stop();
  throw new Error(`wrangler dev did not answer /api/health within 60 s\n${log}`);
}

/** Runs the Worker's `scheduled` handler once (wrangler dev does not fire cron by itself). */
export async function triggerScheduled(url: string, cron = '* * * * *'): Promise<void> {
  const res = await fetch(`${url}/cdn-cgi/handler/scheduled?cron=${encodeURIComponent(cron)}`);
  if (!res.ok) throw new Error(`scheduled trigger answered ${res.status}`);
  await res.arrayBuffer();
}
