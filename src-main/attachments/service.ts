// Attachments for the API handlers: staged uploads (chunks -> temp file -> checks -> content
// address), the scan folder, reading and exporting copies, the check and the sweep.
// Staging state (upload sessions, staged files) lives in memory: after a restart the clerk
// attaches again, and the temp files left behind are swept.
import { createHash, randomUUID } from 'node:crypto';
import {
  closeSync,
  copyFileSync,
  existsSync,
  mkdirSync,
  openSync,
  readdirSync,
  readFileSync,
  realpathSync,
  rmSync,
  statSync,
  writeSync,
} from 'node:fs';
import { join, resolve } from 'node:path';
import {
  ATTACHMENT_LIMITS,
  fileNameProblem,
  formatFileSize,
  type AttachmentContent,
  type AttachmentInput,
  type AttachmentSettings,
  type ExportedCopy,
  type ScanFolderListing,
  type StagedFile,
  type StageBegun,
} from '../../src-shared/attachmentSchemas.js';
import type { AttachmentRef } from '../../src-shared/domain.js';
import { localIsoTimestamp } from '../../src-shared/thai.js';
import type { Store } from '../db/store.js';
import { DomainError } from '../errors.js';
import { callerCanSeeSecret, isSecret, secrecyOf } from '../users/secrecy.js';
import { blobExists, blobPath, ensureDirs, hashFile, isInside, promoteToBlob, tmpPath, touch } from './blobFiles.js';
import { checkFileType } from './magic.js';
import { blobRow, currentAttachments, nameInEntry } from './records.js';

export { sweepAttachments, verifyAttachments } from './maintenance.js';

const SETTINGS_KEY = 'attachments.settings';
export const DEFAULT_ATTACHMENT_SETTINGS: AttachmentSettings = { maxSizeMb: ATTACHMENT_LIMITS.defaultMaxSizeMb, scanFolder: '' };

export function getAttachmentSettings(store: Store): AttachmentSettings {
  const raw = store.getMeta(SETTINGS_KEY);
  return raw ? { ...DEFAULT_ATTACHMENT_SETTINGS, ...(JSON.parse(raw) as Partial<AttachmentSettings>) } : DEFAULT_ATTACHMENT_SETTINGS;
}

export function saveAttachmentSettings(store: Store, settings: AttachmentSettings): AttachmentSettings {
  store.setMeta(SETTINGS_KEY, JSON.stringify(settings));
  return getAttachmentSettings(store);
}

/** Opens a file with the system's program; set by the Electron shell, absent in the browser host. */
let systemOpener: ((path: string) => void) | null = null;
export function setSystemOpener(open: ((path: string) => void) | null): void {
  systemOpener = open;
}

const SECRET_FILE = 'ไฟล์นี้แนบกับหนังสือลับ บัญชีของท่านไม่มีสิทธิ์เปิด';

/**
 * A secret entry's files (ลับ and above) open only for users with the secret right, whichever
 * way they are asked for: by the entry, or by a sha256 some entry uses.
 */
export function assertMayOpen(store: Store, where: { entryId: string } | { sha256: string }): void {
  if (callerCanSeeSecret()) return;
  const levels =
    'entryId' in where
      ? [secrecyOf(store, where.entryId)].filter((s) => s !== undefined)
      : store
          .raw<{ secrecy: string }>('SELECT DISTINCT e.secrecy FROM entry_attachments a JOIN entries e ON e.id = a.entry_id WHERE a.sha256 = ?', [where.sha256])
          .map((r) => r.secrecy);
  if (levels.length > 0 && levels.every(isSecret)) throw new DomainError('forbidden', SECRET_FILE);
}

function refuse(message: string): DomainError {
  return new DomainError('invalid_input', message, { file: message });
}

interface Upload {
  name: string;
  size: number;
  received: number;
  path: string;
}

export interface AttachmentServiceOptions {
  dataDir: string;
  store: Store;
  now: () => Date;
}

