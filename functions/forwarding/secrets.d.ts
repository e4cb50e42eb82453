/**
 * The forwarding channels' optional secrets (set with `wrangler secret put
 * NAME`, or passed by `npm start` from the shell). `wrangler types` only types
 * secrets listed under `secrets.required`, and a required secret blocks every
 * deploy until it is set, so these optional ones are declared here by hand.
 */
interface ForwardingSecrets {
  /** Key for the webhook's `X-EnvGrid-Signature` (HMAC-SHA256). */
  FORWARD_WEBHOOK_SECRET?: string;
  /** WeCom group robot webhook URL; its `key` parameter is the credential. */
  FORWARD_WECOM_URL?: string;
  /** DingTalk custom robot webhook URL; its `access_token` is the credential. */
  FORWARD_DINGTALK_URL?: string;
  /** DingTalk robot signing secret (加签, starts with `SEC`), if signing is on. */
  FORWARD_DINGTALK_SECRET?: string;
}

// Merged into the generated Env interfaces (worker-configuration.d.ts).
declare namespace Cloudflare {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type -- declaration merging adds the members
  interface Env extends ForwardingSecrets {}
}
// eslint-disable-next-line @typescript-eslint/no-empty-object-type -- declaration merging adds the members
interface Env extends ForwardingSecrets {}
