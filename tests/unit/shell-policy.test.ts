// The desktop shell's decisions, tested without Electron: src-main/electron/ only wires these.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { APP_ENTRY_URL, APP_SCHEME_PRIVILEGES, resolveAppRequest } from '../../src-main/shell/appProtocol.js';
import { CSP, CSP_META, CSP_PLACEHOLDER, injectCsp } from '../../src-main/shell/csp.js';
import { externalOrigins, externalUrlAllowed, navigationAllowed } from '../../src-main/shell/navigation.js';
import { isTrustedSender } from '../../src-main/shell/trustedSender.js';
import { mainWindowOptions, permissionAllowed, printWindowOptions, PRINT_PARTITION } from '../../src-main/shell/windowOptions.js';

const main = 7;
const frame = (url: string, isMainFrame = true) => ({ url, isMainFrame });

describe('trusted sender', () => {
  it('accepts the main window top frame on any #route and with a ?query', () => {
    for (const url of [APP_ENTRY_URL, `${APP_ENTRY_URL}#/`, `${APP_ENTRY_URL}#/register/incoming`, `${APP_ENTRY_URL}#/register/incoming/entry/abc/edit?x=1`, `${APP_ENTRY_URL}?token=1#/settings`]) {
      expect(isTrustedSender({ senderId: main, mainWindowId: main, frame: frame(url) }), url).toBe(true);
    }
  });

  it('refuses another window, a subframe, a lost frame, and look-alike addresses', () => {
    expect(isTrustedSender({ senderId: 8, mainWindowId: main, frame: frame(APP_ENTRY_URL) })).toBe(false);
    expect(isTrustedSender({ senderId: main, mainWindowId: null, frame: frame(APP_ENTRY_URL) })).toBe(false);
    expect(isTrustedSender({ senderId: main, mainWindowId: main, frame: frame(APP_ENTRY_URL, false) })).toBe(false);
    expect(isTrustedSender({ senderId: main, mainWindowId: main, frame: null })).toBe(false);
    for (const url of [
      'app://saraban/index.html.evil',
      'app://saraban/other.html#/',
      'app://saraban.evil/index.html',
      'app://evil/index.html',
      'file:///C:/Program%20Files/Saraban%20Desk/resources/app.asar/dist-renderer/index.html',
      'https://saraban/index.html',
      'app://saraban/splash.html',
      'blob:app://saraban/123',
      'not a url',
    ]) {
      expect(isTrustedSender({ senderId: main, mainWindowId: main, frame: frame(url) }), url).toBe(false);
    }
  });
});

describe('navigation and external links', () => {
  it('lets the window reload the app on a route but go nowhere else', () => {
    expect(navigationAllowed(`${APP_ENTRY_URL}#/settings`)).toBe(true);
    expect(navigationAllowed('https://example.com/')).toBe(false);
    expect(navigationAllowed('app://saraban/splash.html')).toBe(false);
    expect(navigationAllowed('file:///etc/passwd')).toBe(false);
  });

  it('opens only https links to the allowed origins', () => {
    const allowed = externalOrigins('https://saraban.example.go.th/api/');
    expect(allowed).toEqual(['https://saraban.example.go.th']);
    expect(externalUrlAllowed('https://saraban.example.go.th/updates/help.html', allowed)).toBe(true);
    expect(externalUrlAllowed('https://evil.example.com/', allowed)).toBe(false);
    expect(externalUrlAllowed('http://saraban.example.go.th/', allowed)).toBe(false);
    expect(externalUrlAllowed('https://saraban.example.go.th@evil.example.com/', allowed)).toBe(false);
    expect(externalUrlAllowed('https://user:pw@saraban.example.go.th/', allowed)).toBe(false);
    expect(externalUrlAllowed('file:///C:/Windows/System32/calc.exe', allowed)).toBe(false);
    expect(externalUrlAllowed('javascript:alert(1)', allowed)).toBe(false);
    // A plain-http server is never an origin to open (nor is no server).
    expect(externalOrigins('http://10.0.0.5:8787/')).toEqual([]);
    expect(externalOrigins(null)).toEqual([]);
  });
});

