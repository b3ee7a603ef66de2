// Resolving the caller of an API call: the session it carries -> the user, role and secret right.
import type { Core } from '../core.js';
import type { CallContext, CallerChannel } from './caller.js';
import { idleMinutes, sessionUser } from './users.js';

export function resolveCaller(core: Core, channel: CallerChannel): CallContext {
  const base: CallContext = { sessionId: null, user: null, canSeeSecret: false, channel, expired: false };
  const found = core.sessions.touch(channel.sessionId, idleMinutes(core.store));
  if (found.state === 'none') return base;
  if (found.state === 'expired') return { ...base, expired: true };
  const user = sessionUser(core.store, found.session.userId);
  if (!user) {
    core.sessions.end(found.session.id);
    return { ...base, expired: true };
  }
  return { sessionId: found.session.id, user, canSeeSecret: user.canSeeSecret, channel, expired: false };
}
