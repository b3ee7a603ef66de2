// The import as the settings screen runs it: the dump arrives in chunks into the data folder
// (imports/<id>.sql), then a preview or an import runs in the background and the screen polls
// its progress. One job at a time: two imports into one register would only wait on each other.
import { randomUUID } from 'node:crypto';
import { closeSync, mkdirSync, openSync, readdirSync, rmSync, statSync, writeSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { RegisterKind } from '../../src-shared/domain.js';
import { IMPORT_LIMITS, type ImportJobStatus, type ImportUploaded } from '../../src-shared/importSchemas.js';
import type { Core } from '../core.js';
import { DomainError } from '../errors.js';
import { previewAmssImport, runAmssImport, type ImportSource } from './amssImport.js';

interface Upload {
  name: string;
  size: number;
  received: number;
  path: string;
}

type StartInput = { dumpId: string; filesRoot: string; school: string; kind: RegisterKind };

const EXPIRED = 'การอัปโหลดไฟล์นี้หมดอายุแล้ว กรุณาเลือกไฟล์ใหม่';

export class ImportJobs {
  private readonly uploads = new Map<string, Upload>();
  private readonly dumps = new Map<string, ImportUploaded & { path: string }>();
  private readonly jobs = new Map<string, ImportJobStatus>();
  private running: string | null = null;

  constructor(private readonly core: Core) {}

  private dir(): string {
    const d = resolve(this.core.dataDir, 'imports');
    mkdirSync(d, { recursive: true });
    return d;
  }

  uploadBegin(input: { name: string; size: number }): { uploadId: string; chunkBytes: number } {
    // Dumps of earlier sessions are not kept: a restart means choosing the file again.
    if (this.uploads.size === 0 && this.dumps.size === 0) for (const f of readdirSync(this.dir())) rmSync(join(this.dir(), f), { force: true });
    const uploadId = randomUUID();
    // The extension tells a dump from a sheet (sheetSource.isSheetFile); the name is never a path.
    const ext = (/\.(sql|gz|xls|xlsx|csv)$/i.exec(input.name)?.[1] ?? 'sql').toLowerCase();
    const path = join(this.dir(), `${uploadId}.${ext === 'gz' ? 'sql.gz' : ext}`);
    closeSync(openSync(path, 'w'));
    this.uploads.set(uploadId, { name: input.name, size: input.size, received: 0, path });
    return { uploadId, chunkBytes: IMPORT_LIMITS.chunkBytes };
  }

  uploadChunk(input: { uploadId: string; offset: number; data: string }): { received: number } {
    const up = this.uploads.get(input.uploadId);
    if (!up) throw new DomainError('not_found', EXPIRED);
    if (input.offset < up.received) return { received: up.received };
    if (input.offset !== up.received) throw new DomainError('conflict', 'ข้อมูลไฟล์มาไม่ครบ กรุณาเลือกไฟล์ใหม่');
    const bytes = Buffer.from(input.data, 'base64');
    if (up.received + bytes.length > up.size) {
      this.uploads.delete(input.uploadId);
      rmSync(up.path, { force: true });
      throw new DomainError('invalid_input', `ไฟล์ "${up.name}" มีขนาดไม่ตรงกับที่แจ้งไว้ กรุณาเลือกไฟล์ใหม่`);
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

  uploadFinish(input: { uploadId: string }): ImportUploaded {
    const up = this.uploads.get(input.uploadId);
    if (!up) throw new DomainError('not_found', EXPIRED);
    this.uploads.delete(input.uploadId);
    if (up.received !== up.size || statSync(up.path).size !== up.size) {
      rmSync(up.path, { force: true });
      throw new DomainError('invalid_input', `ไฟล์ "${up.name}" มาไม่ครบ กรุณาเลือกไฟล์ใหม่`);
    }
    const dump = { dumpId: input.uploadId, name: up.name, size: up.size, path: up.path };
    this.dumps.set(dump.dumpId, dump);
    return { dumpId: dump.dumpId, name: dump.name, size: dump.size };
  }

  private source(input: StartInput): ImportSource & { name: string } {
    const dump = this.dumps.get(input.dumpId);
    if (!dump) throw new DomainError('not_found', 'ไม่พบไฟล์สำรองข้อมูลที่อัปโหลดไว้ กรุณาเลือกไฟล์ใหม่');
    return { dump: dump.path, name: dump.name, filesRoot: input.filesRoot ? resolve(input.filesRoot) : null, school: input.school || null, kind: input.kind };
  }

  private start(work: (jobId: string, progress: (p: { phase: 'read' | 'plan' | 'import'; done: number; total: number }) => void) => Promise<ImportJobStatus>): { jobId: string } {
    if (this.running) throw new DomainError('conflict', 'กำลังตรวจหรือนำเข้าข้อมูลอยู่ กรุณารอให้เสร็จก่อน');
    const jobId = randomUUID();
    this.running = jobId;
    this.jobs.set(jobId, { state: 'running', phase: 'read', done: 0, total: 0 });
    const progress = (p: { phase: 'read' | 'plan' | 'import'; done: number; total: number }): void => {
      this.jobs.set(jobId, { state: 'running', ...p });
    };
    void work(jobId, progress)
      .then((status) => this.jobs.set(jobId, status))
      .catch((e: unknown) => this.jobs.set(jobId, { state: 'failed', message: e instanceof DomainError ? e.message : `นำเข้าไม่สำเร็จ: ${e instanceof Error ? e.message : String(e)}` }))
      .finally(() => {
        this.running = null;
      });
    return { jobId };
  }

  preview(input: StartInput): { jobId: string } {
    const src = this.source(input);
    return this.start(async (_id, progress) => {
      const preview = await previewAmssImport(this.core.store, src, progress);
      return { state: 'previewed', preview: { ...preview, file: src.name } };
    });
  }

  run(input: StartInput, actor: string): { jobId: string } {
    const src = this.source(input);
    return this.start(async (_id, progress) => {
      const ctx = { store: this.core.store, dataDir: this.core.dataDir, deviceId: this.core.deviceId, actor, now: this.core.now() };
      const { preview, result } = await runAmssImport(ctx, { ...src, dump: src.dump }, progress);
      return { state: 'imported', preview: { ...preview, file: src.name }, result };
    });
  }

  status(jobId: string): ImportJobStatus {
    const s = this.jobs.get(jobId);
    if (!s) throw new DomainError('not_found', 'ไม่พบงานนำเข้านี้');
    return s;
  }
}
