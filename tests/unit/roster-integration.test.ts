import { rm } from 'node:fs/promises';
import { afterAll, describe, expect, it } from 'vitest';
import type { Plugin } from 'vite';
import { ROSTER_MODULE } from '../../build/roster-vite-plugin.ts';
import { envgridRoster } from '../../build/roster-integration.ts';
import type { RosterFiles } from '../../domain/roster/load.ts';
import { editYaml, sampleFiles, writeFixture } from './helpers/roster-fixture.ts';

const dirs: string[] = [];
afterAll(async () => {
  for (const d of dirs) await rm(d, { recursive: true, force: true });
});

/** Runs the integration's config hook as `astro build` would, capturing what it logs. */
async function setup(files: RosterFiles) {
  const dir = await writeFixture(files);
  dirs.push(dir);
  const log: { level: string; text: string }[] = [];
  const logger = Object.fromEntries(
    ['info', 'warn', 'error'].map((level) => [level, (text: string) => log.push({ level, text })]),
  );
  let configured: { vite: { plugins: Plugin[] } } | undefined;
  const hook = envgridRoster({ contentDir: dir }).hooks['astro:config:setup'] as (o: object) => Promise<void>;
  const run = () => hook({ command: 'build', logger, updateConfig: (c: typeof configured) => (configured = c) });
  return { run, log, dir, configured: () => configured !== undefined, plugin: () => configured!.vite.plugins[0]! };
}

describe('the build runs the roster checks', () => {
  it('fails the build on errors, with the same report as roster:check', async () => {
    const { run } = await setup(
      editYaml(await sampleFiles(), 'villages/beiguan.yaml', (v) => void (v.supervisors[0].fullTime = '是')),
    );
    await expect(run()).rejects.toThrow(
      /【庆北办事处】\n.*villages\/beiguan\.yaml › supervisors\[0\]\.fullTime：请用 fullTime 注明是否专职/,
    );
  });

  it('prints findings against the plan as warnings and builds', async () => {
    const s = await setup(editYaml(await sampleFiles(), 'towns/jiedao.yaml', (t) => void t.leaders.pop()));
    await s.run();
    expect(s.configured()).toBe(true);
    expect(s.log.filter((l) => l.level === 'warn').map((l) => l.text)).toEqual([
      `${s.dir}/towns/jiedao.yaml › leaders：双网格长只填了 1 名；方案要求由党委（党工委）书记和镇长（主任）共同担任，请在 leaders 中补足 2 名`,
    ]);
  });

  it('parses the roster once: the Vite plugin serves the roster the check already parsed', async () => {
    const s = await setup(await sampleFiles());
    await s.run();
    // With the files gone, the plugin can only answer from the roster it was handed.
    await rm(s.dir, { recursive: true, force: true });
    const plugin = s.plugin();
    const resolved = (plugin.resolveId as (id: string) => string)(ROSTER_MODULE);
    const code = await (plugin.load as (this: object, id: string) => Promise<string>).call({}, resolved);
    expect(code).toContain('\\"laozhuangzi\\"');
  });
});
