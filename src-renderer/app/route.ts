// Hash routing: the app is one window, loaded from file:// in Electron and over HTTP in a
// browser, so the hash is the only address that works the same in both.
import { useEffect, useState } from 'react';
import { REGISTER_KINDS, type RegisterKind } from '../../src-shared/domain.js';
import { DIST_VIEWS, type DistView } from '../features/distribution/distRoute.js';

export type Route =
  | { page: 'home' }
  | { page: 'settings' }
  | { page: 'guide' }
  | { page: 'list'; kind: RegisterKind }
  | { page: 'new'; kind: RegisterKind; replyTo: string | null }
  | { page: 'details'; kind: RegisterKind; id: string }
  | { page: 'edit'; kind: RegisterKind; id: string }
  | { page: 'bulk' }
  | { page: 'dist'; view: DistView; id: string | null; from: string | null; channel: 'school' | 'agency' };

function isKind(s: string | undefined): s is RegisterKind {
  return (REGISTER_KINDS as readonly string[]).includes(s ?? '');
}

export function parseRoute(hash: string): Route {
  const [path = '', query = ''] = hash.replace(/^#\/?/, '').split('?');
  const parts = path.split('/').filter(Boolean).map(decodeURIComponent);
  const params = new URLSearchParams(query);
  const [a, b, c, d] = parts;
  if (a === 'settings') return { page: 'settings' };
  if (a === 'guide') return { page: 'guide' };
  if (a === 'dist') {
    const view = (DIST_VIEWS as readonly string[]).includes(b ?? '') ? (b as DistView) : 'home';
    return { page: 'dist', view, id: c ?? null, from: params.get('from'), channel: params.get('channel') === 'agency' ? 'agency' : 'school' };
  }
  if (a === 'register' && isKind(b)) {
    if (c === 'new') return { page: 'new', kind: b, replyTo: params.get('replyTo') };
    if (c === 'bulk' && b === 'certificate') return { page: 'bulk' };
    if (c === 'entry' && d) return parts[4] === 'edit' ? { page: 'edit', kind: b, id: d } : { page: 'details', kind: b, id: d };
    return { page: 'list', kind: b };
  }
  return { page: 'home' };
}

export const href = {
  home: () => '#/',
  settings: () => '#/settings',
  guide: () => '#/guide',
  list: (kind: RegisterKind) => `#/register/${kind}`,
  create: (kind: RegisterKind, replyTo?: string) => `#/register/${kind}/new${replyTo ? `?replyTo=${encodeURIComponent(replyTo)}` : ''}`,
  details: (kind: RegisterKind, id: string) => `#/register/${kind}/entry/${encodeURIComponent(id)}`,
  edit: (kind: RegisterKind, id: string) => `#/register/${kind}/entry/${encodeURIComponent(id)}/edit`,
  bulk: () => '#/register/certificate/bulk',
};

let flash: string | null = null;

/** A message for the next screen (what was just done elsewhere, e.g. the demo loaded). */
export function setFlash(message: string): void {
  flash = message;
}

export function takeFlash(): string | null {
  const m = flash;
  flash = null;
  return m;
}

export function navigate(to: string): void {
  window.location.hash = to;
}

export function useRoute(): Route {
  const [route, setRoute] = useState(() => parseRoute(window.location.hash));
  useEffect(() => {
    const onChange = () => setRoute(parseRoute(window.location.hash));
    window.addEventListener('hashchange', onChange);
    return () => window.removeEventListener('hashchange', onChange);
  }, []);
  return route;
}
