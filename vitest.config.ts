import { defineConfig } from 'vitest/config';
import { cloudflareTest, readD1Migrations } from '@cloudflare/vitest-plugin';
import { rosterVitePlugin } from './build/roster-vite-plugin.ts';
import { fakeSiteverify } from './tests/worker/support/siteverify.ts';
import { TEST_STAFF_VARS } from './tests/support/staff-test-key.ts';

// Miniflare would fetch the `Request.cf` object from the Internet at start; the tests never need it.
process.env.CLOUDFLARE_CF_FETCH_ENABLED ??= 'false';

const migrations = await readD1Migrations('./migrations');

/**
 * The Worker under test in workerd with a local D1 and the real migrations.
 * Staff tokens are verified against the test key (`ENVGRID_ENV=local`, see
 * tests/support/staff-test-key.ts), with the same code as production.
 */
function workerPlugins(miniflare: { outboundService?: typeof fakeSiteverify }) {
  return [
    rosterVitePlugin('./content'),
    cloudflareTest({
      main: './tests/worker/entry.ts',
      wrangler: { configPath: './wrangler.toml' },
      miniflare: {
        // A local run (ENVGRID_ENV) with its own salt, and a global ceiling no test reaches by accident
        // (the tests that check the ceiling lower it).
        bindings: {
          TEST_MIGRATIONS: migrations,
          ...TEST_STAFF_VARS,
          ENVGRID_ENV: 'local',
          IP_HASH_SALT: 'worker-tests-salt',
          RATE_LIMIT_GLOBAL_PER_MINUTE: '1000000',
          OFFICE_UPDATE_SECRET: 'worker-tests-office-secret',
          PHOTO_LINK_SECRET: 'worker-tests-photo-link-secret-0123456789',
        },
        ...miniflare,
      },
    }),
  ];
}

/** End-to-end files that start their own built Worker (or need none), so need not share the common one. */
const E2E_OWN_SERVER = [
  'tests/e2e/forwarding.test.ts',
  'tests/e2e/roster-publish.test.ts',
  'tests/e2e/photos-decode.test.ts',
];
const E2E_TEST_BUDGET_MS = 60_000;
const E2E_HOOK_BUDGET_MS = 120_000;

/** Budget per worker test on a busy shared 2-core machine: one that takes 3 s alone can take 10 under load. */
const WORKER_TEST_BUDGET_MS = 30_000;

export default defineConfig({
  test: {
    // Two files at a time (Vitest's default is one less than the cores: 1 on this 2-core machine). Most
    // files wait on workerd, wrangler or a child process rather than the CPU. The e2e project still runs
    // its files one after another (fileParallelism: false), after the others.
    maxWorkers: 2,
    // The Worker logs one line per delivery attempt and per refused staff request:
    // useful in `npm start`, noise in test output.
    onConsoleLog: (log) => !/^(forwarding( cron)?|staff|office updates|digests):/.test(log),
    projects: [
      {
        test: { name: 'unit', include: ['tests/unit/**/*.test.ts'], environment: 'node' },
      },
      {
        plugins: workerPlugins({ outboundService: fakeSiteverify }),
        test: {
          name: 'worker',
          include: ['tests/worker/**/*.test.ts'],
          exclude: ['tests/worker/forwarding/**', 'tests/worker/roster-publish/**', 'tests/worker/roster-upload/**'],
          setupFiles: ['./tests/worker/setup.ts'],
          testTimeout: WORKER_TEST_BUDGET_MS,
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
          testTimeout: WORKER_TEST_BUDGET_MS,
          globalSetup: ['./tests/worker/forwarding/global-setup.ts'],
        },
      },
      {
        // The roster publisher talks to the local Git host service over real git repositories (Node, globalSetup).
        plugins: workerPlugins({}),
        test: {
          name: 'roster-publish',
          include: ['tests/worker/roster-publish/**/*.test.ts'],
          setupFiles: ['./tests/worker/setup.ts'],
          globalSetup: ['./tests/worker/roster-publish/global-setup.ts'],
          // Each test makes a dozen HTTP calls to git on a machine shared with other builds.
          testTimeout: 60_000,
        },
      },
      {
        // The workbook upload: the workbooks are written by roster:export's code (ExcelJS, Node) in globalSetup.
        plugins: workerPlugins({}),
        test: {
          name: 'roster-upload',
          include: ['tests/worker/roster-upload/**/*.test.ts'],
          setupFiles: ['./tests/worker/setup.ts'],
          globalSetup: ['./tests/worker/roster-upload/global-setup.ts'],
          testTimeout: WORKER_TEST_BUDGET_MS,
        },
      },
      {
        // One built Worker (global-setup.ts) shared by these files, so one file at a time.
        test: {
          name: 'e2e',
          include: ['tests/e2e/**/*.test.ts'],
          exclude: E2E_OWN_SERVER,
          environment: 'node',
          globalSetup: ['./tests/e2e/global-setup.ts'],
          testTimeout: E2E_TEST_BUDGET_MS,
          hookTimeout: E2E_HOOK_BUDGET_MS,
          fileParallelism: false,
        },
      },
      {
        // Files that start their own Worker, data and ports (or none): they run beside the other
        // projects instead of waiting for the shared server's queue.
        test: {
          name: 'e2e-own',
          include: E2E_OWN_SERVER,
          environment: 'node',
          testTimeout: E2E_TEST_BUDGET_MS,
          hookTimeout: E2E_HOOK_BUDGET_MS,
        },
      },
    ],
  },
});
