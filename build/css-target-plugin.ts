/**
 * One CSS target for every server environment of the build.
 *
 * Pages are prerendered in Node (astro.config.mjs: `prerenderEnvironment: 'node'`), so the
 * `prerender` environment keeps Vite's browser baseline as its CSS target while the Cloudflare
 * plugin gives the Worker's `ssr` environment `es2024`. The two then minify the same stylesheet
 * differently (`text-decoration: underline 2px` against the longhand for older browsers), and
 * Astro inlines both into every prerendered page, because it only drops a sheet identical to one
 * already on the page. Giving both environments the browsers' baseline makes the sheets identical:
 * one copy per page, the bytes a workerd prerender gave (compared file by file on the sample build).
 *
 * Build plumbing, not domain logic: it lives beside astro.config.mjs's other wiring.
 */
import type { Plugin } from 'vite';

/** Vite's default CSS target for browsers ("baseline widely available"), which the client build uses. */
const BROWSER_BASELINE = ['chrome111', 'edge111', 'firefox114', 'safari16.4', 'ios16.4'];

export function sameCssTarget(): Plugin {
  return {
    name: 'envgrid-css-target',
    enforce: 'post',
    configEnvironment(name) {
      if (name === 'ssr' || name === 'prerender') return { build: { cssTarget: BROWSER_BASELINE } };
    },
  };
}
