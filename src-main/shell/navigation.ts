// Where the app's windows may go. The main window never leaves the app (a changed #route is
// not a navigation; a reload of the app's page is allowed); links out open in the system's
// browser only when they point at an allowed https origin, never any https address.
import { isAppDocument } from './trustedSender.js';

export function navigationAllowed(url: string): boolean {
  return isAppDocument(url);
}

/** The origins the clerk may open in the browser: the office's own server (its help and update pages). */
export function externalOrigins(serverUrl: string | null): string[] {
  if (!serverUrl) return [];
  try {
    const u = new URL(serverUrl);
    return u.protocol === 'https:' ? [u.origin] : [];
  } catch {
    return [];
  }
}

export function externalUrlAllowed(url: string, allowedOrigins: readonly string[]): boolean {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return false;
  }
  // user:pass@ can make a link look like another host; refuse it outright.
  if (u.protocol !== 'https:' || u.username || u.password) return false;
  return allowedOrigins.includes(u.origin);
}
