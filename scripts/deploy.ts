/**
 * `npm run deploy`: publishes the site. Checks the roster (a change without a change record
 * stops it), stamps today's date as `published` on every unpublished change record and keeps a
 * snapshot of what goes live (content/published.json), then builds, applies the remote D1
 * migrations and deploys the Worker. A failed step undoes the stamp. Commit content/ afterwards:
 * the stamp and the snapshot are part of the record.
 */
import { deploy } from './lib/deploy.ts';
import { todayInChina } from '../domain/workdays.ts';

const wranglerConfig = ['-c', 'dist/server/wrangler.json'];
const result = await deploy({
  contentDir: process.env.ENVGRID_CONTENT_DIR ?? './content',
  today: todayInChina(),
  cwd: process.cwd(),
  steps: [
    ['npx', 'astro', 'build'],
    ['npx', 'wrangler', 'd1', 'migrations', 'apply', 'DB', '--remote', ...wranglerConfig],
    ['npx', 'wrangler', 'deploy', ...wranglerConfig],
  ],
});
if (result.ok) {
  console.log(
    result.stamped.length
      ? `已发布。变更记录 ${result.stamped.join('、')} 的公布日期记为今天；请提交 content/ 中的改动（changes.yaml、published.json）。`
      : '已发布。没有待公布的变更记录；请提交 content/published.json。',
  );
} else {
  console.error(result.message);
  process.exitCode = 1;
}
