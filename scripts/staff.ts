/**
 * `npm run staff`: the staff directory (who may use /staff/ pages and
 * /api/staff/), in the local D1 of `npm start` or, with --remote, the deployed
 * one. Nothing is ever deleted: `remove` marks the member removed, and every
 * change is written to staff_audit with who ran the command.
 *
 *   npm run staff -- list [--json]
 *   npm run staff -- add EMAIL --name 姓名 --role office|town|department|viewer [--scope 编号]
 *   npm run staff -- remove EMAIL
 *   npm run staff -- token EMAIL          a local sign-in token (local D1 only)
 *   npm run staff -- apikey add|list|revoke [NAME]   Open311 API keys (scripts/lib/api-keys.ts)
 *   … --persist-to DIR                    another local folder (default .wrangler/state)
 *   … --remote                            the deployed D1 (needs `wrangler login`)
 */
import { userInfo } from 'node:os';
import { resolve } from 'node:path';
import { loadRoster } from '../domain/roster/fs.ts';
import { LIST_STAFF_SQL, ROLE_LABELS, staffMemberSchema } from '../functions/staff/directory.ts';
import type { StaffMember } from '../functions/staff/identity.ts';
import { ACCESS_HEADER, signLocalAccessToken } from '../functions/staff/local-access.ts';
import { fail, parseCli } from './lib/cli.ts';
import { runOnD1, type SqlRunner } from './lib/d1.ts';
import { LOCAL_KEYS_FILE, readLocalKeys } from './lib/local-keys.ts';
import { ROOT } from './lib/server.ts';
import { allStaffRows, removeStaff, scopeProblem, writeStaff } from './lib/staff-directory.ts';
import { API_KEY_USAGE, apiKeyArgsProblem, apiKeyCommand } from './lib/api-keys.ts';

const USAGE = `用法：
  npm run staff -- list [--json]
  npm run staff -- add 邮箱 --name 姓名 --role office|town|department|viewer [--scope 镇或部门编号]
  npm run staff -- remove 邮箱
  npm run staff -- token 邮箱            打印本机登录令牌（只用于本地 D1）
${API_KEY_USAGE}
  选项：--persist-to 目录（本地数据目录，默认 .wrangler/state）或 --remote（已部署的 D1）
角色：${Object.entries(ROLE_LABELS)
  .map(([k, v]) => `${k} = ${v}`)
  .join('；')}`;

const { values: args, positionals } = parseCli(
  {
    allowPositionals: true,
    options: {
      'persist-to': { type: 'string' },
      remote: { type: 'boolean', default: false },
      json: { type: 'boolean', default: false },
      name: { type: 'string' },
      role: { type: 'string' },
      scope: { type: 'string' },
      keys: { type: 'string' },
      help: { type: 'boolean', short: 'h', default: false },
    },
  },
  USAGE,
);
const [command, email, ...extra] = positionals;
if (args.help || !command) {
  console.log(USAGE);
  process.exit(args.help ? 0 : 2);
}
if (command === 'apikey') {
  const problem = apiKeyArgsProblem(email, extra[0], extra.slice(1));
  if (problem) fail(problem);
  if (args.remote && args['persist-to']) fail('--remote 和 --persist-to 只能选一个');
  const sub = email as 'add' | 'list' | 'revoke';
  const actor = `cli:${userInfo().username}`;
  await runOnD1(
    { remote: args.remote, persistTo: args['persist-to'] },
    (db) => apiKeyCommand(db, sub, extra[0] ?? '', actor, { json: args.json }),
    '数据库里还没有 API 密钥表：请先运行 npm start（会自动迁移）。',
  );
}
if (!['list', 'add', 'remove', 'token'].includes(command)) fail(`不认识的命令：${command}\n${USAGE}`);
if (extra.length) fail(`多余的参数：${extra.join(' ')}\n${USAGE}`);
if (command !== 'list' && !email) fail(`请写上工作人员的邮箱，如 npm run staff -- ${command} zhang.san@example.gov.cn`);
if (command === 'token' && args.remote) fail('token 只用于本机：部署后，工作人员通过 Cloudflare Access 登录');
if (args.remote && args['persist-to']) fail('--remote 和 --persist-to 只能选一个');
const actor = `cli:${userInfo().username}`;

/** For `add`: the member, validated (and its scope checked against the roster) before any database is opened. */
async function memberToAdd(): Promise<StaffMember> {
  const parsed = staffMemberSchema.safeParse({ email, name: args.name, role: args.role, scope: args.scope });
  if (!parsed.success) {
    return fail(parsed.error.issues.map((i) => `${String(i.path[0] ?? '参数')}：${i.message}`).join('\n'));
  }
  const problem = scopeProblem(parsed.data, await loadRoster(resolve(ROOT, 'content')));
  if (problem) return fail(`scope：${problem}`);
  return parsed.data;
}
const newMember = command === 'add' ? await memberToAdd() : null;
const normalEmail = email?.trim().toLowerCase() ?? '';

async function main(db: SqlRunner): Promise<number> {
  if (command === 'list') {
    const members = await db.all<StaffMember>(LIST_STAFF_SQL);
    if (args.json) console.log(JSON.stringify(members, null, 2));
    else if (!members.length) console.log(`名录是空的（${db.label}）。用 npm run staff -- add 添加。`);
    else {
      console.log(`工作人员名录 · ${db.label}`);
      for (const m of members)
        console.log(`  ${m.email}  ${m.name}  ${ROLE_LABELS[m.role]}${m.scope ? `（${m.scope}）` : ''}`);
    }
    return 0;
  }
  if (command === 'add') {
    const [done] = await writeStaff(db, [newMember!], actor);
    const said = { add: '已添加', update: '已更新', restore: '已恢复', unchanged: '没有变化', remove: '' };
    console.log(`${said[done!.action]}：${newMember!.email}（${db.label}）`);
    return 0;
  }
  if (command === 'remove') {
    if (await removeStaff(db, normalEmail, actor)) {
      console.log(`已移出名录：${normalEmail}（记录保留，之后不能再登录；${db.label}）`);
      return 0;
    }
    console.error(`名录中没有在用的 ${normalEmail}（${db.label}）。npm run staff -- list 可查看名录。`);
    return 1;
  }
  // token
  const keysFile = resolve(args.keys ?? LOCAL_KEYS_FILE);
  const keys = await readLocalKeys(keysFile);
  if (!keys) return fail(`没有本地签名密钥（${keysFile}）：请先运行一次 npm start`, 1);
  const member = (await allStaffRows(db)).find((r) => r.email === normalEmail && !r.removed_at);
  if (!member) {
    console.error(
      `名录中没有在用的 ${normalEmail}（${db.label}），不能为其签发令牌。npm run staff -- list 可查看名录。`,
    );
    return 1;
  }
  console.log(await signLocalAccessToken(keys.privateJwk, member.email));
  console.error(`（${member.name} 的本机令牌，12 小时有效；放在请求头 ${ACCESS_HEADER} 中，如：`);
  console.error(`  curl -H "${ACCESS_HEADER}: <令牌>" http://localhost:8787/api/staff/me ）`);
  return 0;
}

await runOnD1(
  { remote: args.remote, persistTo: args['persist-to'] },
  main,
  '数据库里还没有工作人员表：请先运行 npm start（会自动迁移）。',
);
