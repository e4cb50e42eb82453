// @ts-check
import { defineConfig } from 'astro/config';
import cloudflare from '@astrojs/cloudflare';
import { envgridRoster } from './build/roster-integration.ts';
import { securityHeaders } from './build/security-headers-integration.ts';
import { nodePrerender } from './build/node-prerender-plugins.ts';

const contentDir = process.env.ENVGRID_CONTENT_DIR ?? './content';

export default defineConfig({
  srcDir: './site',
  site: process.env.SITE_URL ?? 'http://localhost:8787',
  trailingSlash: 'ignore',
  output: 'static',
  // Static pages are rendered in this Node process: it shares the roster the build checked
  // (build/roster-vite-plugin.ts) instead of a workerd copy of it behind a local HTTP hop, which
  // made a 50,000-village build take over 20 minutes and 4.8 GB. The Worker still runs on workerd.
  adapter: cloudflare({ imageService: 'passthrough', prerenderEnvironment: 'node' }),
  session: false,
  build: { format: 'directory', inlineStylesheets: 'always' },
  // No inline scripts, so the Content-Security-Policy (functions/security/headers.ts) needs no hashes.
  vite: { build: { assetsInlineLimit: 0 }, plugins: [nodePrerender()] },
  integrations: [envgridRoster({ contentDir }), securityHeaders()],
});
