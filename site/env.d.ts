/// <reference types="astro/client" />

declare namespace App {
  interface Locals {
    /** The signed-in staff member on pages under /staff/ (set by site/middleware.ts). */
    staff?: import('../functions/services/staff.ts').StaffMember;
  }
}
