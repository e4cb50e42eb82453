/**
 * Serves a build on wrangler dev and reads the Worker isolate's V8 heap
 * through the inspector, right after startup and after a few page requests,
 * and times the first on-demand page on the fresh isolate.
 *
 * wrangler refuses a build with an asset over 25 MiB (a finding reported on
 * its own row). To still measure the Worker itself, such assets are set aside
 * for the check and put back afterwards.
 */
import { mkdir, mkdtemp, readdir, rename, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { freePort, startServer } from '../../scripts/lib/server.ts';
import type { Build } from './build.ts';
import { isolateHeap } from './inspector.ts';
import { treeRss } from './proc.ts';

export const ASSET_FILE_MAX = 25 * 1024 * 1024;

export type WorkerCheck =
  | {
      firstOnDemandMs: number;
      firstOnDemandStatus: number;
      /** Worker isolate's used V8 heap right after startup and after the page requests, bytes. */
      heapAtStart: number;
      heapAfter: number;
      /** wrangler dev + workerd resident memory, bytes (includes the runtime itself). */
      processRss: number;
      /** Assets over 25 MiB moved out of the way so wrangler would serve the rest. */
      setAside: string[];
      /** The on-demand complaint form (its village list grows with the roster), gzip bytes. */
      complaintFormGzip: number | null;
      /** The on-demand printable notice of the village (issue 16), gzip bytes, and its first render, ms. */
      noticeGzip: number | null;
      noticeMs: number;
    }
  | { error: string };

/** Requested after startup so the isolate loads what on-demand and static pages import. */
const PATHS = (village: string) => [
  '/',
  `/villages/${village}/`,
  '/complaint/',
  '/complaint/status/',
  `/villages/${village}/notice/`,
];

async function oversized(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const e of await readdir(dir, { recursive: true, withFileTypes: true })) {
    if (!e.isFile()) continue;
    const p = join(e.parentPath, e.name);
    if ((await stat(p)).size > ASSET_FILE_MAX) out.push(p.slice(dir.length));
  }
  return out;
}

async function measure(b: Build, villageId: string): Promise<WorkerCheck> {
  const persistTo = await mkdtemp(join(tmpdir(), 'envgrid-bench-scale-'));
  try {
    const inspectorPort = await freePort();
    const server = await startServer({ persistTo, config: b.config, inspectorPort });
    try {
      const heapAtStart = await isolateHeap(inspectorPort);
      const t1 = performance.now();
      const status = await fetch(`${server.url}/complaint/status/`);
      await status.arrayBuffer();
      const firstOnDemandMs = performance.now() - t1;
      let complaintFormGzip: number | null = null;
      let noticeGzip: number | null = null;
      let noticeMs = 0;
      for (const p of PATHS(villageId)) {
        const t = performance.now();
        const res = await fetch(`${server.url}${p}`);
        const body = Buffer.from(await res.arrayBuffer());
        if (p === '/complaint/' && res.ok) complaintFormGzip = gzipSync(body).length;
        if (p.endsWith('/notice/') && res.ok) {
          noticeMs = performance.now() - t;
          noticeGzip = gzipSync(body).length;
        }
      }
      const heapAfter = await isolateHeap(inspectorPort);
      return {
        firstOnDemandMs,
        firstOnDemandStatus: status.status,
        heapAtStart: heapAtStart.used,
        heapAfter: heapAfter.used,
        processRss: await treeRss(server.process.pid!),
        setAside: [],
        complaintFormGzip,
        noticeGzip,
        noticeMs,
      };
    } finally {
      await server.stop();
    }
  } catch (e) {
    return { error: e instanceof Error ? e.message : String(e) };
  } finally {
    await rm(persistTo, { recursive: true, force: true });
  }
}

/** The Worker check for a build, setting aside assets wrangler would refuse. */
export async function workerCheck(b: Build, villageId: string): Promise<WorkerCheck> {
  const client = join(b.outDir, 'client');
  const aside = join(b.outDir, 'oversized');
  const big = await oversized(client);
  for (const f of big) {
    await mkdir(dirname(join(aside, f)), { recursive: true });
    await rename(join(client, f), join(aside, f));
  }
  try {
    const r = await measure(b, villageId);
    if ('error' in r) return { error: r.error.split('\n')[0]! };
    return { ...r, setAside: big };
  } finally {
    for (const f of big) await rename(join(aside, f), join(client, f));
    await rm(aside, { recursive: true, force: true });
  }
}