describe('window and session options', () => {
  it('hardens the main window and keeps DevTools out of a packaged build', () => {
    const packaged = mainWindowOptions({ preload: '/x/preload.cjs', packaged: true });
    expect(packaged.webPreferences).toMatchObject({ contextIsolation: true, sandbox: true, nodeIntegration: false, nodeIntegrationInSubFrames: false, webSecurity: true, webviewTag: false, devTools: false, preload: '/x/preload.cjs' });
    expect(packaged.show).toBe(true);
    expect(packaged.minWidth).toBeLessThanOrEqual(1366);
    expect(packaged.minHeight).toBeLessThanOrEqual(768);
    expect(mainWindowOptions({ preload: '/x', packaged: false }).webPreferences.devTools).toBe(true);
  });

  it('gives print windows their own partition, no preload and the same hardening', () => {
    const opts = printWindowOptions();
    expect(opts.webPreferences).toMatchObject({ partition: PRINT_PARTITION, sandbox: true, contextIsolation: true, nodeIntegration: false });
    expect('preload' in opts.webPreferences).toBe(false);
  });

  it('denies every permission', () => {
    for (const p of ['media', 'geolocation', 'notifications', 'clipboard-read', 'openExternal', 'fullscreen', 'unknown']) expect(permissionAllowed(p)).toBe(false);
  });
});

describe('the app:// protocol', () => {
  const root = join('/opt', 'saraban', 'dist-renderer');

  it('serves files of the renderer build with the CSP', () => {
    const answer = resolveAppRequest('app://saraban/assets/index-abc.js', root);
    expect(answer).toEqual({ kind: 'file', path: join(root, 'assets', 'index-abc.js'), headers: expect.objectContaining({ 'Content-Security-Policy': CSP, 'Content-Type': 'text/javascript; charset=utf-8' }) });
    expect(resolveAppRequest('app://saraban/', root)).toMatchObject({ kind: 'file', path: join(root, 'index.html') });
    expect(resolveAppRequest(`${APP_ENTRY_URL}#/settings`, root)).toMatchObject({ kind: 'file', path: join(root, 'index.html') });
  });

  it('refuses other hosts, climbing out and odd paths', () => {
    expect(resolveAppRequest('app://other/index.html', root)).toEqual({ kind: 'refuse', status: 403 });
    // The URL parser folds encoded dots before we see them: the request stays inside the build.
    expect(resolveAppRequest('app://saraban/%2e%2e/%2e%2e/secret.html', root)).toMatchObject({ kind: 'file', path: join(root, 'secret.html') });
    expect(resolveAppRequest('app://saraban/..%5c..%5cregister.sqlite.html', root)).toEqual({ kind: 'refuse', status: 403 });
    expect(resolveAppRequest('app://saraban/a%00.html', root)).toEqual({ kind: 'refuse', status: 403 });
    expect(resolveAppRequest('app://saraban/%E0%A4%A.html', root)).toEqual({ kind: 'refuse', status: 403 });
    expect(resolveAppRequest('app://saraban/register.sqlite', root)).toEqual({ kind: 'refuse', status: 404 });
    expect(resolveAppRequest('app://user:pw@saraban/index.html', root)).toEqual({ kind: 'refuse', status: 403 });
  });

  it('is registered as a standard, secure scheme', () => {
    expect(APP_SCHEME_PRIVILEGES).toMatchObject({ scheme: 'app', privileges: { standard: true, secure: true } });
  });
});

describe('one CSP', () => {
  it('index.html carries the placeholder the build fills with the same policy', () => {
    const html = readFileSync(join(import.meta.dirname, '../../src-renderer/index.html'), 'utf8');
    expect(html).toContain(`content="${CSP_PLACEHOLDER}"`);
    const built = injectCsp(html);
    expect(built).toContain(`content="${CSP_META}"`);
    // The meta form is the header form less what only a header can say.
    expect(CSP.startsWith(CSP_META)).toBe(true);
    expect(CSP_META).not.toContain('frame-ancestors');
    expect(() => injectCsp('<html></html>')).toThrow(/placeholder/);
  });
});
