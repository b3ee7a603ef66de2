// The registers' part of the API: office settings, books, entries, certificates, the demo.
import { localIsoDate, localIsoTimestamp } from '../../src-shared/thai.js';
import type { HandlerPart } from '../api/handlerTypes.js';
import type { AttachmentService } from '../attachments/service.js';
import type { Core } from '../core.js';
import { appVersion } from '../version.js';
import { listBooks, listNumberChanges, setNextNumber } from './books.js';
import { issueBulkCertificates, previewBulkCertificates } from './certificates.js';
import { loadDemo } from './demo.js';
import { cancelEntry, createEntry, updateEntry } from './entries.js';
import { homeSummary } from './home.js';
import { getOffice, listContacts, listGroups, listPeople, officeIsSetUp, saveContact, saveGroup, saveOffice, savePerson } from './office.js';
import { entryDetails, listEntries, suggestNames } from './queries.js';

/** files: the one attachment service, whose staged uploads entries.create/update take in. */
export function registerHandlers(core: Core, files: AttachmentService) {
  const { store } = core;
  return {
    'app.info': () => ({
      office: getOffice(store),
      userName: core.actor(),
      today: localIsoDate(core.now()),
      version: appVersion(),
      deviceId: core.deviceId,
      hasDemoData: store.getMeta('demo_loaded') === '1',
      officeReady: officeIsSetUp(store),
    }),
    'home.summary': () => homeSummary(store, localIsoDate(core.now())),
    'office.get': () => getOffice(store),
    'office.save': (input) => saveOffice(store, input),
    'groups.list': (input) => listGroups(store, input.includeInactive),
    'groups.save': (input) => saveGroup(store, input),
    'people.list': (input) => listPeople(store, input.includeInactive),
    'people.save': (input) => savePerson(store, input),
    'contacts.list': (input) => listContacts(store, input),
    'entries.suggestNames': (input) => suggestNames(store, input),
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
    'certificates.previewBulk': (input) => previewBulkCertificates(core, input),
    'certificates.issueBulk': (input) => issueBulkCertificates(core, input),
    'demo.load': () => {
      const result = loadDemo(core);
      store.setMeta('demo_loaded', '1');
      return result;
    },
  } satisfies HandlerPart;
}
