/**
 * Types of the settings `wrangler types` cannot see (secrets and local-only settings), merged
 * into the generated Env. The names and their meaning live in functions/secret-names.ts.
 */
import type { LocalSettingName, SecretName } from './secret-names.ts';

type EnvGridExtraSettings = { [K in SecretName | LocalSettingName]?: string };

declare global {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type -- declaration merging adds the members
  interface Env extends EnvGridExtraSettings {}
  namespace Cloudflare {
    // eslint-disable-next-line @typescript-eslint/no-empty-object-type -- declaration merging adds the members
    interface Env extends EnvGridExtraSettings {}
  }
}
