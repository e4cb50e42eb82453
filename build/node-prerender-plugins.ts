/**
 * What prerendering in Node (astro.config.mjs: `prerenderEnvironment: 'node'`) needs of Vite.
 *
 * 1. One CSS target for every server environment of the build.
 *
 * Prerendering in Node, the `prerender` environment keeps Vite's browser baseline as its CSS target while the Cloudflare
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

function sameCssTarget(): Plugin {
  return {
    name: 'envgrid-css-target',
    enforce: 'post',
    configEnvironment(name) {
      if (name === 'ssr' || name === 'prerender') return { build: { cssTarget: BROWSER_BASELINE } };
    },
  };
}

/**
 * 2. A prerender bundle that carries its packages, so a build can go to any folder: Node resolves
 * a bare import from where the bundle is, and the publishing tests build in /tmp. Build only: the
 * dev server runs modules unbundled, where inlining a CommonJS package fails.
 */
function selfContainedPrerender(): Plugin {
  return {
    name: 'envgrid-self-contained-prerender',
    configEnvironment(name, _config, env) {
      if (name === 'prerender' && env.command === 'build') return { resolve: { noExternal: true } };
    },
  };
}

/** The Vite plugins prerendering in Node needs (see above). */
export function nodePrerender(): Plugin[] {
  return [sameCssTarget(), selfContainedPrerender()];
}
