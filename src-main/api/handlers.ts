// One handler per contract method. Inputs arrive already validated by dispatch.ts.
import type { MethodName, OutputOf, ParsedInputOf } from '../../src-shared/contract.js';
import { localIsoDate, localIsoTimestamp } from '../../src-shared/thai.js';
import type { Core } from '../core.js';
import { listBooks, listNumberChanges, setNextNumber } from '../registers/books.js';
import { issueBulkCertificates, previewBulkCertificates } from '../registers/certificates.js';
import { loadDemo } from '../registers/demo.js';
import { cancelEntry, createEntry, updateEntry, updateEntryAttachments } from '../registers/entries.js';
import { homeSummary } from '../registers/home.js';
import {
  getOffice,
  listContacts,
  listGroups,
  listPeople,
  saveContact,
  saveGroup,
  saveOffice,
  savePerson,
} from '../registers/office.js';
import { entryDetails, listEntries } from '../registers/queries.js';
import { syncEngineFor } from '../sync/index.js';
import { appVersion } from '../version.js';
import { ReportJobs } from '../reports/reportJobs.js';
import { findEntryByCode, getPrintSettings, savePrintSettings } from '../reports/reportData.js';
import { LazyChromiumPrinter } from '../reports/lazyPrinter.js';
import type { PdfPrinter } from '../reports/pdfPrinter.js';
import { backupStatus, configureBackups, previewBackup, restoreBackup, runBackup } from '../backup/backups.js';
import { DomainError } from '../errors.js';
import { bindCore } from '../users/access.js';
import { entryHistory, exportAudit, listAudit } from '../users/audit.js';
import { verifyAuditWithWitnesses } from '../users/auditWitnessCheck.js';
import type { CallContext } from '../users/caller.js';
import * as users from '../users/users.js';
import {
  AttachmentService,
  assertMayOpen,
  getAttachmentSettings,
  saveAttachmentSettings,
  sweepAttachments,
  verifyAttachments,
} from '../attachments/service.js';
import { attachmentHistory } from '../attachments/records.js';

// A handler may answer later (sync talks to the server); dispatch.ts awaits every answer.
// ctx: the caller (user, role, secret right). dispatch.ts has already checked the role
// (src-shared/permissions.ts) and hides secret content in every answer (users/secrecy.ts).
export type Handlers = {
  [M in MethodName]: (input: ParsedInputOf<M>, ctx: CallContext) => OutputOf<M> | Promise<OutputOf<M>>;
};

