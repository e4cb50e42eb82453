import { defineConfig } from 'vitest/config';
import { cloudflareTest, readD1Migrations } from '@cloudflare/vitest-plugin';
import { rosterVitePlugin } from './domain/roster/vite-plugin.ts';

const migrations = await readD1Migrations('./migrations');

export default defineConfig({
  test: {
    // The Worker logs one line per delivery attempt: useful in `npm start`, noise in test output.
    onConsoleLog: (log) => !/^forwarding( cron)?:/.test(log),
    projects: [
      {
        test: { name: 'unit', include: ['tests/unit/**/*.test.ts'], environment: 'node' },
      },
      {
        plugins: [
          rosterVitePlugin('./content'),
          cloudflareTest({
            main: './tests/worker/entry.ts',
            wrangler: { configPath: './wrangler.toml' },
            miniflare: { bindings: { TEST_MIGRATIONS: migrations } },
          }),
        ],
        test: {
          name: 'worker',
          include: ['tests/worker/**/*.test.ts'],
          setupFiles: ['./tests/worker/setup.ts'],
          // Office receivers for the forwarding tests, in Node, reached over 127.0.0.1.
          globalSetup: ['./tests/worker/global-setup.ts'],
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
