/**
 * What a crash costs a group robot: complaints are forwarded to a stand-in
 * WeCom robot (a Node server that posts each message to "the chat" as soon as
 * it has read it, then answers after a network-like delay), and the Worker —
 * wrangler and workerd, the whole process group — is killed with SIGKILL while
 * sends are in flight. It is restarted on the same local D1, the lease runs
 * out, and the cron sends what was not recorded.
 *
 * Counted per complaint from the chat's view: lost (never shown: must be 0),
 * shown twice (the window between the robot reading a message and D1
 * recording its answer — a robot has no idempotency key), and of those, how
 * many repeats carried the resend mark (must be all).
 *
 * Alone: `node bench/forwarding-crash.ts [--rounds 3]`.
 */
import { createServer, type Server } from 'node:http';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { RESEND_MARK } from '../functions/forwarding/message.ts';
import { startServer, triggerScheduled, type RunningServer } from '../scripts/lib/server.ts';
import { ensureBuilt } from './lib/build.ts';
import { complaintLoad } from './lib/complaint-load.ts';
import { parseArgs, runAlone, type BenchOptions } from './lib/options.ts';
import type { Row, Section } from './lib/report.ts';

/** Complaints per round, sent this many at a time. */
const PER_ROUND = 40;
const CONCURRENCY = 8;
/** The robot answers this long after reading a message (a round trip to a robot across the Internet). */
const ROBOT_DELAY_MS = 150;
/** Send timeout for the run; the lease is this plus 30 s (forwarding/deliver.ts). */
const TIMEOUT_MS = 2_000;

interface ChatLine {
  code: string;
  resend: boolean;
}

/** The stand-in robot: every message it reads is "in the chat" at once, whatever happens to the answer. */
async function robot(): Promise<{ url: string; chat: ChatLine[]; server: Server }> {
  const chat: ChatLine[] = [];
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (d: Buffer) => (body += d.toString('utf8')));
    req.on('end', () => {
      const content = (JSON.parse(body) as { markdown: { content: string } }).markdown.content;
      const title = content.split('\n')[0] ?? '';
      const code = /环境投诉 ([0-9A-Z-]+)/.exec(title)?.[1]?.replace(/-/g, '');
      if (code) chat.push({ code, resend: title.includes(RESEND_MARK) });
      setTimeout(() => {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end('{"errcode":0,"errmsg":"ok"}');
      }, ROBOT_DELAY_MS);
    });
  });
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  const { port } = server.address() as { port: number };
  return { url: `http://127.0.0.1:${port}/cgi-bin/webhook/send?key=bench`, chat, server };
}

function killGroup(s: RunningServer): Promise<void> {
  return new Promise((ok) => {
    if (s.process.exitCode !== null) return ok();
    s.process.once('exit', () => ok());
    try {
      process.kill(-s.process.pid!, 'SIGKILL');
    } catch {
      s.process.kill('SIGKILL');
    }
  });
}

interface Round {
  accepted: number;
  inChatAtKill: number;
  lost: number;
  twice: number;
  unmarkedRepeats: number;
}

async function round(
  persistTo: string,
  config: string,
  vars: Record<string, string>,
  body: (i: number) => string,
  chat: ChatLine[],
  offset: number,
): Promise<Round> {
  let server = await startServer({ persistTo, config, vars });
  const codes: string[] = [];
  const before = chat.length;
  let next = 0;
  let killed = false;
  const killAt = before + PER_ROUND / 2;
  // Kill as soon as the chat has shown half of this round's messages: the rest are in flight or queued.
  const killer = (async () => {
    while (chat.length < killAt && !killed) await new Promise((r) => setTimeout(r, 5));
    killed = true;
    await killGroup(server);
  })();
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next < PER_ROUND && !killed) {
        const i = offset + next++;
        try {
          const res = await fetch(`${server.url}/api/complaints`, {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: body(i),
          });
          if (res.status === 201)
            codes.push(((await res.json()) as { trackingCode: string }).trackingCode.replace(/-/g, ''));
        } catch {
          /* killed mid-request: the citizen saw no code */
        }
      }
    }),
  );
  killed = true;
  await killer;
  const inChatAtKill = chat.length - before;
  // Restart on the same D1; once the lease has run out, the cron sends what was not recorded.
  server = await startServer({ persistTo, config, vars });
  try {
    const deadline = Date.now() + 120_000;
    await new Promise((r) => setTimeout(r, TIMEOUT_MS + 31_000));
    for (;;) {
      await triggerScheduled(server.url);
      const shown = new Set(chat.slice(before).map((l) => l.code));
      if (codes.every((c) => shown.has(c)) || Date.now() > deadline) break;
      await new Promise((r) => setTimeout(r, 2_000));
    }
  } finally {
    await server.stop();
  }
  const lines = chat.slice(before);
  const seen = new Map<string, ChatLine[]>();
  for (const l of lines) seen.set(l.code, [...(seen.get(l.code) ?? []), l]);
  let twice = 0;
  let unmarked = 0;
  for (const ls of seen.values()) {
    if (ls.length < 2) continue;
    twice++;
    unmarked += ls.slice(1).filter((l) => !l.resend).length;
  }
  return {
    accepted: codes.length,
    inChatAtKill,
    lost: codes.filter((c) => !seen.has(c)).length,
    twice,
    unmarkedRepeats: unmarked,
  };
}

