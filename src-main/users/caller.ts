// Who is calling: set by dispatch for the whole of one API call (sync or async), so code deep
// in the core (versions' changed_by, the audit trail, secret redaction) knows the caller
// without every function taking it as a parameter.
import { AsyncLocalStorage } from 'node:async_hooks';
import type { SessionUser } from '../../src-shared/usersSchemas.js';

/** How a call arrived: the session it carries, and (Electron) where a new session is kept. */
export interface CallerChannel {
  sessionId: string | null;
  /**
   * Electron: the main process keeps the session per window and the renderer never sees it.
   * When set, login stores the session here instead of returning it.
   */
  bindSession?: (sessionId: string | null) => void;
}

export interface CallContext {
  sessionId: string | null;
  user: SessionUser | null;
  /** The per-user right to see secret (ลับ and above) entries. */
  canSeeSecret: boolean;
  channel: CallerChannel;
  /** Set when the call carried a session that has timed out or no longer exists. */
  expired: boolean;
}

const storage = new AsyncLocalStorage<CallContext>();

export function runAsCaller<T>(ctx: CallContext, fn: () => T): T {
  return storage.run(ctx, fn);
}

/** The caller of the API call in progress; undefined for the app's own work (start-up, scripts). */
export function currentCaller(): CallContext | undefined {
  return storage.getStore();
}
