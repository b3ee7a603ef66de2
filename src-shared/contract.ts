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
import { syncEnrolInput, syncHandoverInput, syncSeqInput, type OrgView, type SyncExport, type SyncStatus } from './syncSchemas.js';
import {
  booksInput,
  bulkCertificatesInput,
  cancelEntryInput,
  createEntryInput,
  empty,
  getEntryInput,
  listContactsInput,
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
  saveUserInput,
  securitySettingsInput,
  setupAdminInput,
  userIdInput,
  type AuditEvent,
  type AuditExport,
  type AuditPage,
  type AuditVerification,
  type AuthStatus,
  type BackupInfo,
  type BackupPreview,
  type BackupStatus,
  type LoginResult,
  type RecoveryExport,
  type RecoveryStatus,
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

export interface MethodSpec<I extends z.ZodType, O> {
  input: I;
  /** Phantom: carries the result type, never set at run time. */
  output?: O;
}

function method<O>() {
  return <I extends z.ZodType>(input: I): MethodSpec<I, O> => ({ input });
}

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
  'app.info': method<AppInfo>()(empty),
  'home.summary': method<HomeSummary>()(empty),
  'office.get': method<OfficeProfile>()(empty),
  'office.save': method<OfficeProfile>()(officeInput),
  'groups.list': method<Group[]>()(listInactiveInput),
  'groups.save': method<Group>()(saveGroupInput),
  'people.list': method<Person[]>()(listInactiveInput),
  'people.save': method<Person>()(savePersonInput),
  'contacts.list': method<Contact[]>()(listContactsInput),
  'contacts.save': method<Contact>()(saveContactInput),
  'books.list': method<Book[]>()(booksInput),
  'books.setNextNumber': method<Book>()(setNextNumberInput),
  'books.numberChanges': method<NumberChange[]>()(booksInput),
  'entries.create': method<Entry>()(createEntryInput),
  'entries.update': method<Entry>()(updateEntryInput),
  'entries.cancel': method<Entry>()(cancelEntryInput),
  'entries.get': method<EntryDetails>()(getEntryInput),
  'entries.list': method<EntryPage>()(listEntriesInput),
  'certificates.previewBulk': method<BulkPreview>()(bulkCertificatesInput),
  'certificates.issueBulk': method<BulkIssued>()(bulkCertificatesInput),
  'demo.load': method<{ loaded: number }>()(empty),
  // Attachments (src-main/attachments/): staged uploads, then entries.create/update carry them.
  'attachments.stageBegin': method<StageBegun>()(stageBeginInput),
  'attachments.stageChunk': method<{ received: number }>()(stageChunkInput),
  'attachments.stageFinish': method<StagedFile>()(stageFinishInput),
  'attachments.scanFolderList': method<ScanFolderListing>()(empty),
  'attachments.stageFromScanFolder': method<StagedFile>()(stageFromScanFolderInput),
  'attachments.read': method<AttachmentContent>()(readAttachmentInput),
  'attachments.exportCopy': method<ExportedCopy>()(exportCopyInput),
  'attachments.history': method<AttachmentHistoryRow[]>()(attachmentHistoryInput),
  'attachments.change': method<Entry>()(changeAttachmentsInput),
  'attachments.verify': method<VerifyReport>()(empty),
  'attachments.sweep': method<SweepReport>()(sweepInput),
  'office.attachmentSettings': method<AttachmentSettings>()(empty),
  'office.saveAttachmentSettings': method<AttachmentSettings>()(attachmentSettingsInput),
  // Sync with the central server (src-main/sync/).
  'sync.status': method<SyncStatus>()(empty),
  'sync.enrol': method<SyncStatus>()(syncEnrolInput),
  'sync.now': method<SyncStatus>()(empty),
  'sync.retryRejected': method<SyncStatus>()(syncSeqInput),
  'sync.exportRejected': method<SyncExport>()(empty),
  'sync.handover': method<SyncStatus>()(syncHandoverInput),
  'sync.listBooks': method<OrgView>()(empty),
  // Users, roles, audit, backups and recovery (access per method: src-shared/permissions.ts).
  'auth.status': method<AuthStatus>()(empty),
  'auth.setupAdmin': method<LoginResult>()(setupAdminInput),
  'auth.login': method<LoginResult>()(loginInput),
  'auth.logout': method<{ loggedOut: boolean }>()(empty),
  'auth.changePassword': method<{ changed: true }>()(changePasswordInput),
  'users.list': method<UserAccount[]>()(empty),
  'users.save': method<UserAccount>()(saveUserInput),
  'users.unlock': method<UserAccount>()(userIdInput),
  'security.get': method<{ idleMinutes: number }>()(empty),
  'security.save': method<{ idleMinutes: number }>()(securitySettingsInput),
  'entries.history': method<AuditEvent[]>()(entryHistoryInput),
  'audit.list': method<AuditPage>()(auditListInput),
  'audit.verify': method<AuditVerification>()(empty),
  'audit.export': method<AuditExport>()(empty),
  'backup.status': method<BackupStatus>()(empty),
  'backup.configure': method<BackupStatus>()(backupConfigInput),
  'backup.run': method<BackupInfo>()(empty),
  'backup.preview': method<BackupPreview>()(backupNameInput),
  'backup.restore': method<RestoreResult>()(backupNameInput),
  'recovery.status': method<RecoveryStatus>()(empty),
  'recovery.restore': method<RestoreResult>()(recoveryRestoreInput),
  'recovery.export': method<RecoveryExport>()(empty),
  // Printing and exporting the registers (src-main/reports/): a background job with progress.
  'reports.getSettings': method<PrintSettings>()(empty),
  'reports.saveSettings': method<PrintSettings>()(printSettingsInput),
  'reports.render': method<{ jobId: string }>()(reportStartInput),
  'reports.status': method<ReportJobStatus>()(reportJobInput),
  'reports.download': method<ReportResult>()(reportJobInput),
  'entries.findByCode': method<{ match: EntryCodeMatch | null }>()(findByCodeInput),
} as const;

export type Contract = typeof contract;
export type MethodName = keyof Contract;
export type InputOf<M extends MethodName> = z.input<Contract[M]['input']>;
export type ParsedInputOf<M extends MethodName> = z.output<Contract[M]['input']>;
export type OutputOf<M extends MethodName> = NonNullable<Contract[M]['output']>;

export const METHOD_NAMES = Object.keys(contract) as MethodName[];

export function isMethodName(name: unknown): name is MethodName {
  return typeof name === 'string' && Object.prototype.hasOwnProperty.call(contract, name);
}

/** What the preload exposes as window.saraban, and what the HTTP client implements. */
export interface SarabanBridge {
  invoke<M extends MethodName>(method: M, input: InputOf<M>): Promise<Result<OutputOf<M>>>;
}
