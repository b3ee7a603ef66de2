// The one Content-Security-Policy of the app. The HTTP host sends it as a header, Electron's
// app:// protocol sends it with every response, and vite writes it into index.html's meta tag
// (vite.config.ts), so the three can never drift apart.
export const CSP_DIRECTIVES = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "font-src 'self' data:",
  "img-src 'self' data: blob:",
  "connect-src 'self'",
  "frame-src 'self' blob:",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
] as const;

export const CSP = CSP_DIRECTIVES.join('; ');

// Browsers ignore (and warn about) these in a <meta> policy; they only work as a header.
const HEADER_ONLY = ['frame-ancestors', 'report-uri', 'sandbox'];

/** The same policy as it may appear in index.html's <meta http-equiv>. */
export const CSP_META = CSP_DIRECTIVES.filter((d) => !HEADER_ONLY.includes(d.split(' ')[0] ?? '')).join('; ');

/** The placeholder in src-renderer/index.html that the build replaces with CSP_META. */
export const CSP_PLACEHOLDER = '%SARABAN_CSP%';

export function injectCsp(html: string): string {
  if (!html.includes(CSP_PLACEHOLDER)) throw new Error(`index.html has no ${CSP_PLACEHOLDER} placeholder for the CSP`);
  return html.split(CSP_PLACEHOLDER).join(CSP_META);
}
