import type { StaffMember } from './staff/identity.ts';

/** Hono environment shared by every sub-app. */
export interface AppEnv {
  Bindings: Env;
  Variables: {
    /** The signed-in staff member on /api/staff/* (set by `requireStaff`). */
    staff?: StaffMember;
  };
}
