import { defineConfig } from 'vitest/config';
import { cloudflareTest, readD1Migrations } from '@cloudflare/vitest-plugin';
import { rosterVitePlugin } from './build/roster-vite-plugin.ts';
import { fakeSiteverify } from './tests/worker/support/siteverify.ts';

const migrations = await readD1Migrations('./migrations');

/** The Worker under test in workerd with a local D1 and the real migrations. */
function workerPlugins(miniflare: { outboundService?: typeof fakeSiteverify }) {
  return [
    rosterVitePlugin('./content'),
    cloudflareTest({
      main: './tests/worker/entry.ts',
      wrangler: { configPath: './wrangler.toml' },
      miniflare: { bindings: { TEST_MIGRATIONS: migrations }, ...miniflare },
    }),
  ];
}

export default defineConfig({
  test: {
    // The Worker logs one line per delivery attempt: useful in `npm start`, noise in test output.
    onConsoleLog: (log) => !/^forwarding( cron)?:/.test(log),
    projects: [
      {
        test: { name: 'unit', include: ['tests/unit/**/*.test.ts'], environment: 'node' },
      },
      {
        plugins: workerPlugins({ outboundService: fakeSiteverify }),
        test: {
          name: 'worker',
          include: ['tests/worker/**/*.test.ts'],
          exclude: ['tests/worker/forwarding/**'],
          setupFiles: ['./tests/worker/setup.ts'],
        },
      },
      {
        // Forwarding talks to real receivers on 127.0.0.1 (a refused connection must look
        // like one), so no outbound stand-in here; the receivers run in Node (globalSetup).
        plugins: workerPlugins({}),
        test: {
          name: 'forwarding',
          include: ['tests/worker/forwarding/**/*.test.ts'],
          setupFiles: ['./tests/worker/setup.ts'],
          globalSetup: ['./tests/worker/forwarding/global-setup.ts'],
        },
      },
      {
        test: {
          name: 'e2e',
          include: ['tests/e2e/**/*.test.ts'],
          environment: 'node',
          globalSetup: ['./tests/e2e/global-setup.ts'],
          testTimeout: 60_000,
          hookTimeout: 120_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
