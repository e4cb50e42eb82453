/** Hono environment shared by every sub-app. */
export interface AppEnv {
  Bindings: Env;
}
