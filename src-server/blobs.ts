// Attachments on the server: content-addressed files (blobs/ab/abcdef…), uploaded in resumable
// pieces (Upload-Offset / Upload-Length), verified by SHA-256 before they count, stored once
// however many entries or organisations use them. An organisation can read or skip uploading a
// blob only after it has uploaded the bytes itself once.
import { createHash } from 'node:crypto';
import { createReadStream, createWriteStream, existsSync, mkdirSync, renameSync, statSync, unlinkSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { Transform, type Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { Kysely } from 'kysely';
import { SYNC_LIMITS } from '../src-shared/syncSchemas.js';
import type { ServerSchema } from './db/schema.js';
import { HttpError } from './errors.js';
import type { AuthDevice } from './sync.js';
import { mayReadThroughDocument } from './distribution/read.js';

export interface BlobState {
  offset: number;
  complete: boolean;
}

export class BlobStore {
  private readonly busy = new Set<string>();

  constructor(
    private readonly dir: string,
    private readonly db: Kysely<ServerSchema>,
    private readonly maxBytes: number = SYNC_LIMITS.maxBlobBytes,
  ) {}

  finalPath(sha: string): string {
    return join(this.dir, 'blobs', sha.slice(0, 2), sha);
  }

  private partialPath(orgId: string, sha: string): string {
    return join(this.dir, 'partial', orgId, sha);
  }

  private async owned(orgId: string, sha: string): Promise<boolean> {
    return !!(await this.db.selectFrom('blob_owners').select('sha256').where('org_id', '=', orgId).where('sha256', '=', sha).executeTakeFirst());
  }

  async state(device: AuthDevice, sha: string): Promise<BlobState> {
    if (await this.owned(device.orgId, sha)) return { offset: statSync(this.finalPath(sha)).size, complete: true };
    const partial = this.partialPath(device.orgId, sha);
    return { offset: existsSync(partial) ? statSync(partial).size : 0, complete: false };
  }

  async open(device: AuthDevice, sha: string): Promise<{ path: string; size: number }> {
    const granted = (await this.owned(device.orgId, sha)) || (await mayReadThroughDocument(this.db, device.orgId, sha));
    if (!granted) throw new HttpError(404, 'not_found', 'ไม่พบไฟล์แนบนี้');
    const path = this.finalPath(sha);
    return { path, size: statSync(path).size };
  }

  /** Appends one piece at `offset`; when the file is whole, verifies its hash and stores it. */
  async put(device: AuthDevice, sha: string, offset: number, length: number, body: Readable): Promise<BlobState> {
    if (!Number.isSafeInteger(length) || length < 0 || length > this.maxBytes) {
      throw new HttpError(413, 'too_large', `ไฟล์แนบใหญ่เกินกำหนด (ไม่เกิน ${Math.floor(this.maxBytes / 1024 / 1024)} MB)`);
    }
    if (await this.owned(device.orgId, sha)) {
      body.resume();
      return { offset: length, complete: true };
    }
    const key = `${device.orgId}/${sha}`;
    if (this.busy.has(key)) throw new HttpError(409, 'busy', 'กำลังรับไฟล์นี้อยู่ กรุณาลองใหม่');
    this.busy.add(key);
    try {
      const partial = this.partialPath(device.orgId, sha);
      mkdirSync(dirname(partial), { recursive: true });
      const have = existsSync(partial) ? statSync(partial).size : 0;
      if (offset !== have) {
        body.resume();
        throw new HttpError(409, 'offset_mismatch', 'ตำแหน่งต่อไฟล์ไม่ตรงกับที่เซิร์ฟเวอร์มี', { offset: have });
      }
      let written = have;
      const guard = new Transform({
        transform(chunk: Buffer, _enc, done) {
          written += chunk.length;
          if (written > length) done(new HttpError(400, 'too_long', 'ข้อมูลไฟล์ยาวเกินขนาดที่แจ้งไว้'));
          else done(null, chunk);
        },
      });
      try {
        await pipeline(body, guard, createWriteStream(partial, { flags: 'a' }));
      } catch (e) {
        // A broken connection keeps what arrived: the next attempt resumes from there.
        if (e instanceof HttpError) {
          unlinkSync(partial);
          throw e;
        }
        throw new HttpError(400, 'upload_interrupted', 'การส่งไฟล์ขาดตอน ส่งต่อจากเดิมได้', { offset: statSync(partial).size });
      }
      if (written < length) return { offset: written, complete: false };
      const hash = createHash('sha256');
      await pipeline(createReadStream(partial), hash);
      if (hash.digest('hex') !== sha) {
        unlinkSync(partial);
        throw new HttpError(422, 'hash_mismatch', 'ไฟล์แนบที่ได้รับไม่ตรงกับรหัส SHA-256 จึงไม่ถูกบันทึก');
      }
      const final = this.finalPath(sha);
      mkdirSync(dirname(final), { recursive: true });
      if (existsSync(final)) unlinkSync(partial);
      else renameSync(partial, final);
      await this.db.insertInto('blobs').values({ sha256: sha, size: length }).onConflict((oc) => oc.column('sha256').doNothing()).execute();
      await this.db
        .insertInto('blob_owners')
        .values({ org_id: device.orgId, sha256: sha })
        .onConflict((oc) => oc.columns(['org_id', 'sha256']).doNothing())
        .execute();
      return { offset: length, complete: true };
    } finally {
      this.busy.delete(key);
    }
  }
}
