// The one API contract. The Electron preload, the HTTP host and the renderer's client all
// derive from this object, so a method cannot exist on one side only.
import type { z } from 'zod';
import type {
  Book,
  Contact,
  Entry,
  EntryDetails,
  EntryPage,
  Group,
  NumberChange,
  OfficeProfile,
  Person,
  RegisterKind,
} from './domain.js';
import type { Result } from './result.js';
import {
  attachmentHistoryInput,
  attachmentSettingsInput,
  changeAttachmentsInput,
  exportCopyInput,
  readAttachmentInput,
  stageBeginInput,
  stageChunkInput,
  stageFinishInput,
  stageFromScanFolderInput,
  sweepInput,
  type AttachmentContent,
  type AttachmentHistoryRow,
  type AttachmentSettings,
  type ExportedCopy,
  type ScanFolderListing,
  type StageBegun,
  type StagedFile,
  type SweepReport,
  type VerifyReport,
} from './attachmentSchemas.js';
import { moveDataDirInput, type DataMoveResult, type DesktopStatus, type DiagnosticsFile } from './desktopSchemas.js';
import {
  distArchiveInput,
  distComposeInput,
  distDirectoryInput,
  distEntryIdsInput,
  distFileInput,
  distIdInput,
  distImportInput,
  distListInput,
  distWithdrawInput,
  type DirectoryImportResult,
  type DirectoryOrg,
  type DistExport,
  type DistInboxRow,
  type DistOld,
  type DistOverdueRow,
  type DistPage,
  type DistReceiveResult,
  type DistSentDetails,
  type DistSentRow,
} from './distributionSchemas.js';
import {
  importJobInput,
  importStartInput,
  importUploadBeginInput,
  importUploadChunkInput,
  importUploadFinishInput,
  type ImportJobStatus,
  type ImportUploaded,
} from './importSchemas.js';
import {
  officeKeyExportInput,
  officeKeyImportInput,
  syncEnrolInput,
  syncHandoverInput,
  syncRevokeDeviceInput,
  syncSeqInput,
  type OfficeKeyStatus,
  type OrgView,
  type SyncExport,
  type SyncStatus,
} from './syncSchemas.js';
import {
  booksInput,
  bulkCertificatesInput,
  cancelEntryInput,
  createEntryInput,
  empty,
  getEntryInput,
  listContactsInput,
  suggestNamesInput,
  listEntriesInput,
  listInactiveInput,
  officeInput,
  saveContactInput,
  saveGroupInput,
  savePersonInput,
  setNextNumberInput,
  updateEntryInput,
} from './schemas.js';
import {
  auditListInput,
  backupConfigInput,
  backupNameInput,
  changePasswordInput,
  entryHistoryInput,
  loginInput,
  recoveryRestoreInput,
  restoreLossIdInput,
  saveUserInput,
  securitySettingsInput,
  setupAdminInput,
  userIdInput,
  type AuditEvent,
  type AuditExport,
  type AuditPage,
  type AuditAlert,
  type AuditVerification,
  type AuthStatus,
  type BackupInfo,
  type BackupPreview,
  type BackupStatus,
  type LoginResult,
  type RecoveryExport,
  type RecoveryStatus,
  type RestoreLoss,
  type RestoreResult,
  type UserAccount,
} from './usersSchemas.js';
import {
  findByCodeInput,
  printSettingsInput,
  reportJobInput,
  reportStartInput,
  type EntryCodeMatch,
  type PrintSettings,
  type ReportJobStatus,
  type ReportResult,
} from './reportSchemas.js';

/** Who may call a method: before login, any logged-in role, the clerk's work, the admin's. */
export type Access = 'public' | 'read' | 'register' | 'admin';

/**
 * What the audit trail records for a call:
 * - 'none': nothing (a read);
 * - 'own': the module writes its own event in the same transaction as the change;
 * - 'export' / 'settings': dispatch records one event of that action after the call succeeded,
 *   with its input (minus anything secret-looking), because the module does not.
 */
export type AuditRule = 'none' | 'own' | 'export' | 'settings';

/** The entries a write names (an id, several, or none for this input). */
export type EntryIds = string | null | undefined | readonly string[];

/** What the entries rule of a write may be: a function of the parsed input, or null. */
export type EntriesRule<I extends z.ZodType> = ((input: z.output<I>) => EntryIds) | null;

