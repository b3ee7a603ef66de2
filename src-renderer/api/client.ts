// The renderer's only way to the core: window.saraban in Electron (the preload's bridge), or
// the HTTP host's /api with the per-run token in a browser. Both speak the same contract.
import type { InputOf, MethodName, OutputOf, SarabanBridge } from '../../src-shared/contract.js';
import type { Result } from '../../src-shared/result.js';

declare global {
  interface Window {
    saraban?: SarabanBridge;
  }
}

const TOKEN_KEY = 'saraban.token';

/** Takes the token from ?token= once, keeps it for this tab, and removes it from the address bar. */
function httpToken(): string {
  const url = new URL(window.location.href);
  const fromUrl = url.searchParams.get('token');
  if (fromUrl) {
    sessionStorage.setItem(TOKEN_KEY, fromUrl);
    url.searchParams.delete('token');
    window.history.replaceState(null, '', url.toString());
    return fromUrl;
  }
  return sessionStorage.getItem(TOKEN_KEY) ?? '';
}

const SESSION_KEY = 'saraban.session';

/** The login session for the HTTP host (Electron's main process keeps its own; it sends ''). */
export function setSession(sessionId: string | null): void {
  if (sessionId) sessionStorage.setItem(SESSION_KEY, sessionId);
  else sessionStorage.removeItem(SESSION_KEY);
}

function httpBridge(): SarabanBridge {
  const token = httpToken();
  return {
    async invoke(method, input) {
      try {
        const res = await fetch(`./api/${method}`, {
          method: 'POST',
          headers: {
            'content-type': 'application/json',
            'x-saraban-token': token,
            'x-saraban-session': sessionStorage.getItem(SESSION_KEY) ?? '',
          },
          body: JSON.stringify(input ?? {}),
        });
        return (await res.json()) as never;
      } catch {
        return { ok: false, error: { code: 'internal', message: 'ติดต่อโปรแกรมหลักไม่ได้ กรุณาเปิดโปรแกรมใหม่' } } as never;
      }
    },
  };
}

const bridge: SarabanBridge = window.saraban ?? httpBridge();

const unauthenticatedListeners = new Set<(message: string) => void>();

/** Called when the core answers "not logged in" (e.g. the session expired while idle). */
export function onUnauthenticated(listener: (message: string) => void): () => void {
  unauthenticatedListeners.add(listener);
  return () => unauthenticatedListeners.delete(listener);
}

/** Brings the login back from the renderer's side (the idle lock, features/auth/IdleLock.tsx). */
export function signalUnauthenticated(message: string): void {
  for (const l of unauthenticatedListeners) l(message);
}

const refusedListeners = new Set<() => void>();

/**
 * Called when the core refuses a call as no screen expects (forbidden, internal): the register
 * may have been found damaged meanwhile (features/auth/RecoveryGate.tsx asks the core).
 */
export function onRefused(listener: () => void): () => void {
  refusedListeners.add(listener);
  return () => refusedListeners.delete(listener);
}

export async function call<M extends MethodName>(method: M, input: InputOf<M>): Promise<Result<OutputOf<M>>> {
  const r = await bridge.invoke(method, input);
  if (!r.ok && r.error.code === 'unauthenticated' && !method.startsWith('auth.')) {
    for (const l of unauthenticatedListeners) l(r.error.message);
  }
  if (!r.ok && (r.error.code === 'forbidden' || r.error.code === 'internal') && !method.startsWith('recovery.')) {
    for (const l of refusedListeners) l();
  }
  return r;
}

export class ApiCallError extends Error {
  constructor(
    message: string,
    readonly fields: Record<string, string> = {},
    readonly code: string = 'internal',
  ) {
    super(message);
  }
}

/** Calls and unwraps; throws ApiCallError with the Thai message (and per-field messages). */
export async function must<M extends MethodName>(method: M, input: InputOf<M>): Promise<OutputOf<M>> {
  const r = await call(method, input);
  if (!r.ok) throw new ApiCallError(r.error.message, r.error.fields ?? {}, r.error.code);
  return r.value;
}