export function createHandlers(core: Core, options: { printer?: PdfPrinter } = {}): Handlers {
  const { store } = core;
  /** Electron passes its printer; elsewhere headless Chromium, launched on first use. */
  const injected = options.printer ?? core.printer;
  const printer = injected ?? new LazyChromiumPrinter();
  const reports = new ReportJobs(core, printer);
  // The headless Chromium made here closes with the register; Electron's printer is the app's.
  if (!injected) core.onClose(() => void printer.close().catch(() => undefined));
  const files = new AttachmentService({ dataDir: core.dataDir, store, now: core.now });
  return bindCore<Handlers>({
    'app.info': () => ({
      office: getOffice(store),
      userName: core.actor(),
      today: localIsoDate(core.now()),
      version: appVersion(),
      deviceId: core.deviceId,
      hasDemoData: store.getMeta('demo_loaded') === '1',
    }),
    'home.summary': () => homeSummary(store, localIsoDate(core.now())),
    'office.get': () => getOffice(store),
    'office.save': (input) => saveOffice(store, input),
    'groups.list': (input) => listGroups(store, input.includeInactive),
    'groups.save': (input) => saveGroup(store, input),
    'people.list': (input) => listPeople(store, input.includeInactive),
    'people.save': (input) => savePerson(store, input),
    'contacts.list': (input) => listContacts(store, input),
    'contacts.save': (input) => saveContact(store, input),
    'books.list': (input) => listBooks(store, input.kind),
    'books.setNextNumber': (input) => setNextNumber(store, input, core.actor(), localIsoTimestamp(core.now())),
    'books.numberChanges': (input) => listNumberChanges(store, input.kind),
    'entries.create': (input) => createEntry(core.writeContext(), input, files.resolve(input.attachments, null)),
    'entries.update': (input) =>
      updateEntry(core.writeContext(), input.id, input.expectedVersion, input.fields, files.resolve(input.fields.attachments, input.id)),
    'entries.cancel': (input) => cancelEntry(core.writeContext(), input.id, input.expectedVersion, input.reason),
    'entries.get': (input) => entryDetails(store, input.id),
    'entries.list': (input) => listEntries(store, input),
    'reports.getSettings': () => getPrintSettings(store),
    'reports.saveSettings': (input) => savePrintSettings(store, input),
    'reports.render': (input) => reports.start(input),
    'reports.status': (input) => reports.status(input.jobId),
    'reports.download': (input) => reports.result(input.jobId),
    'entries.findByCode': (input) => ({ match: findEntryByCode(store, input.code) }),
    'certificates.previewBulk': (input) => previewBulkCertificates(core, input),
    'certificates.issueBulk': (input) => issueBulkCertificates(core, input),
    'entries.history': (input, ctx) => entryHistory(store, input.id, ctx.canSeeSecret),
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
    'audit.list': (input, ctx) => listAudit(store, input, ctx.canSeeSecret),
    'audit.verify': () => verifyAuditWithWitnesses(core),
    'audit.export': (_input, ctx) => exportAudit(store, ctx.canSeeSecret, core.now()),
    'backup.status': () => backupStatus(core),
    'backup.configure': (input) => configureBackups(core, input.dir),
    'backup.run': () => runBackup(core, 'manual'),
    'backup.preview': (input) => previewBackup(core, input.name),
    'backup.restore': (input) => restoreBackup(core, input.name),
    // The recovery screen's methods answer only while the register cannot be opened
    // (src-main/backup/recovery.ts); here it is open.
    'recovery.status': () => ({ mode: 'normal' as const, detail: null, backups: [] }),
    'recovery.restore': () => {
      throw new DomainError('conflict', 'ฐานข้อมูลทะเบียนใช้งานได้ตามปกติ ใช้การกู้คืนในหน้าสำรองข้อมูลแทน');
    },
    'recovery.export': () => {
      throw new DomainError('conflict', 'ฐานข้อมูลทะเบียนใช้งานได้ตามปกติ');
    },
    'demo.load': () => {
      const result = loadDemo(core);
      store.setMeta('demo_loaded', '1');
      return result;
    },
    'attachments.stageBegin': (input) => files.stageBegin(input),
    'attachments.stageChunk': (input) => files.stageChunk(input),
    'attachments.stageFinish': (input) => files.stageFinish(input),
    'attachments.scanFolderList': () => files.scanFolderList(),
    'attachments.stageFromScanFolder': (input) => files.stageFromScanFolder(input),
    'attachments.read': (input) => files.read(input.sha256),
    'attachments.exportCopy': (input) => files.exportCopy(input),
    'attachments.history': (input) => {
      assertMayOpen(store, { entryId: input.entryId });
      return attachmentHistory(store, input.entryId);
    },
    'attachments.change': (input) =>
      updateEntryAttachments(core.writeContext(), input.entryId, input.expectedVersion, files.resolve(input.attachments, input.entryId) ?? []),
    'attachments.verify': () => verifyAttachments(store, core.dataDir, core.now()),
    'attachments.sweep': (input) => sweepAttachments(store, core.dataDir, core.now(), input.graceDays),
    'office.attachmentSettings': () => getAttachmentSettings(store),
    'office.saveAttachmentSettings': (input) => saveAttachmentSettings(store, input),
    'sync.status': () => syncEngineFor(core).status(),
    'sync.enrol': (input) => syncEngineFor(core).enrol(input.serverUrl, input.code, input.deviceName),
    'sync.now': async () => {
      const engine = syncEngineFor(core);
      await engine.syncNow().catch(() => undefined); // the outcome is in the status
      return engine.status();
    },
    'sync.retryRejected': (input) => syncEngineFor(core).retryRejected(input.seq),
    'sync.exportRejected': () => syncEngineFor(core).exportRejected(),
    'sync.handover': async (input) => {
      const engine = syncEngineFor(core);
      await engine.handover(input.kind, input.year, input.toDeviceId);
      return engine.status();
    },
    'sync.listBooks': () => syncEngineFor(core).listBooks(),
  }, core);
}