export class AttachmentService {
  private readonly uploads = new Map<string, Upload>();
  private readonly staged = new Map<string, StagedFile>();

  constructor(private readonly opts: AttachmentServiceOptions) {
    ensureDirs(opts.dataDir);
  }

  private get maxBytes(): number {
    return getAttachmentSettings(this.opts.store).maxSizeMb * 1024 * 1024;
  }

  private checkSize(name: string, size: number): void {
    if (size === 0) throw refuse(`ไฟล์ "${name}" ว่างเปล่า (0 ไบต์) แนบไม่ได้`);
    const limitMb = getAttachmentSettings(this.opts.store).maxSizeMb;
    if (size > this.maxBytes) {
      throw refuse(`ไฟล์ "${name}" มีขนาด ${formatFileSize(size)} เกินขนาดที่กำหนดไว้ (${limitMb} MB) กรุณาลดขนาดไฟล์หรือติดต่อผู้ดูแลระบบ`);
    }
  }

  private checkName(name: string): void {
    const problem = fileNameProblem(name);
    if (problem) throw refuse(problem);
  }

  stageBegin(input: { name: string; size: number }): StageBegun {
    this.checkName(input.name);
    this.checkSize(input.name, input.size);
    const uploadId = randomUUID();
    const path = tmpPath(this.opts.dataDir, uploadId);
    closeSync(openSync(path, 'w'));
    this.uploads.set(uploadId, { name: input.name, size: input.size, received: 0, path });
    return { uploadId, chunkBytes: ATTACHMENT_LIMITS.chunkBytes };
  }

  stageChunk(input: { uploadId: string; offset: number; data: string }): { received: number } {
    const up = this.uploads.get(input.uploadId);
    if (!up) throw new DomainError('not_found', 'การอัปโหลดไฟล์นี้หมดอายุแล้ว กรุณาแนบไฟล์ใหม่');
    // A retried chunk that already arrived is acknowledged, not appended twice.
    if (input.offset < up.received) return { received: up.received };
    if (input.offset !== up.received) throw new DomainError('conflict', 'ข้อมูลไฟล์มาไม่ครบ กรุณาแนบไฟล์ใหม่');
    const bytes = Buffer.from(input.data, 'base64');
    if (up.received + bytes.length > up.size) {
      this.abort(input.uploadId);
      throw refuse(`ไฟล์ "${up.name}" มีขนาดไม่ตรงกับที่แจ้งไว้ กรุณาแนบไฟล์ใหม่`);
    }
    const fd = openSync(up.path, 'a');
    try {
      writeSync(fd, bytes);
    } finally {
      closeSync(fd);
    }
    up.received += bytes.length;
    return { received: up.received };
  }

  stageFinish(input: { uploadId: string }): StagedFile {
    const up = this.uploads.get(input.uploadId);
    if (!up) throw new DomainError('not_found', 'การอัปโหลดไฟล์นี้หมดอายุแล้ว กรุณาแนบไฟล์ใหม่');
    this.uploads.delete(input.uploadId);
    if (up.received !== up.size) {
      rmSync(up.path, { force: true });
      throw refuse(`ไฟล์ "${up.name}" มาไม่ครบ กรุณาแนบไฟล์ใหม่`);
    }
    return this.finish(up.path, up.name);
  }

  private abort(uploadId: string): void {
    const up = this.uploads.get(uploadId);
    this.uploads.delete(uploadId);
    if (up) rmSync(up.path, { force: true });
  }

