/**
 * Content-layer loader for the towns' grid division plans
 * (`content/towns/<id>.md`). Like Astro's `glob()` loader, but it joins lines
 * wrapped inside Chinese paragraphs first: Markdown turns such a line break
 * into a space, which reads as a stray gap in Chinese text.
 */
import { readdir, readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { Loader, LoaderContext } from 'astro/loaders';
import { joinCjkLines } from './format.ts';

/** Loads `<contentDir>/towns/*.md` as entries whose id is the town id. */
export function townPlans(contentDir: string): Loader {
  const dir = resolve(contentDir, 'towns');
  const loadAll = async ({ store, renderMarkdown, generateDigest }: LoaderContext) => {
    const names = (await readdir(dir)).filter((f) => f.endsWith('.md')).sort();
    store.clear();
    for (const name of names) {
      const body = joinCjkLines(await readFile(join(dir, name), 'utf8'));
      store.set({
        id: name.slice(0, -'.md'.length),
        data: {},
        body,
        rendered: await renderMarkdown(body),
        digest: generateDigest(body),
      });
    }
  };
  return {
    name: 'envgrid-town-plans',
    load: async (ctx) => {
      await loadAll(ctx);
      // `astro dev`: re-render when a plan is edited.
      ctx.watcher?.add(dir);
      ctx.watcher?.on('all', (_event, path) => {
        if (path.startsWith(dir) && path.endsWith('.md')) void loadAll(ctx);
      });
    },
  };
}