interface SpecBase<I extends z.ZodType, O> {
  input: I;
  /** Phantom: carries the result type, never set at run time. */
  output?: O;
  audit: AuditRule;
}

/** Reads (and the login/recovery calls): dispatch hides secret content in every answer. */
export interface ReadSpec<I extends z.ZodType, O, A extends 'public' | 'read' = 'public' | 'read'> extends SpecBase<I, O> {
  access: A;
  entries?: undefined;
}

/**
 * Writes (access 'register' or 'admin') must state the secret rule: the entries the call
 * changes, read from its parsed input, so dispatch refuses a secret one (ลับ and above) to a
 * caller without the secret right before the handler runs, changing nothing; null when the
 * write names no entry.
 */
export interface WriteSpec<I extends z.ZodType, O, A extends 'register' | 'admin' = 'register' | 'admin', E extends EntriesRule<I> = EntriesRule<I>>
  extends SpecBase<I, O> {
  access: A;
  entries: E;
}

export type MethodSpec<I extends z.ZodType = z.ZodType, O = unknown> = ReadSpec<I, O> | WriteSpec<I, O>;

/** One method of the contract: method<Result>()(inputSchema, { access, audit, entries }). */
function method<O>() {
  function define<I extends z.ZodType, A extends 'public' | 'read'>(input: I, policy: { access: A; audit: AuditRule }): ReadSpec<I, O, A>;
  function define<I extends z.ZodType, A extends 'register' | 'admin', E extends EntriesRule<I>>(
    input: I,
    policy: { access: A; audit: AuditRule; entries: E },
  ): WriteSpec<I, O, A, E>;
  function define(input: z.ZodType, policy: object): object {
    return { input, ...policy };
  }
  return define;
}

const READ = { access: 'read', audit: 'none' } as const;
const PUBLIC = { access: 'public', audit: 'none' } as const;

export interface AppInfo {
  office: OfficeProfile;
  userName: string;
  today: string;
  version: string;
  deviceId: string;
  hasDemoData: boolean;
  /** False while the office is the placeholder: no outgoing number, order or certificate yet. */
  officeReady: boolean;
}

export interface HomeSummary {
  today: string;
  counts: Record<RegisterKind, number>;
  latest: Entry[];
  urgent: Entry[];
}

export interface BulkPreviewRow {
  line: number;
  recipient: string;
  error: string | null;
}

export interface BulkPreview {
  rows: BulkPreviewRow[];
  validCount: number;
  invalidCount: number;
  firstNo: number;
  lastNo: number;
  year: number;
}

export interface BulkIssued {
  count: number;
  firstNo: number;
  lastNo: number;
  year: number;
  firstDocNo: string;
  lastDocNo: string;
}

