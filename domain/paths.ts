/**
 * Addresses of the complaint pages and API, in one place: the API's answers,
 * the form page, forwarded messages and the tests all link through these.
 */
import { formatTrackingCode } from './tracking-code.ts';

/** The complaint form page; it also takes the form's own (no-JavaScript) post. */
export const COMPLAINT_FORM_PATH = '/complaint/';
/** The complaint API (JSON and form posts from scripts). */
export const COMPLAINT_API_PATH = '/api/complaints';

/** Where the public status page for a code lives. */
export const statusPath = (code: string) => `/complaint/status/?code=${formatTrackingCode(code)}`;
/** Where a browser goes after a successful form post. */
export const submittedPath = (code: string) => `/complaint/submitted/?code=${formatTrackingCode(code)}`;
/** The public API answer for a code. */
export const complaintApiPath = (code: string) => `${COMPLAINT_API_PATH}/${formatTrackingCode(code)}`;
