// The renderer is served to Electron from app://saraban/ rather than file://: a file:// page
// may read any local file a path can name, and every file:// URL is one "origin", so a report
// or a stray link could pass for the app. The handler below answers only files inside the
// renderer's build folder.
import { extname, isAbsolute, join, relative, resolve } from 'node:path';
import { CSP } from './csp.js';

export const APP_SCHEME = 'app';
export const APP_HOST = 'saraban';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;
/** The address the main window loads; the renderer routes with #/… after it. */
export const APP_ENTRY_URL = `${APP_ORIGIN}/index.html`;
/** The start-up screen shown while the register opens (src-renderer/public/splash.html). */
export const SPLASH_URL = `${APP_ORIGIN}/splash.html`;

/** Given to protocol.registerSchemesAsPrivileged before the app is ready. */
export const APP_SCHEME_PRIVILEGES = {
  scheme: APP_SCHEME,
  // standard: relative URLs and 'self' in the CSP work as for https; secure: a secure context.
  privileges: { standard: true, secure: true, supportFetchAPI: true, stream: true },
} as const;

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
};

export type AppRequestAnswer =
  | { kind: 'file'; path: string; headers: Record<string, string> }
  | { kind: 'refuse'; status: 403 | 404 };

/**
 * Maps an app:// request to a file under the renderer's build folder, or refuses it: another
 * host, a path that climbs out of the folder, an encoded NUL or a type we do not serve.
 */
export function resolveAppRequest(url: string, root: string): AppRequestAnswer {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return { kind: 'refuse', status: 403 };
  }
  if (parsed.protocol !== `${APP_SCHEME}:` || parsed.host !== APP_HOST || parsed.username || parsed.password || parsed.port) {
    return { kind: 'refuse', status: 403 };
  }
  let path: string;
  try {
    path = decodeURIComponent(parsed.pathname);
  } catch {
    return { kind: 'refuse', status: 403 };
  }
  if (path.includes('\0') || path.includes('\\')) return { kind: 'refuse', status: 403 };
  if (path === '/' || path === '') path = '/index.html';
  const type = CONTENT_TYPES[extname(path).toLowerCase()];
  if (!type) return { kind: 'refuse', status: 404 };
  const file = resolve(root, `.${path}`);
  const rel = relative(resolve(root), file);
  if (rel === '' || rel.startsWith('..') || isAbsolute(rel)) return { kind: 'refuse', status: 403 };
  return { kind: 'file', path: join(root, rel), headers: { 'Content-Type': type, 'Content-Security-Policy': CSP, 'X-Content-Type-Options': 'nosniff' } };
}
