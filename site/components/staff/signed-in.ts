/**
 * The staff member site/middleware.ts signed in for this request
 * (`Astro.locals.staff`), or null. Every console page checks it, so a page
 * reached without the middleware refuses rather than shows data.
 */
import type { Caller } from '../../../functions/services/cases.ts';

/** `Astro.locals.staff`, read once here. */
export function signedIn(locals: object): Caller | null {
  return (locals as { staff?: Caller }).staff ?? null;
}
