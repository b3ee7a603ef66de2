// Moving file bytes over the JSON contract: staged uploads in 1 MB base64 chunks, and stored
// files back as Blobs for viewing or saving. Only sha256 ids travel, never paths.
import { ATTACHMENT_LIMITS, type StagedFile } from '../../../src-shared/attachmentSchemas.js';
import { base64ToBlob, blobToBase64 } from '../print/downloads.js';
import { must } from '../../api/client.js';

/** Uploads one picked or dropped file; the core checks it and answers with a staged id or a Thai refusal. */
export async function uploadFile(file: File, onProgress: (fraction: number) => void = () => undefined): Promise<StagedFile> {
  const { uploadId, chunkBytes } = await must('attachments.stageBegin', { name: file.name, size: file.size });
  const step = Math.min(chunkBytes, ATTACHMENT_LIMITS.chunkBytes);
  for (let offset = 0; offset < file.size; offset += step) {
    const data = await blobToBase64(file.slice(offset, offset + step));
    await must('attachments.stageChunk', { uploadId, offset, data });
    onProgress(Math.min(1, (offset + step) / file.size));
  }
  return must('attachments.stageFinish', { uploadId });
}

/** A stored file as a Blob (the core checks its hash before answering). */
export async function readBlob(sha256: string): Promise<Blob> {
  const content = await must('attachments.read', { sha256 });
  return base64ToBlob(content.base64, content.mimeType);
}

/** "บันทึกเป็น…": the browser's (or Electron's) own save, from the stored file's bytes. */
export async function saveAs(sha256: string, name: string): Promise<void> {
  const url = URL.createObjectURL(await readBlob(sha256));
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}
