/**
 * Worker secrets. They are set with `wrangler secret put NAME` (or passed by
 * `npm start` from the shell), never written in wrangler.toml, so
 * `wrangler types` cannot see them; this is the one hand-written addition to
 * the generated Env. Both are optional: see docs/README-complaints.md.
 */
interface Env {
  /** Salt for the hash of client IP addresses (rate limiting). A fixed local default is used when unset. */
  IP_HASH_SALT?: string;
  /** Cloudflare Turnstile secret; when set, every new complaint must carry a valid `cf-turnstile-response`. */
  TURNSTILE_SECRET_KEY?: string;
}
declare namespace Cloudflare {
  interface Env {
    IP_HASH_SALT?: string;
    TURNSTILE_SECRET_KEY?: string;
  }
}
