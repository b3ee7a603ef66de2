// Logged-in sessions, in memory only: restarting the app logs everyone out. A session ends
// after the admin's idle time without a call (the renderer also locks itself on its own timer).
import { randomBytes } from 'node:crypto';

export interface Session {
  id: string;
  userId: number;
  lastSeenMs: number;
}

export type SessionLookup = { state: 'none' } | { state: 'expired' } | { state: 'active'; session: Session };

export class SessionStore {
  private readonly sessions = new Map<string, Session>();
  /** Wall-clock milliseconds for idle time and lockouts; tests may replace it. */
  nowMs: () => number = () => Date.now();

  create(userId: number): Session {
    const session = { id: randomBytes(32).toString('base64url'), userId, lastSeenMs: this.nowMs() };
    this.sessions.set(session.id, session);
    return session;
  }

  /** Finds a session and, if it is still live, counts this call as activity. */
  touch(id: string | null, idleMinutes: number): SessionLookup {
    if (!id) return { state: 'none' };
    const session = this.sessions.get(id);
    if (!session) return { state: 'expired' };
    const now = this.nowMs();
    if (now - session.lastSeenMs > idleMinutes * 60_000) {
      this.sessions.delete(id);
      return { state: 'expired' };
    }
    session.lastSeenMs = now;
    return { state: 'active', session };
  }

  end(id: string | null): boolean {
    return id ? this.sessions.delete(id) : false;
  }

  /** Ends every session of a user (deactivated, role or password changed by the admin). */
  endUser(userId: number, except: string | null = null): void {
    for (const [id, s] of this.sessions) if (s.userId === userId && id !== except) this.sessions.delete(id);
  }

  clear(): void {
    this.sessions.clear();
  }

  /** The live sessions, to carry over when the same register reopens elsewhere (a data-folder move). */
  snapshot(): Session[] {
    return [...this.sessions.values()].map((s) => ({ ...s }));
  }

  adopt(sessions: readonly Session[]): void {
    for (const s of sessions) this.sessions.set(s.id, { ...s });
  }
}
