/**
 * The benchmark's Worker entry: the production build's entry (copied beside
 * it as `./entry.mjs`) plus the bench-only routes. Copied into a build's
 * server folder by bench/lib/bench-worker.ts; never part of a deployment.
 */
import worker from './entry.mjs';
import { benchFetch } from './bench-routes.mjs';

export default {
  ...worker,
  /** @param {Request} request @param {any} env @param {ExecutionContext} ctx */
  fetch(request, env, ctx) {
    return benchFetch(request, env) ?? worker.fetch(request, env, ctx);
  },
};
