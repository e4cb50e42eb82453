/**
 * The Worker's settings that wrangler.toml does not list, in one place: secrets (set with
 * `wrangler secret put NAME`, never written in wrangler.toml) and the local-only settings that
 * `npm start` and the tests pass. Ordinary vars are listed, with their comments, in
 * wrangler.toml's `[vars]` and typed by `wrangler types`; functions/secrets.d.ts types these
 * from this list, and `npm start` passes both lists from the shell (scripts/lib/vars.ts).
 */
export const SECRETS = {
  /** Key of the hash of client IP addresses (rate limiting). Required when deployed: intake answers 503 without it. */
  IP_HASH_SALT: 'docs/complaints.md',
  /** Cloudflare Turnstile secret; when set, every new complaint must carry a valid `cf-turnstile-response`. */
  TURNSTILE_SECRET_KEY: 'docs/complaints.md',
  /** Key for the forwarding webhook's `X-EnvGrid-Signature` (HMAC-SHA256). */
  FORWARD_WEBHOOK_SECRET: 'docs/forwarding.md',
  /** WeCom group robot webhook URL; its `key` parameter is the credential. */
  FORWARD_WECOM_URL: 'docs/forwarding.md',
  /** DingTalk custom robot webhook URL; its `access_token` is the credential. */
  FORWARD_DINGTALK_URL: 'docs/forwarding.md',
  /** DingTalk robot signing secret (加签, starts with `SEC`), if signing is on. */
  FORWARD_DINGTALK_SECRET: 'docs/forwarding.md',
  /** Shared key of the office system's signed status updates (`POST /api/office/updates`); 503 without it. */
  OFFICE_UPDATE_SECRET: 'docs/office-updates.md',
  /** Where each body's digests go (JSON: office / town:<id> / department:<id> → channels); robot URLs are credentials. */
  DIGEST_CHANNELS: 'docs/digests.md',
  /** Key for the HMAC of signed, expiring photo links for staff; no links without it. */
  PHOTO_LINK_SECRET: 'docs/photos.md',
  /** Git host token with contents:write on the roster repository only; approvals stay queued without it. */
  ROSTER_GIT_TOKEN: 'docs/roster-publishing.md',
} as const;

/** Set only by `npm start` and the tests, never when deployed (docs/staff.md). */
export const LOCAL_SETTINGS = {
  /** "local" under `npm start` and the tests: local salt, local staff key set, local sign-in page. */
  ENVGRID_ENV: 'docs/staff.md',
  /** The local public JWK set (JSON `{"keys":[…]}`) that local staff tokens are verified against. */
  ACCESS_LOCAL_JWKS: 'docs/staff.md',
  /** The matching private JWK (JSON), so the local sign-in page can sign a token. */
  ACCESS_LOCAL_PRIVATE_JWK: 'docs/staff.md',
} as const;

export type SecretName = keyof typeof SECRETS;
export type LocalSettingName = keyof typeof LOCAL_SETTINGS;
