// The attachments' part of the API: staged uploads, reading and copies, the check and the sweep.
import type { HandlerPart } from '../api/handlerTypes.js';
import type { Core } from '../core.js';
import { updateEntryAttachments } from '../registers/entries.js';
import { attachmentHistory } from './records.js';
import {
  assertMayOpen,
  getAttachmentSettings,
  saveAttachmentSettings,
  sweepAttachments,
  verifyAttachments,
  type AttachmentService,
} from './service.js';

export function attachmentHandlers(core: Core, files: AttachmentService) {
  const { store } = core;
  return {
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
  } satisfies HandlerPart;
}
