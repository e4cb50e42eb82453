import { applyD1Migrations } from 'cloudflare:test';
import { env } from 'cloudflare:workers';

// Applies the real migrations/ to this test run's local D1 (idempotent).
await applyD1Migrations(env.DB, env.TEST_MIGRATIONS);
