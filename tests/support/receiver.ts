/**
 * A stand-in for the district office's systems: HTTP receivers on 127.0.0.1
 * that record every request and answer from a script (status, body, delay),
 * and can be taken down (port closed) and brought back on the same port.
 *
 * Node tests use `OfficeReceiver` directly. Worker tests (in workerd) cannot
 * share memory with Node, so `startControlServer` exposes the same receivers
 * over a small JSON API (see tests/worker/forwarding/receiver-client.ts).
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ScriptedAnswer {
  status: number;
  body?: string;
  /** Answer only after this many milliseconds (to exceed the sender's timeout). */
  delayMs?: number;
  /** Only for requests whose body contains this text (first matching rule wins). */
  ifBodyIncludes?: string;
}

export interface RecordedRequest {
  method: string;
  /** Path and query, e.g. `/robot/send?access_token=x&timestamp=…&sign=…`. */
  url: string;
  headers: Record<string, string>;
  body: string;
  at: number;
  /** The status answered (undefined if the sender gave up first). */
  answered?: number;
}

/**
 * The script: rules with `ifBodyIncludes` are checked first; then the plain
 * answers are used in turn, the last one repeating (`cycle` repeats them all).
 */
export interface Script {
  answers: ScriptedAnswer[];
  cycle?: boolean;
}

export class OfficeReceiver {
  readonly requests: RecordedRequest[] = [];
  port = 0;
  private server: Server | undefined;
  private script: Script = { answers: [{ status: 200, body: '{"ok":true}' }] };
  private turn = 0;

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  setScript(script: Script): void {
    this.script = script;
    this.turn = 0;
  }

  private pick(body: string): ScriptedAnswer {
    const rule = this.script.answers.find((a) => a.ifBodyIncludes !== undefined && body.includes(a.ifBodyIncludes));
    if (rule) return rule;
    const plain = this.script.answers.filter((a) => a.ifBodyIncludes === undefined);
    if (plain.length === 0) return { status: 200 };
    const i = this.script.cycle ? this.turn % plain.length : Math.min(this.turn, plain.length - 1);
    this.turn++;
    return plain[i]!;
  }

  private handle(req: IncomingMessage, res: ServerResponse): void {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      const headers: Record<string, string> = {};
      for (const [k, v] of Object.entries(req.headers)) if (typeof v === 'string') headers[k] = v;
      const rec: RecordedRequest = { method: req.method ?? '', url: req.url ?? '', headers, body, at: Date.now() };
      this.requests.push(rec);
      const a = this.pick(body);
      const answer = () => {
        if (res.destroyed) return;
        rec.answered = a.status;
        res.writeHead(a.status, { 'content-type': 'application/json; charset=utf-8' });
        res.end(a.body ?? '');
      };
      if (a.delayMs) setTimeout(answer, a.delayMs);
      else answer();
    });
  }

  /** Starts listening (on the same port as before, if it was up once). */
  async up(): Promise<void> {
    if (this.server) return;
    const server = createServer((req, res) => this.handle(req, res));
    await new Promise<void>((ok, fail) => {
      server.once('error', fail);
      server.listen(this.port, '127.0.0.1', () => ok());
    });
    this.port = (server.address() as AddressInfo).port;
    this.server = server;
  }

  /** Stops listening and drops open connections: senders get "connection refused". */
  async down(): Promise<void> {
    const s = this.server;
    if (!s) return;
    this.server = undefined;
    s.closeAllConnections();
    await new Promise<void>((ok) => s.close(() => ok()));
  }
}

/** Starts a receiver that is up, or only reserves a port and stays down (`down: true`). */
export async function startReceiver(opts: { down?: boolean } = {}): Promise<OfficeReceiver> {
  const r = new OfficeReceiver();
  await r.up();
  if (opts.down) await r.down();
  return r;
}

function json(res: ServerResponse, status: number, value: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(value));
}

/**
 * The control API for worker tests:
 * `POST /receivers` {down?} → {id, port};
 * `POST /receivers/:id/script` Script; `POST /receivers/:id/up|down`;
 * `GET /receivers/:id/requests` → RecordedRequest[].
 */
export async function startControlServer(): Promise<{ port: number; close: () => Promise<void> }> {
  const receivers = new Map<string, OfficeReceiver>();
  let next = 1;
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      void (async () => {
        const body = chunks.length ? (JSON.parse(Buffer.concat(chunks).toString('utf8')) as unknown) : {};
        const m = /^\/receivers(?:\/(\d+)\/(script|up|down|requests))?$/.exec(req.url ?? '');
        if (!m) return json(res, 404, { error: 'no such control path' });
        if (!m[1]) {
          const r = await startReceiver(body as { down?: boolean });
          const id = String(next++);
          receivers.set(id, r);
          return json(res, 200, { id, port: r.port });
        }
        const r = receivers.get(m[1]);
        if (!r) return json(res, 404, { error: 'no such receiver' });
        if (m[2] === 'script') r.setScript(body as Script);
        else if (m[2] === 'up') await r.up();
        else if (m[2] === 'down') await r.down();
        else return json(res, 200, r.requests);
        return json(res, 200, { ok: true });
      })().catch((e: unknown) => json(res, 500, { error: String(e) }));
    });
  });
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', () => ok()));
  return {
    port: (server.address() as AddressInfo).port,
    close: async () => {
      await Promise.all([...receivers.values()].map((r) => r.down()));
      server.closeAllConnections();
      await new Promise<void>((ok) => server.close(() => ok()));
    },
  };
}
