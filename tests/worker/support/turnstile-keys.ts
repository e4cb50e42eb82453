/** Turnstile test constants shared by the siteverify stand-in (Node) and the tests (workerd). */

export const SITEVERIFY = 'https://challenges.cloudflare.com/turnstile/v0/siteverify';

/** Cloudflare's published Turnstile test secret keys. */
export const TURNSTILE_TEST_SECRETS = {
  passes: '1x0000000000000000000000000000000AA',
  fails: '2x0000000000000000000000000000000AA',
  spent: '3x0000000000000000000000000000000AA',
} as const;

/** The dummy token Cloudflare's test site keys make the widget produce. */
export const DUMMY_TOKEN = 'XXXX.DUMMY.TOKEN.XXXX';

/** A secret that makes the stand-in answer 500 (Cloudflare unreachable or broken). */
export const BROKEN_SECRET = 'test-siteverify-broken';
