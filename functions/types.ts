import type { StaffMember } from './staff/identity.ts';

/** Hono environment shared by every sub-app. */
export interface AppEnv {
  Bindings: Env;
  Variables: {
    /** Renders a site page through Astro (set by the Worker entry; absent in API-only tests). */
    renderPage?: (request: Request) => Promise<Response>;
    /** The signed-in staff member on /api/staff/* (set by `requireStaff`). */
    staff?: StaffMember;
  };
}
