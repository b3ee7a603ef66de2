// The distribution as the API handlers call it: compose (files resolved by the register's
// attachment service, so the same type and size checks apply), ลงรับ, withdrawal, lists.
import type { AttachmentInput } from '../../src-shared/attachmentSchemas.js';
import type { DistComposeInput } from '../../src-shared/distributionSchemas.js';
import type { AttachmentService } from '../attachments/service.js';
import type { Core } from '../core.js';
import { invalid } from '../errors.js';
import { receiveDocument, type ReceiveResult } from './inbox.js';
import { sendDocument, withdrawDocument } from './send.js';

export function composeAndSend(core: Core, files: AttachmentService, input: DistComposeInput): { id: string } {
  for (const a of input.attachments) {
    if ((a.stagedId === undefined) === (a.sha256 === undefined)) throw invalid('attachments', 'ไฟล์แนบไม่ถูกต้อง');
    if (a.sha256 !== undefined && input.sourceEntryId === null) throw invalid('attachments', 'ไฟล์แนบเดิมใช้ได้เฉพาะเมื่อส่งจากทะเบียนหนังสือส่ง');
  }
  const inputs: AttachmentInput[] = input.attachments.map((a, i) => ({ ...a, position: i + 1 }) as AttachmentInput);
  const refs = files.resolve(inputs, input.sourceEntryId) ?? [];
  return sendDocument(core.writeContext(), input, refs);
}

export function receive(core: Core, id: string): ReceiveResult {
  return receiveDocument(core.writeContext(), id, core.dataDir);
}

export function withdraw(core: Core, id: string, reason: string): void {
  withdrawDocument(core.writeContext(), id, reason);
}
