/**
 * `npm run deliveries`: the forwarding outbox for operators. Lists the
 * deliveries still waiting and the dead ones (with why), shows a delivery's
 * attempts, and puts dead deliveries back in line.
 *
 *   npm run deliveries                         local D1 in .wrangler/state (npm start's)
 *   npm run deliveries -- --persist-to DIR     another local folder
 *   npm run deliveries -- --remote             the deployed D1 (needs `wrangler login`)
 *   npm run deliveries -- --attempts <id>      every attempt of one delivery
 *   npm run deliveries -- --retry <id> [--retry <id> …]
 *   npm run deliveries -- --retry-all-dead
 *   npm run deliveries -- --json               machine-readable list
 */
import { formatChinaTime } from '../domain/time.ts';
import { formatTrackingCode } from '../domain/tracking-code.ts';
import { CHANNEL_LABELS, type ChannelId } from '../functions/forwarding/config.ts';
import {
  ATTEMPTS_SQL,
  DELIVERY_COUNTS_SQL,
  OPEN_DELIVERIES_SQL,
  REQUEUE_ALL_DEAD_SQL,
  REQUEUE_SQL,
  isDeliveryId,
  type AttemptLine,
  type OpenDelivery,
} from '../functions/forwarding/ops.ts';
import { fail, parseCli } from './lib/cli.ts';
import { runOnD1, type SqlRunner } from './lib/d1.ts';

const USAGE = `用法：npm run deliveries -- [--persist-to 目录 | --remote] [--json]
                          [--attempts 投递编号] [--retry 投递编号 …] [--retry-all-dead]`;

const args = parseCli(
  {
    options: {
      'persist-to': { type: 'string' },
      remote: { type: 'boolean', default: false },
      json: { type: 'boolean', default: false },
      attempts: { type: 'string' },
      retry: { type: 'string', multiple: true },
      'retry-all-dead': { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
  },
  USAGE,
).values;
if (args.help) {
  console.log(USAGE);
  process.exit(0);
}
if (args.remote && args['persist-to']) fail('--remote 和 --persist-to 只能选一个');
const ids = [...(args.retry ?? []), ...(args.attempts ? [args.attempts] : [])];
for (const id of ids) {
  if (!isDeliveryId(id)) {
    fail(
      `投递编号格式不对：${JSON.stringify(id)}。请复制本命令列出的“投递编号”，如 1b4e28ba-2fa1-41d2-883f-0016d3cca427`,
    );
  }
}

const label = (c: string) => CHANNEL_LABELS[c as ChannelId] ?? c;
const time = (iso: string | null) => (iso ? `${formatChinaTime(iso)}（北京时间）` : '—');

async function main(db: SqlRunner): Promise<number> {
  let status = 0;
  if (args['retry-all-dead']) {
    const rows = await db.all<{ id: string }>(REQUEUE_ALL_DEAD_SQL, [new Date().toISOString()]);
    console.log(`已把 ${rows.length} 条失败停发的投递重新排队，下一次定时任务（每分钟）会发送。`);
  }
  for (const id of args.retry ?? []) {
    const rows = await db.all<{ id: string }>(REQUEUE_SQL, [new Date().toISOString(), id]);
    if (rows.length) console.log(`已重新排队：${id}（下一次定时任务会发送）`);
    else {
      console.error(`没有编号为 ${id} 的失败停发投递：只有“失败停发”的投递可以重新排队。`);
      status = 1;
    }
  }
  if (args.attempts) {
    const rows = await db.all<AttemptLine>(ATTEMPTS_SQL, [args.attempts]);
    if (args.json) console.log(JSON.stringify(rows, null, 2));
    else if (!rows.length) console.log(`投递 ${args.attempts} 还没有尝试记录。`);
    else {
      console.log(`投递 ${args.attempts} 的尝试记录（${db.label}）：`);
      for (const a of rows) {
        const http = a.http_status ? ` HTTP ${a.http_status}` : '';
        console.log(
          `  ${time(a.at)}  ${label(a.channel)}  ${a.outcome}${http}  ${a.duration_ms} 毫秒  ${a.error ?? ''}`,
        );
      }
    }
    return status;
  }

  const counts = Object.fromEntries(
    (await db.all<{ status: string; n: number }>(DELIVERY_COUNTS_SQL)).map((r) => [r.status, r.n]),
  );
  const open = await db.all<OpenDelivery>(OPEN_DELIVERIES_SQL);
  const pending = open.filter((d) => d.status === 'pending');
  const dead = open.filter((d) => d.status === 'dead');
  if (args.json) {
    console.log(JSON.stringify({ source: db.label, counts, pending, dead }, null, 2));
    return status;
  }
  console.log(`转交队列 · ${db.label}`);
  console.log(`已送达 ${counts.delivered ?? 0} · 待发送 ${counts.pending ?? 0} · 失败停发 ${counts.dead ?? 0}\n`);
  if (pending.length) {
    console.log('待发送（系统按计划自动重试，24 小时内送不到会转为失败停发）：');
    for (const d of pending) {
      console.log(`● ${formatTrackingCode(d.tracking_code)} · ${label(d.channel)} · 已尝试 ${d.attempts} 次`);
      console.log(`  下次尝试：${time(d.next_attempt_at)}`);
      if (d.last_error) console.log(`  最后错误：${d.last_error}`);
      console.log(`  投递编号：${d.id}`);
    }
    console.log('');
  }
  if (dead.length) {
    console.log('失败停发（需要处理：排除原因后用 --retry <投递编号> 或 --retry-all-dead 重新排队）：');
    for (const d of dead) {
      console.log(
        `● ${formatTrackingCode(d.tracking_code)} · ${label(d.channel)} · 已尝试 ${d.attempts} 次 · 停发于 ${time(d.dead_at)}`,
      );
      console.log(`  原因：${d.dead_reason ?? d.last_error ?? '未知'}`);
      console.log(`  投递编号：${d.id}`);
    }
    console.log('');
  }
  if (!pending.length && !dead.length) console.log('没有待发送或失败停发的投递。');
  return status;
}

await runOnD1(
  { remote: args.remote, persistTo: args['persist-to'] },
  main,
  '数据库里还没有转交表：请先运行 npm start（会自动迁移）。',
);
