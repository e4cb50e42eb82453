// @ts-check
import { defineConfig } from 'astro/config';
import cloudflare from '@astrojs/cloudflare';
import { envgridRoster } from './build/roster-integration.ts';

const contentDir = process.env.ENVGRID_CONTENT_DIR ?? './content';

export default defineConfig({
  srcDir: './site',
  site: process.env.SITE_URL ?? 'http://localhost:8787',
  trailingSlash: 'ignore',
  output: 'static',
  adapter: cloudflare({ imageService: 'passthrough' }),
  session: false,
  build: { format: 'directory', inlineStylesheets: 'always' },
  integrations: [envgridRoster({ contentDir })],
});
