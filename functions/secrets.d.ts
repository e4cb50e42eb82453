/**
 * Worker secrets. They are set with `wrangler secret put NAME` (or passed by
 * `npm start` from the shell), never written in wrangler.toml, so
 * `wrangler types` cannot see them; this is the one hand-written addition to
 * the generated Env. All are optional: see docs/complaints.md,
 * docs/forwarding.md and docs/photos.md.
 */
interface EnvGridSecrets {
  /** Key of the hash of client IP addresses (rate limiting). Required when deployed: intake answers 503 without it. */
  IP_HASH_SALT?: string;
  /** "local" for `npm start` and the tests; never set when deployed (shared with staff sign-in). */
  ENVGRID_ENV?: string;
  /** Cloudflare Turnstile secret; when set, every new complaint must carry a valid `cf-turnstile-response`. */
  TURNSTILE_SECRET_KEY?: string;
  /** Key for the forwarding webhook's `X-EnvGrid-Signature` (HMAC-SHA256). */
  FORWARD_WEBHOOK_SECRET?: string;
  /** WeCom group robot webhook URL; its `key` parameter is the credential. */
  FORWARD_WECOM_URL?: string;
  /** DingTalk custom robot webhook URL; its `access_token` is the credential. */
  FORWARD_DINGTALK_URL?: string;
  /** DingTalk robot signing secret (加签, starts with `SEC`), if signing is on. */
  FORWARD_DINGTALK_SECRET?: string;
  /** Key for the HMAC of signed, expiring photo links for staff (docs/photos.md); no links without it. */
  PHOTO_LINK_SECRET?: string;
}
// Merged into the generated Env interfaces (worker-configuration.d.ts).
// eslint-disable-next-line @typescript-eslint/no-empty-object-type -- declaration merging adds the members
interface Env extends EnvGridSecrets {}
declare namespace Cloudflare {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type -- declaration merging adds the members
  interface Env extends EnvGridSecrets {}
}
