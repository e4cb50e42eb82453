/** Worker entry for tests in workerd: the real handlers, with a stub in place of the Astro build. */
import { createWorker } from '../../functions/handler.ts';

export default createWorker(() => new Response('page stub (pages are tested end to end)', { status: 404 }));
