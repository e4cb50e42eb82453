/// <reference types="astro/client" />
import type { StaffMember } from '../functions/services/staff.ts';

declare global {
  namespace App {
    interface Locals {
      /** The signed-in staff member on pages under /staff/ (set by site/middleware.ts). */
      staff?: StaffMember;
    }
  }
}
