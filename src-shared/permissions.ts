// Who may call what. Checked by the core's dispatch (src-main/api/dispatch.ts) on every call,
// from Electron or the HTTP host; the renderer only uses it to hide buttons.
// Methods added to the contract without an entry here fall under a safe rule by name, so a
// new method can never become public by accident (tests/unit/permissions.test.ts prints all).
import type { MethodName } from './contract.js';
import type { Role } from './usersSchemas.js';

export type Access = 'public' | 'read' | 'register' | 'admin';

export const PERMISSIONS: Partial<Record<MethodName, Access>> = {
  // Reachable before login (or on the recovery screen).
  'auth.status': 'public',
  'auth.setupAdmin': 'public',
  'auth.login': 'public',
  'auth.logout': 'public',
  'recovery.status': 'public',
  'recovery.restore': 'public',
  'recovery.export': 'public',
  // Anyone logged in: read and print.
  'auth.changePassword': 'read',
  'app.info': 'read',
  'home.summary': 'read',
  'office.get': 'read',
  'groups.list': 'read',
  'people.list': 'read',
  'contacts.list': 'read',
  'books.list': 'read',
  'books.numberChanges': 'read',
  'entries.get': 'read',
  'entries.list': 'read',
  'entries.history': 'read',
  // The clerk's work.
  'entries.create': 'register',
  'entries.update': 'register',
  'entries.cancel': 'register',
  'contacts.save': 'register',
  'certificates.previewBulk': 'register',
  'certificates.issueBulk': 'register',
  // The office admin: settings, users, audit, backups.
  'office.save': 'admin',
  'groups.save': 'admin',
  'people.save': 'admin',
  'books.setNextNumber': 'admin',
  'demo.load': 'admin',
  'users.list': 'admin',
  'users.save': 'admin',
  'users.unlock': 'admin',
  'security.get': 'admin',
  'security.save': 'admin',
  'audit.list': 'admin',
  'audit.verify': 'admin',
  'audit.export': 'admin',
  'backup.status': 'admin',
  'backup.configure': 'admin',
  'backup.run': 'admin',
  'backup.preview': 'admin',
  'backup.restore': 'admin',
  // Attachments (src-main/attachments/): files travel with the clerk's work; upkeep is the admin's.
  'attachments.stageBegin': 'register',
  'attachments.stageChunk': 'register',
  'attachments.stageFinish': 'register',
  'attachments.scanFolderList': 'register',
  'attachments.stageFromScanFolder': 'register',
  'attachments.change': 'register',
  'attachments.read': 'read',
  'attachments.exportCopy': 'read',
  'attachments.history': 'read',
  'attachments.verify': 'admin',
  'attachments.sweep': 'admin',
  'office.attachmentSettings': 'read',
  'office.saveAttachmentSettings': 'admin',
  // Sync (src-main/sync/): enrolling the device and handing a book over are the admin's.
  'sync.status': 'read',
  'sync.exportRejected': 'read',
  'sync.listBooks': 'read',
  'sync.now': 'register',
  'sync.retryRejected': 'register',
  'sync.enrol': 'admin',
  'sync.handover': 'admin',
  // Printing and exports (src-main/reports/): read and print is every role's.
  'reports.getSettings': 'read',
  'reports.render': 'read',
  'reports.status': 'read',
  'reports.download': 'read',
  'reports.saveSettings': 'admin',
  'entries.findByCode': 'read',
};

/** Areas whose every method is the admin's, whatever the verb. */
const ADMIN_AREAS = new Set(['users', 'security', 'audit', 'backup', 'settings', 'admin', 'office', 'demo', 'updates']);
/** Verbs that only read (viewers may print and export what they may read). */
const READ_VERB = /^(list|get|info|status|summary|read|search|find|history|preview|print|render|report|export|download|numberChanges|count|stats)/;

/** The access a method needs: its entry in PERMISSIONS, else the rule by name (never public). */
export function accessFor(method: string): Access {
  const listed = (PERMISSIONS as Record<string, Access | undefined>)[method];
  if (listed) return listed;
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