export async function run(opts: BenchOptions): Promise<Section> {
  const started = performance.now();
  const rounds = opts.quick ? 1 : 3;
  const build = await ensureBuilt(1, { reuse: opts.reuse, log: true });
  const load = await complaintLoad(build.roster.dir);
  const bot = await robot();
  const persistTo = await mkdtemp(join(tmpdir(), 'envgrid-crash-'));
  const vars = {
    ...load.vars,
    RATE_LIMIT_GLOBAL_PER_MINUTE: '1000000',
    FORWARD_WECOM_URL: bot.url,
    FORWARD_TIMEOUT_MS: String(TIMEOUT_MS),
  };
  const results: Round[] = [];
  try {
    for (let r = 0; r < rounds; r++) {
      results.push(await round(persistTo, build.config, vars, load.target.body, bot.chat, r * PER_ROUND));
    }
  } finally {
    bot.server.close();
    await rm(persistTo, { recursive: true, force: true });
  }
  const sum = (k: keyof Round) => results.reduce((a, x) => a + x[k], 0);
  const accepted = sum('accepted');
  const twice = sum('twice');
  const rows: Row[] = [
    {
      item: `complaints accepted (${rounds} crash${rounds > 1 ? 'es' : ''})`,
      value: String(accepted),
      raw: accepted,
      reference: '—',
      verdict: 'info',
    },
    {
      item: 'lost (accepted, never in the chat)',
      value: String(sum('lost')),
      raw: sum('lost'),
      reference: '0',
      verdict: sum('lost') === 0 ? 'meets' : 'misses',
    },
    {
      item: 'shown twice in the chat',
      value: `${twice} of ${sum('inChatAtKill')} in the chat at the kills`,
      raw: twice,
      reference: 'the sends the robot had read but not yet answered at the crash',
      verdict: 'info',
    },
    {
      item: 'repeats without the resend mark',
      value: String(sum('unmarkedRepeats')),
      raw: sum('unmarkedRepeats'),
      reference: '0',
      verdict: sum('unmarkedRepeats') === 0 ? 'meets' : 'misses',
    },
  ];
  return {
    id: 'forwarding-crash',
    title: 'Forwarding to a group robot across a crash (SIGKILL mid-send)',
    at: new Date().toISOString(),
    ms: performance.now() - started,
    rows,
    notes: [
      `${PER_ROUND} complaints per round, ${CONCURRENCY} at a time, to a stand-in WeCom robot that shows each message on reading it and answers ${ROBOT_DELAY_MS} ms later; wrangler and workerd are killed (SIGKILL) once half the round is in the chat, restarted on the same D1, and the cron run until every accepted complaint is shown.`,
      'A repeat is a message the robot had read when the Worker died, before D1 recorded its answer. The claim is written before the send, so the next attempt knows the outcome was lost and marks the resend 【补发，如已收到同一编号请忽略】.',
      `Per round: ${results.map((x) => `${x.accepted} accepted, ${x.inChatAtKill} in the chat at the kill, ${x.twice} twice`).join('; ')}.`,
    ],
    data: results,
  };
}

if (import.meta.main) await runAlone('forwarding-crash', run, parseArgs(process.argv.slice(2)));