  /** Checks a complete temp file and moves it to its content address; refuses and deletes it otherwise. */
  private finish(tempFile: string, name: string): StagedFile {
    try {
      this.checkName(name);
      const size = statSync(tempFile).size;
      this.checkSize(name, size);
      const type = checkFileType(tempFile, name);
      if (!type.ok) throw refuse(type.message);
      const { sha256 } = hashFile(tempFile);
      promoteToBlob(this.opts.dataDir, tempFile, sha256);
      const staged: StagedFile = { stagedId: randomUUID(), sha256, size, mimeType: type.mimeType, name };
      this.staged.set(staged.stagedId, staged);
      if (this.staged.size > 1000) {
        const oldest = this.staged.keys().next().value;
        if (oldest !== undefined) this.staged.delete(oldest);
      }
      return staged;
    } finally {
      rmSync(tempFile, { force: true });
    }
  }

  private scanFolder(): string {
    const folder = getAttachmentSettings(this.opts.store).scanFolder;
    if (!folder) throw new DomainError('invalid_input', 'ยังไม่ได้ตั้งโฟลเดอร์เครื่องสแกน (ตั้งค่าระบบ > ไฟล์แนบ)');
    return resolve(folder);
  }

  scanFolderList(): ScanFolderListing {
    const folder = getAttachmentSettings(this.opts.store).scanFolder;
    if (!folder) return { folder: '', configured: false, files: [], error: null };
    const dir = resolve(folder);
    try {
      const files = readdirSync(dir, { withFileTypes: true })
        .filter((d) => d.isFile())
        .map((d) => {
          const st = statSync(join(dir, d.name));
          return { name: d.name, size: st.size, modifiedAt: localIsoTimestamp(st.mtime), problem: fileNameProblem(d.name) };
        })
        .sort((a, b) => (a.modifiedAt < b.modifiedAt ? 1 : a.modifiedAt > b.modifiedAt ? -1 : a.name.localeCompare(b.name)));
      return { folder: dir, configured: true, files, error: null };
    } catch {
      return { folder: dir, configured: true, files: [], error: `เปิดโฟลเดอร์เครื่องสแกน "${dir}" ไม่ได้ กรุณาตรวจสอบการตั้งค่า` };
    }
  }

  /** Stages one file of the scan folder, named by its bare file name (never a path). */
  stageFromScanFolder(input: { name: string }): StagedFile {
    this.checkName(input.name);
    const dir = this.scanFolder();
    const candidate = resolve(dir, input.name);
    let real: string;
    let realDir: string;
    try {
      realDir = realpathSync(dir);
      real = realpathSync(candidate);
    } catch {
      throw new DomainError('not_found', `ไม่พบไฟล์ "${input.name}" ในโฟลเดอร์เครื่องสแกน`);
    }
    // The name was checked for separators; a link pointing out of the folder is refused too.
    if (!isInside(dir, candidate) || !isInside(realDir, real) || real === realDir) {
      throw refuse(`ไฟล์ "${input.name}" ไม่ได้อยู่ในโฟลเดอร์เครื่องสแกน`);
    }
    if (!statSync(real).isFile()) throw refuse(`"${input.name}" ไม่ใช่ไฟล์`);
    this.checkSize(input.name, statSync(real).size);
    const temp = tmpPath(this.opts.dataDir, randomUUID());
    copyFileSync(real, temp);
    return this.finish(temp, input.name);
  }

