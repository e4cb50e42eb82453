// @ts-check
import { defineConfig } from 'astro/config';
import cloudflare from '@astrojs/cloudflare';
import { envgridRoster } from './build/roster-integration.ts';
import { securityHeaders } from './build/security-headers-integration.ts';

const contentDir = process.env.ENVGRID_CONTENT_DIR ?? './content';

export default defineConfig({
  srcDir: './site',
  site: process.env.SITE_URL ?? 'http://localhost:8787',
  trailingSlash: 'ignore',
  output: 'static',
  adapter: cloudflare({ imageService: 'passthrough' }),
  session: false,
  build: { format: 'directory', inlineStylesheets: 'always' },
  // No inline scripts, so the Content-Security-Policy (functions/security/headers.ts) needs no hashes.
  vite: { build: { assetsInlineLimit: 0 } },
  integrations: [envgridRoster({ contentDir }), securityHeaders()],
});
