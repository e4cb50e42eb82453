/**
 * Astro integration: after the build, puts the security headers rule
 * (functions/security/headers.ts) at the top of `_headers` in the client output, so prerendered
 * pages and assets, which Cloudflare serves without running the Worker,
 * carry the same headers as the Worker's answers. Keeps whatever the adapter
 * or `public/_headers` wrote there (e.g. the immutable cache rule for /_astro/*).
 */
import { readFile, writeFile } from 'node:fs/promises';
import type { AstroIntegration } from 'astro';
import { staticHeadersRule } from '../functions/security/headers.ts';

export function securityHeaders(): AstroIntegration {
  let clientDir: URL | undefined;
  return {
    name: 'envgrid-security-headers',
    hooks: {
      'astro:config:done': ({ config }) => {
        clientDir = config.build.client;
      },
      'astro:build:done': async ({ dir }) => {
        const file = new URL('_headers', clientDir ?? dir);
        const existing = await readFile(file, 'utf8').catch(() => '');
        await writeFile(file, `${staticHeadersRule()}\n${existing}`);
      },
    },
  };
}
