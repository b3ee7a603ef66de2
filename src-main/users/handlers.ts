// The users' part of the API: login and sessions, accounts, the idle time, the audit trail.
import type { HandlerPart } from '../api/handlerTypes.js';
import type { Core } from '../core.js';
import { entryHistory, exportAudit, listAudit } from './audit.js';
import { acknowledgeAuditAlert, auditAlert, verifyAuditWithWitnesses } from './auditWitnessCheck.js';
import * as users from './users.js';

export function userHandlers(core: Core) {
  const { store } = core;
  return {
    'auth.status': (_input, ctx) => users.authStatus(core, ctx),
    'auth.setupAdmin': (input, ctx) => users.setupAdmin(core, input, ctx),
    'auth.login': (input, ctx) => users.login(core, input, ctx),
    'auth.logout': (_input, ctx) => users.logout(core, ctx),
    'auth.changePassword': (input, ctx) => users.changePassword(core, input, ctx),
    'users.list': () => users.listUsers(core),
    'users.save': (input, ctx) => users.saveUser(core, input, ctx),
    'users.unlock': (input) => users.unlockUser(core, input.id),
    'security.get': () => ({ idleMinutes: users.idleMinutes(store) }),
    'security.save': (input) => users.saveIdleMinutes(core, input.idleMinutes),
    'entries.history': (input, ctx) => entryHistory(store, input.id, ctx.canSeeSecret),
    'audit.list': (input, ctx) => listAudit(store, input, ctx.canSeeSecret),
    'audit.verify': () => verifyAuditWithWitnesses(core),
    'audit.alert': () => auditAlert(core),
    'audit.acknowledge': () => acknowledgeAuditAlert(core),
    'audit.export': (_input, ctx) => exportAudit(store, ctx.canSeeSecret, core.now()),
  } satisfies HandlerPart;
}