export const contract = {
  'app.info': method<AppInfo>()(empty, READ),
  // The desktop app on this PC (src-main/desktop/): data folder, updates, diagnostics.
  'desktop.status': method<DesktopStatus>()(empty, { access: 'admin', audit: 'none', entries: null }),
  // The move writes its own audit event into the register at its new place.
  'desktop.moveDataDir': method<DataMoveResult>()(moveDataDirInput, { access: 'admin', audit: 'own', entries: null }),
  'desktop.installUpdate': method<{ installing: boolean }>()(empty, { access: 'admin', audit: 'settings', entries: null }),
  'diagnostics.export': method<DiagnosticsFile>()(empty, { access: 'admin', audit: 'export', entries: null }),
  'home.summary': method<HomeSummary>()(empty, READ),
  'office.get': method<OfficeProfile>()(empty, READ),
  'office.save': method<OfficeProfile>()(officeInput, { access: 'admin', audit: 'own', entries: null }),
  'groups.list': method<Group[]>()(listInactiveInput, READ),
  'groups.save': method<Group>()(saveGroupInput, { access: 'admin', audit: 'own', entries: null }),
  'people.list': method<Person[]>()(listInactiveInput, READ),
  'people.save': method<Person>()(savePersonInput, { access: 'admin', audit: 'own', entries: null }),
  'contacts.list': method<Contact[]>()(listContactsInput, READ),
  'entries.suggestNames': method<string[]>()(suggestNamesInput, READ),
  'contacts.save': method<Contact>()(saveContactInput, { access: 'register', audit: 'own', entries: null }),
  'books.list': method<Book[]>()(booksInput, READ),
  'books.setNextNumber': method<Book>()(setNextNumberInput, { access: 'admin', audit: 'own', entries: null }),
  'books.numberChanges': method<NumberChange[]>()(booksInput, READ),
  // A reply names the letter it answers: linking to a secret letter needs the secret right too.
  'entries.create': method<Entry>()(createEntryInput, {
    access: 'register',
    audit: 'own',
    entries: (i) => (i.kind === 'outgoing' ? i.replyToId : null),
  }),
  'entries.update': method<Entry>()(updateEntryInput, {
    access: 'register',
    audit: 'own',
    entries: (i) => [i.id, ...(i.fields.kind === 'outgoing' && i.fields.replyToId ? [i.fields.replyToId] : [])],
  }),
  'entries.cancel': method<Entry>()(cancelEntryInput, { access: 'register', audit: 'own', entries: (i) => i.id }),
  'entries.get': method<EntryDetails>()(getEntryInput, READ),
  'entries.list': method<EntryPage>()(listEntriesInput, READ),
  'certificates.previewBulk': method<BulkPreview>()(bulkCertificatesInput, { access: 'register', audit: 'none', entries: null }),
  'certificates.issueBulk': method<BulkIssued>()(bulkCertificatesInput, { access: 'register', audit: 'own', entries: null }),
  'demo.load': method<{ loaded: number }>()(empty, { access: 'admin', audit: 'own', entries: null }),
  // Attachments (src-main/attachments/): staged uploads, then entries.create/update carry them.
  // Files travel with the clerk's work; upkeep is the admin's.
  'attachments.stageBegin': method<StageBegun>()(stageBeginInput, { access: 'register', audit: 'none', entries: null }),
  'attachments.stageChunk': method<{ received: number }>()(stageChunkInput, { access: 'register', audit: 'none', entries: null }),
  'attachments.stageFinish': method<StagedFile>()(stageFinishInput, { access: 'register', audit: 'none', entries: null }),
  'attachments.scanFolderList': method<ScanFolderListing>()(empty, { access: 'register', audit: 'none', entries: null }),
  'attachments.stageFromScanFolder': method<StagedFile>()(stageFromScanFolderInput, { access: 'register', audit: 'none', entries: null }),
  'attachments.read': method<AttachmentContent>()(readAttachmentInput, READ),
  'attachments.exportCopy': method<ExportedCopy>()(exportCopyInput, { access: 'read', audit: 'export' }),
  'attachments.history': method<AttachmentHistoryRow[]>()(attachmentHistoryInput, READ),
  'attachments.change': method<Entry>()(changeAttachmentsInput, { access: 'register', audit: 'own', entries: (i) => i.entryId }),
  'attachments.verify': method<VerifyReport>()(empty, { access: 'admin', audit: 'none', entries: null }),
  'attachments.sweep': method<SweepReport>()(sweepInput, { access: 'admin', audit: 'settings', entries: null }),
  'office.attachmentSettings': method<AttachmentSettings>()(empty, READ),
  'office.saveAttachmentSettings': method<AttachmentSettings>()(attachmentSettingsInput, { access: 'admin', audit: 'settings', entries: null }),
  // Sync with the central server (src-main/sync/): enrolling the device and handing a book over
  // are the admin's.
  'sync.status': method<SyncStatus>()(empty, READ),
  'sync.enrol': method<SyncStatus>()(syncEnrolInput, { access: 'admin', audit: 'settings', entries: null }),
  'sync.now': method<SyncStatus>()(empty, { access: 'register', audit: 'none', entries: null }),
  'sync.retryRejected': method<SyncStatus>()(syncSeqInput, { access: 'register', audit: 'none', entries: null }),
  'sync.exportRejected': method<SyncExport>()(empty, { access: 'read', audit: 'export' }),
  'sync.handover': method<SyncStatus>()(syncHandoverInput, { access: 'admin', audit: 'settings', entries: null }),
  'sync.listBooks': method<OrgView>()(empty, READ),
  // รับส่งหนังสือราชการ (src-main/distribution/): secret content is hidden by dispatch like entries'.
  'distribution.directory': method<DirectoryOrg[]>()(distDirectoryInput, READ),
  'distribution.importDirectory': method<DirectoryImportResult>()(distImportInput, { access: 'admin', audit: 'settings', entries: null }),
  'distribution.compose': method<{ id: string }>()(distComposeInput, { access: 'register', audit: 'own', entries: null }),
  'distribution.sent': method<DistPage<DistSentRow>>()(distListInput, READ),
  'distribution.sentDetails': method<DistSentDetails>()(distIdInput, READ),
  'distribution.sentForEntries': method<DistSentRow[]>()(distEntryIdsInput, READ),
  'distribution.withdraw': method<DistSentDetails>()(distWithdrawInput, { access: 'register', audit: 'own', entries: null }),
  'distribution.inbox': method<DistPage<DistInboxRow>>()(distListInput, READ),
  'distribution.inboxDocument': method<DistInboxRow>()(distIdInput, READ),
  'distribution.receive': method<DistReceiveResult>()(distIdInput, { access: 'register', audit: 'own', entries: null }),
  'distribution.readFile': method<AttachmentContent>()(distFileInput, READ),
  'distribution.overdue': method<DistOverdueRow[]>()(empty, READ),
  'distribution.overdueExport': method<DistExport>()(empty, { access: 'read', audit: 'export' }),
  'distribution.old': method<DistOld>()(empty, READ),
  'distribution.archive': method<{ archived: number }>()(distArchiveInput, { access: 'admin', audit: 'own', entries: null }),
  'sync.revokeDevice': method<OrgView>()(syncRevokeDeviceInput, { access: 'admin', audit: 'settings', entries: null }),
  // The office key for ลับ/ลับมาก entries (src-main/sync/officeKey.ts): its id and origin, never the key.
  'sync.officeKeyStatus': method<OfficeKeyStatus>()(empty, READ),
  // The key file leaves the PC: recorded as an export (the passphrase is never recorded).
  'sync.exportOfficeKey': method<SyncExport>()(officeKeyExportInput, { access: 'admin', audit: 'export', entries: null }),
  'sync.importOfficeKey': method<OfficeKeyStatus>()(officeKeyImportInput, { access: 'admin', audit: 'settings', entries: null }),
  // Users, roles, audit, backups and recovery. Login and the recovery screen work before login.
  'auth.status': method<AuthStatus>()(empty, PUBLIC),
  'auth.setupAdmin': method<LoginResult>()(setupAdminInput, { access: 'public', audit: 'own' }),
  // The first run's data folder (D:\ in many offices): refused once any user exists; the move
  // (copy, verify, switch the pointer) writes its own audit event, as desktop.moveDataDir does.
  'auth.setupDataDir': method<DataMoveResult>()(moveDataDirInput, { access: 'public', audit: 'own' }),
  'auth.login': method<LoginResult>()(loginInput, { access: 'public', audit: 'own' }),
  'auth.logout': method<{ loggedOut: boolean }>()(empty, { access: 'public', audit: 'own' }),
  'auth.changePassword': method<{ changed: true }>()(changePasswordInput, { access: 'read', audit: 'own' }),
  'users.list': method<UserAccount[]>()(empty, { access: 'admin', audit: 'none', entries: null }),
  'users.save': method<UserAccount>()(saveUserInput, { access: 'admin', audit: 'own', entries: null }),
  'users.unlock': method<UserAccount>()(userIdInput, { access: 'admin', audit: 'own', entries: null }),
  'security.get': method<{ idleMinutes: number }>()(empty, { access: 'admin', audit: 'none', entries: null }),
  'security.save': method<{ idleMinutes: number }>()(securitySettingsInput, { access: 'admin', audit: 'own', entries: null }),
  'entries.history': method<AuditEvent[]>()(entryHistoryInput, READ),
  'audit.list': method<AuditPage>()(auditListInput, { access: 'admin', audit: 'none', entries: null }),
  'audit.verify': method<AuditVerification>()(empty, { access: 'admin', audit: 'none', entries: null }),
  'audit.export': method<AuditExport>()(empty, { access: 'admin', audit: 'none', entries: null }),
  // The automatic check's notice for admins on รายการหลัก, and its acknowledgement (an event).
  'audit.alert': method<AuditAlert>()(empty, { access: 'admin', audit: 'none', entries: null }),
  'audit.acknowledge': method<AuditAlert>()(empty, { access: 'admin', audit: 'own', entries: null }),
  'backup.status': method<BackupStatus>()(empty, { access: 'admin', audit: 'none', entries: null }),
  'backup.configure': method<BackupStatus>()(backupConfigInput, { access: 'admin', audit: 'own', entries: null }),
  'backup.run': method<BackupInfo>()(empty, { access: 'admin', audit: 'own', entries: null }),
  'backup.preview': method<BackupPreview>()(backupNameInput, { access: 'admin', audit: 'none', entries: null }),
  'backup.restore': method<RestoreResult>()(backupNameInput, { access: 'admin', audit: 'own', entries: null }),
  // What a restore took away, for the clerk; bringing one back checks its secrecy itself
  // (the input names a loss, not an entry): src-main/backup/restoreLosses.ts.
  'restore.losses': method<RestoreLoss[]>()(empty, { access: 'read', audit: 'none' }),
  'restore.bringBack': method<RestoreLoss>()(restoreLossIdInput, { access: 'register', audit: 'own', entries: null }),
  'recovery.status': method<RecoveryStatus>()(empty, PUBLIC),
  'recovery.restore': method<RestoreResult>()(recoveryRestoreInput, { access: 'public', audit: 'own' }),
  'recovery.export': method<RecoveryExport>()(empty, PUBLIC),
  // Printing and exporting the registers (src-main/reports/): a background job with progress;
  // read and print is every role's.
  'reports.getSettings': method<PrintSettings>()(empty, READ),
  'reports.saveSettings': method<PrintSettings>()(printSettingsInput, { access: 'admin', audit: 'settings', entries: null }),
  'reports.render': method<{ jobId: string }>()(reportStartInput, READ),
  'reports.status': method<ReportJobStatus>()(reportJobInput, READ),
  'reports.download': method<ReportResult>()(reportJobInput, { access: 'read', audit: 'export' }),
  'entries.findByCode': method<{ match: EntryCodeMatch | null }>()(findByCodeInput, READ),
  // Switching from AMSS++ (src-main/importing/): the admin uploads the dump, previews, imports.
  'import.uploadBegin': method<{ uploadId: string; chunkBytes: number }>()(importUploadBeginInput, { access: 'admin', audit: 'none', entries: null }),
  'import.uploadChunk': method<{ received: number }>()(importUploadChunkInput, { access: 'admin', audit: 'none', entries: null }),
  'import.uploadFinish': method<ImportUploaded>()(importUploadFinishInput, { access: 'admin', audit: 'none', entries: null }),
  'import.preview': method<{ jobId: string }>()(importStartInput, { access: 'admin', audit: 'none', entries: null }),
  'import.run': method<{ jobId: string }>()(importStartInput, { access: 'admin', audit: 'own', entries: null }),
  'import.status': method<ImportJobStatus>()(importJobInput, { access: 'admin', audit: 'none', entries: null }),
} as const;

