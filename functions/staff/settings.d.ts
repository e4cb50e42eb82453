/**
 * Staff sign-in settings that are never written in wrangler.toml, merged into
 * the generated Env (like functions/secrets.d.ts). `ACCESS_TEAM_DOMAIN` and
 * `ACCESS_AUD` are ordinary vars in wrangler.toml. See docs/staff.md.
 */
interface EnvGridStaffSettings {
  /** "local" only under `npm start` and the tests: trust `ACCESS_LOCAL_JWKS` instead of Cloudflare Access. */
  ENVGRID_ENV?: string;
  /** The local public JWK set (JSON `{"keys":[…]}`) that local staff tokens are verified against. */
  ACCESS_LOCAL_JWKS?: string;
  /** The matching private JWK (JSON), so the local sign-in page can sign a token. Local only. */
  ACCESS_LOCAL_PRIVATE_JWK?: string;
}
// eslint-disable-next-line @typescript-eslint/no-empty-object-type -- declaration merging adds the members
interface Env extends EnvGridStaffSettings {}
declare namespace Cloudflare {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type -- declaration merging adds the members
  interface Env extends EnvGridStaffSettings {}
}
