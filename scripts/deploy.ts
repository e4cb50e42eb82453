/**
 * `npm run deploy`: deploys the site from a workstation. Checks the roster (a change without a
 * change record stops it), builds, applies the remote D1 migrations and deploys the Worker; after
 * success keeps a snapshot of what went live (content/published.json, commit it). It writes no
 * publication date: the new Worker version records that itself when it first serves.
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
    '已发布。新版本首次访问时由网站自动记录变更的公布日期（/changes/ 可见）；请提交 content/published.json。',
  );
} else {
  console.error(result.message);
  process.exitCode = 1;
}