export type Contract = typeof contract;
export type MethodName = keyof Contract;
export type InputOf<M extends MethodName> = z.input<Contract[M]['input']>;
export type ParsedInputOf<M extends MethodName> = z.output<Contract[M]['input']>;
export type OutputOf<M extends MethodName> = NonNullable<Contract[M]['output']>;

/** The writes that name entries (they carry an entries rule): refused on a secret entry without the right. */
export type EntryWriteMethod = {
  [M in MethodName]: Contract[M]['entries'] extends (input: never) => EntryIds ? M : never;
}[MethodName];

export const METHOD_NAMES = Object.keys(contract) as MethodName[];

export function isMethodName(name: unknown): name is MethodName {
  return typeof name === 'string' && Object.prototype.hasOwnProperty.call(contract, name);
}

/**
 * The entries a call names by its method's secret rule, from the input that method's schema
 * has parsed: [] for reads and for writes that name no entry.
 */
export function entriesNamedBy(method: MethodName, parsedInput: unknown): string[] {
  const rule = (contract[method] as { entries?: ((input: unknown) => EntryIds) | null }).entries;
  const named = rule ? rule(parsedInput) : null;
  return (typeof named === 'string' ? [named] : [...(named ?? [])]).filter((id) => id !== '');
}

/** What the preload exposes as window.saraban, and what the HTTP client implements. */
export interface SarabanBridge {
  invoke<M extends MethodName>(method: M, input: InputOf<M>): Promise<Result<OutputOf<M>>>;
}
