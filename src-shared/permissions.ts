// Who may call what. Each method's access level is part of its one definition in the contract
// (src-shared/contract.ts); this module reads it for the core's dispatch (every call, from
// Electron or the HTTP host) and for the renderer, which only uses it to hide buttons.
// A name that is not in the contract falls under a safe rule by name, never public
// (tests/unit/permissions.test.ts prints the whole table).
import { contract, METHOD_NAMES, type Access, type MethodName } from './contract.js';
import type { Role } from './usersSchemas.js';

export type { Access } from './contract.js';

export const PERMISSIONS: Readonly<Record<MethodName, Access>> = Object.fromEntries(
  METHOD_NAMES.map((m) => [m, contract[m].access]),
) as Record<MethodName, Access>;

/** Areas whose every method is the admin's, whatever the verb. */
const ADMIN_AREAS = new Set(['users', 'security', 'audit', 'backup', 'settings', 'admin', 'office', 'demo', 'updates']);
/** Verbs that only read (viewers may print and export what they may read). */
const READ_VERB = /^(list|get|info|status|summary|read|search|find|history|preview|print|render|report|export|download|numberChanges|count|stats)/;

/** The access a method needs: its contract definition's, else the rule by name (never public). */
export function accessFor(method: string): Access {
  if (Object.prototype.hasOwnProperty.call(PERMISSIONS, method)) return PERMISSIONS[method as MethodName];
  const [area = '', verb = ''] = method.split('.');
  if (ADMIN_AREAS.has(area)) return 'admin';
  if (READ_VERB.test(verb)) return 'read';
  return 'register';
}

const RANK: Record<Role, number> = { viewer: 1, clerk: 2, admin: 3 };
const NEEDED: Record<Exclude<Access, 'public'>, number> = { read: 1, register: 2, admin: 3 };

export function roleAllows(role: Role, access: Access): boolean {
  return access === 'public' || RANK[role] >= NEEDED[access];
}

/** Whether a logged-in user of this role may call the method (for showing buttons). */
export function canCall(role: Role, method: MethodName): boolean {
  return roleAllows(role, accessFor(method));
}
