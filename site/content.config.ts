// Wiring only: the towns' grid division plans (content/towns/<id>.md) as a
// collection, so Astro renders their Markdown at build time in Node. The
// roster loader (domain/roster) validates the towns themselves.
import { defineCollection } from 'astro:content';
import { townPlans } from './lib/plan-loader.ts';

const contentDir = process.env.ENVGRID_CONTENT_DIR ?? './content';

export const collections = {
  plans: defineCollection({ loader: townPlans(contentDir) }),
};
