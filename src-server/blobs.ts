// Attachments on the server: content-addressed files (blobs/ab/abcdef…), uploaded in resumable
// pieces (Upload-Offset / Upload-Length), verified by SHA-256 before they count, stored once
// however many entries or organisations use them. An organisation can read or skip uploading a
// blob only after it has uploaded the bytes itself once.
import { createHash } from 'node:crypto';
import { createReadStream, createWriteStream, existsSync, mkdirSync, readdirSync, renameSync, rmSync, statSync } from 'node:fs';
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

/** A lease outlives a stuck upload by this much at most; a live upload renews it per piece. */
const LEASE_MS = 10 * 60_000;
/** Partial uploads nobody resumed for this long are removed. */
export const PARTIAL_MAX_AGE_MS = 24 * 3600_000;

export interface BlobStoreOptions {
  maxBytes?: number;
  /** Bytes an organisation may store in total (what it uploaded; shared files count for each). */
  orgQuotaBytes?: number;
}

export class BlobStore {
  private readonly maxBytes: number;
  private readonly orgQuotaBytes: number;

  constructor(
    private readonly dir: string,
    private readonly db: Kysely<ServerSchema>,
    opts: BlobStoreOptions = {},
  ) {
    this.maxBytes = opts.maxBytes ?? SYNC_LIMITS.maxBlobBytes;
    this.orgQuotaBytes = opts.orgQuotaBytes ?? Number.MAX_SAFE_INTEGER;
  }

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
    if (await this.owned(device.orgId, sha)) return { offset: sizeOf(this.finalPath(sha)), complete: true };
    return { offset: sizeOf(this.partialPath(device.orgId, sha)), complete: false };
  }

  async open(device: AuthDevice, sha: string): Promise<{ path: string; size: number }> {
    const path = this.finalPath(sha);
    // The uploader, or a recipient through a document addressed to it (src-server/distribution/read.ts).
    const granted = (await this.owned(device.orgId, sha)) || (await mayReadThroughDocument(this.db, device.orgId, sha));
    if (!granted || !existsSync(path)) throw new HttpError(404, 'not_found', 'ไม่พบไฟล์แนบนี้');
    return { path, size: statSync(path).size };
  }

  /**
   * One upload of (organisation, file) at a time, across every server process sharing the
   * folder: a lease row in the database, taken when free or expired, renewed by each piece.
   */
  private async lease(orgId: string, sha: string): Promise<boolean> {
    const until = new Date(Date.now() + LEASE_MS);
    const row = await this.db
      .insertInto('blob_uploads')
      .values({ org_id: orgId, sha256: sha, lease_until: until })
      .onConflict((oc) => oc.columns(['org_id', 'sha256']).doUpdateSet({ lease_until: until }).where('blob_uploads.lease_until', '<', new Date()))
      .returning('sha256')
      .executeTakeFirst();
    return row !== undefined;
  }

  private async release(orgId: string, sha: string): Promise<void> {
    await this.db.deleteFrom('blob_uploads').where('org_id', '=', orgId).where('sha256', '=', sha).execute();
  }

  private async usedBytes(orgId: string): Promise<number> {
    const r = await this.db
      .selectFrom('blob_owners as o')
      .innerJoin('blobs as b', 'b.sha256', 'o.sha256')
      .select((eb) => eb.fn.sum<string>('b.size').as('n'))
      .where('o.org_id', '=', orgId)
      .executeTakeFirst();
    return Number(r?.n ?? 0);
  }

  /** Appends one piece at `offset`; when the file is whole, verifies its hash and stores it. */
  async put(device: AuthDevice, sha: string, offset: number, length: number, body: Readable): Promise<BlobState> {
    if (!Number.isSafeInteger(length) || length < 0 || length > this.maxBytes) {
      body.resume();
      throw new HttpError(413, 'too_large', `ไฟล์แนบใหญ่เกินกำหนด (ไม่เกิน ${Math.floor(this.maxBytes / 1024 / 1024)} MB)`);
    }
    if (await this.owned(device.orgId, sha)) {
      body.resume();
      return { offset: length, complete: true };
    }
    if (offset === 0 && (await this.usedBytes(device.orgId)) + length > this.orgQuotaBytes) {
      body.resume();
      throw new HttpError(413, 'quota_exceeded', `พื้นที่เก็บไฟล์แนบของหน่วยงานเต็มแล้ว (${Math.floor(this.orgQuotaBytes / 1024 / 1024)} MB) กรุณาติดต่อผู้ดูแลเซิร์ฟเวอร์`);
    }
    if (!(await this.lease(device.orgId, sha))) {
      body.resume();
      throw new HttpError(409, 'busy', 'กำลังรับไฟล์นี้อยู่ กรุณาลองใหม่');
    }
    try {
      const partial = this.partialPath(device.orgId, sha);
      mkdirSync(dirname(partial), { recursive: true });
      const have = sizeOf(partial);
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
          rmSync(partial, { force: true });
          throw e;
        }
        throw new HttpError(400, 'upload_interrupted', 'การส่งไฟล์ขาดตอน ส่งต่อจากเดิมได้', { offset: sizeOf(partial) });
      }
      if (written < length) return { offset: written, complete: false };
      const hash = createHash('sha256');
      await pipeline(createReadStream(partial), hash);
      if (hash.digest('hex') !== sha) {
        rmSync(partial, { force: true });
        throw new HttpError(422, 'hash_mismatch', 'ไฟล์แนบที่ได้รับไม่ตรงกับรหัส SHA-256 จึงไม่ถูกบันทึก');
      }
      const final = this.finalPath(sha);
      mkdirSync(dirname(final), { recursive: true });
      // Another organisation may have stored the same bytes meanwhile: the same content, so
      // either file is right; rename replaces atomically.
      renameSync(partial, final);
      await this.db.insertInto('blobs').values({ sha256: sha, size: length }).onConflict((oc) => oc.column('sha256').doNothing()).execute();
      await this.db
        .insertInto('blob_owners')
        .values({ org_id: device.orgId, sha256: sha })
        .onConflict((oc) => oc.columns(['org_id', 'sha256']).doNothing())
        .execute();
      return { offset: length, complete: true };
    } finally {
      await this.release(device.orgId, sha);
    }
  }

  /** Removes partial uploads untouched for PARTIAL_MAX_AGE_MS (abandoned by a PC that never came back). */
  sweepPartials(now = Date.now()): number {
    const root = join(this.dir, 'partial');
    if (!existsSync(root)) return 0;
    let removed = 0;
    for (const org of readdirSync(root)) {
      for (const f of readdirSync(join(root, org))) {
        const p = join(root, org, f);
        try {
          if (now - statSync(p).mtimeMs > PARTIAL_MAX_AGE_MS) {
            rmSync(p, { force: true });
            removed++;
          }
        } catch {
          // removed by another process meanwhile
        }
      }
    }
    return removed;
  }
}

function sizeOf(path: string): number {
  try {
    return statSync(path).size;
  } catch {
    return 0;
  }
}