  /**
   * Turns the form's list (staged ids, or files the entry already has) into the refs the entry
   * write stores. Each file is checked to be on disk now, just before the entry's transaction.
   */
  resolve(inputs: AttachmentInput[] | undefined, entryId: string | null): AttachmentRef[] | undefined {
    if (inputs === undefined) return undefined;
    const { store, dataDir } = this.opts;
    const positioned = inputs.every((a) => a.position !== undefined);
    const ordered = positioned ? [...inputs].sort((a, b) => (a.position ?? 0) - (b.position ?? 0)) : inputs;
    if (positioned && new Set(inputs.map((a) => a.position)).size !== inputs.length) {
      throw refuse('ลำดับไฟล์แนบซ้ำกัน');
    }
    const current = entryId ? (currentAttachments(store, [entryId]).get(entryId) ?? []) : [];
    return ordered.map((a, i): AttachmentRef => {
      const position = positioned ? (a.position as number) : i + 1;
      let ref: Omit<AttachmentRef, 'description' | 'position'>;
      if (a.stagedId !== undefined) {
        const s = this.staged.get(a.stagedId);
        if (!s) throw refuse('ไฟล์แนบที่อัปโหลดไว้หมดอายุแล้ว กรุณาแนบไฟล์ใหม่');
        ref = { sha256: s.sha256, size: s.size, name: s.name, mimeType: s.mimeType };
      } else {
        const sha256 = a.sha256 as string;
        const blob = blobRow(store, sha256);
        const name = entryId ? (current.find((c) => c.sha256 === sha256)?.name ?? nameInEntry(store, entryId, sha256)) : undefined;
        if (!blob || name === undefined) throw refuse('ไม่พบไฟล์แนบเดิมของรายการนี้');
        ref = { sha256, size: blob.size, name, mimeType: blob.mime_type };
      }
      if (!blobExists(dataDir, ref.sha256)) throw refuse(`ไฟล์ "${ref.name}" หายไปจากที่เก็บ กรุณาแนบไฟล์ใหม่`);
      touch(blobPath(dataDir, ref.sha256));
      return { ...ref, description: a.description, position };
    });
  }

  /** A stored file's bytes for viewing in the app, checked against its hash first. */
  read(sha256: string): AttachmentContent {
    const blob = blobRow(this.opts.store, sha256);
    if (!blob) throw new DomainError('not_found', 'ไม่พบไฟล์แนบนี้');
    assertMayOpen(this.opts.store, { sha256 });
    const bytes = this.readChecked(sha256);
    return { sha256, mimeType: blob.mime_type, size: bytes.length, base64: bytes.toString('base64') };
  }

  private readChecked(sha256: string): Buffer {
    const path = blobPath(this.opts.dataDir, sha256);
    if (!existsSync(path)) throw new DomainError('not_found', 'ไฟล์แนบนี้หายไปจากที่เก็บ กรุณาแจ้งผู้ดูแลระบบ (ตรวจสอบไฟล์แนบในหน้าตั้งค่า)');
    const bytes = readFileSync(path);
    if (createHash('sha256').update(bytes).digest('hex') !== sha256) {
      throw new DomainError('conflict', 'ไฟล์แนบนี้เสียหาย (เนื้อไฟล์ไม่ตรงกับที่บันทึกไว้) กรุณาแจ้งผู้ดูแลระบบ');
    }
    return bytes;
  }

  /**
   * Writes a copy under <dataDir>/exports/ for the system's program: the stored original is
   * never handed out, so a program that edits or locks the file cannot touch the register's copy.
   */
  exportCopy(input: { entryId: string; sha256: string; open: boolean }): ExportedCopy {
    const name = nameInEntry(this.opts.store, input.entryId, input.sha256);
    if (name === undefined || fileNameProblem(name)) throw new DomainError('not_found', 'ไม่พบไฟล์แนบนี้ในรายการ');
    assertMayOpen(this.opts.store, { entryId: input.entryId });
    const bytes = this.readChecked(input.sha256);
    const stamp = localIsoTimestamp(this.opts.now()).slice(0, 19).replace(/[-:T]/g, '');
    const exportsRoot = resolve(this.opts.dataDir, 'exports');
    const dir = resolve(exportsRoot, `${stamp}-${randomUUID().slice(0, 8)}`);
    const path = resolve(dir, name);
    if (!isInside(exportsRoot, path)) throw refuse('ชื่อไฟล์ไม่ถูกต้อง');
    mkdirSync(dir, { recursive: true });
    const fd = openSync(path, 'wx');
    try {
      writeSync(fd, bytes);
    } finally {
      closeSync(fd);
    }
    const opener = input.open ? systemOpener : null;
    if (opener) opener(path);
    return { path, opened: opener !== null };
  }
}
