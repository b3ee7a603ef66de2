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
import {
  AttachmentService,
  getAttachmentSettings,
  saveAttachmentSettings,
  sweepAttachments,
  verifyAttachments,
} from '../attachments/service.js';
import { attachmentHistory } from '../attachments/records.js';
import { ReportJobs } from '../reports/reportJobs.js';
import { findEntryByCode, getPrintSettings, savePrintSettings } from '../reports/reportData.js';
import { LazyChromiumPrinter } from '../reports/lazyPrinter.js';
import type { PdfPrinter } from '../reports/pdfPrinter.js';

// A handler may answer later (sync talks to the server); dispatch.ts awaits every answer.
export type Handlers = { [M in MethodName]: (input: ParsedInputOf<M>) => OutputOf<M> | Promise<OutputOf<M>> };

export function createHandlers(core: Core, options: { printer?: PdfPrinter } = {}): Handlers {
  const { store } = core;
  const files = new AttachmentService({ dataDir: core.dataDir, store, now: core.now });
  /** Electron passes its printer; elsewhere headless Chromium, launched on first use. */
  const reports = new ReportJobs(core, options.printer ?? new LazyChromiumPrinter());
  return {
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
    'attachments.history': (input) => attachmentHistory(store, input.entryId),
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
  };
}
