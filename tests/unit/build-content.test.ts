/**
 * `astro build` over a broken copy of the content stops with the roster
 * report, before writing anything. The build over the sample content is run
 * by `npm test` itself (and its pages are checked by tests/e2e/site.test.ts).
 */
import { spawn } from 'node:child_process';
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const ROOT = resolve(import.meta.dirname, '../..');
let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'envgrid-broken-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

function astroBuild(contentDir: string, outDir: string): Promise<{ code: number | null; output: string }> {
  return new Promise((ok, fail) => {
    let output = '';
    const p = spawn(resolve(ROOT, 'node_modules/.bin/astro'), ['build', '--outDir', outDir], {
      cwd: ROOT,
      env: { ...process.env, ENVGRID_CONTENT_DIR: contentDir, ASTRO_TELEMETRY_DISABLED: '1' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    p.stdout.on('data', (d) => (output += d));
    p.stderr.on('data', (d) => (output += d));
    p.on('error', fail);
    p.on('exit', (code) => ok({ code, output }));
  });
}

describe('astro build over broken content', () => {
  it('fails naming the file, the field and the fix, and writes no site', async () => {
    const content = join(dir, 'content');
    await cp(resolve(ROOT, 'content'), content, { recursive: true });
    const file = join(content, 'villages/dongxing.yaml');
    const text = await readFile(file, 'utf8');
    await writeFile(file, text.replace("phone: '13800000015'", "phone: '0315-123'"));
    const out = join(dir, 'dist');

    const { code, output } = await astroBuild(content, out);

    expect(code).not.toBe(0);
    expect(output).toContain('结论：有 1 处错误');
    expect(output).toContain(
      `${content}/villages/dongxing.yaml › supervisors[0].phone：电话号码格式不对，请写成手机号码（如 13812345678）`,
    );
    expect(existsSync(out)).toBe(false);
  }, 90_000);
});
