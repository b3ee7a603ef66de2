// The background sync loop of the desktop app: push pending outbox rows in seq order (their
// attachments first), pull acknowledgements and what is addressed to this organisation, sleep.
// Network errors and 5xx back off exponentially with jitter (capped); "ส่งข้อมูลตอนนี้" and the
// network coming back wake it at once. It never holds a SQLite transaction across an await:
// read a batch, let go, send, then record the answers in one short transaction.
import { hostname } from 'node:os';
import { existsSync, openSync, readSync, closeSync, rmSync, statSync } from 'node:fs';
import { formatThaiDateTime, localIsoTimestamp } from '../../src-shared/thai.js';
import type { OrgView, SyncExport, SyncRejectedItem, SyncStatus } from '../../src-shared/syncSchemas.js';
import type { Core } from '../core.js';
import { DomainError } from '../errors.js';
import { OFFLINE_MESSAGE, SyncClient, SyncHttpError } from './http.js';
import * as outbox from './outbox.js';
import * as syncState from './syncState.js';
import { sendAuditHashes } from './auditWitness.js';
import { syncDistribution } from '../distribution/syncHook.js';
import { callerCanSeeSecret, redactOutput, secrecyOf } from '../users/secrecy.js';
import type { Store } from '../db/store.js';
import { blobPath } from '../attachments/blobFiles.js';
import { ensureOfficeKey } from './officeKey.js';
import { writeSealedCopy } from './sealing.js';

function visibleJson(value: unknown, store: Store): unknown {
  if (callerCanSeeSecret()) return value;
  return redactOutput(value, (id) => secrecyOf(store, id));
}

export interface SyncOptions {
  /** Sleep between successful cycles. */
  intervalMs?: number;
  /** First back-off step after a failure; doubles up to maxBackoffMs. */
  baseBackoffMs?: number;
  maxBackoffMs?: number;
  batchSize?: number;
  /** Attachment upload piece size (a broken upload resumes from the last whole piece). */
  blobPieceBytes?: number;
  timeoutMs?: number;
  random?: () => number;
  /** The HTTP client's fetch: Electron's net.fetch in the desktop app, Node's elsewhere. */
  fetch?: typeof fetch;
  /** Told after every cycle (the app's log file); never given entries or credentials. */
  onCycle?: (outcome: { ok: true; pushed: number; rejected: number; pulled: number } | { ok: false; offline: boolean; message: string }) => void;
}

export interface CycleResult {
  pushed: number;
  rejected: number;
  pulled: number;
}

const MAX_ROUNDS_WITHOUT_PROGRESS = 3;
/** A clock further off than this from the server's is shown to the clerk. */
const CLOCK_TOLERANCE_MS = 5 * 60_000;

export const POISON_REASON =
  'เซิร์ฟเวอร์ขัดข้องทุกครั้งที่ได้รับรายการนี้ จึงข้ามไปก่อนเพื่อให้รายการอื่นส่งต่อได้ (แจ้งผู้ดูแลเซิร์ฟเวอร์ แล้วกด "ส่งใหม่" เมื่อแก้ไขแล้ว)';

/** "นาฬิกาเครื่องนี้คลาดเคลื่อน …" when this PC's clock is off the server's by more than the tolerance. */
export function clockWarning(skewMs: number): string | null {
  const off = Math.abs(skewMs);
  if (off <= CLOCK_TOLERANCE_MS) return null;
  const days = Math.floor(off / 86_400_000);
  const hours = Math.floor((off % 86_400_000) / 3_600_000);
  const minutes = Math.floor((off % 3_600_000) / 60_000);
  const amount = days > 0 ? `${days} วัน${hours > 0 ? ` ${hours} ชั่วโมง` : ''}` : hours > 0 ? `${hours} ชั่วโมง ${minutes} นาที` : `${minutes} นาที`;
  return `นาฬิกาเครื่องนี้คลาดเคลื่อน ${amount} (${skewMs > 0 ? 'เร็วกว่า' : 'ช้ากว่า'}เวลาของเซิร์ฟเวอร์) กรุณาตั้งวันที่และเวลาของเครื่องให้ถูกต้อง เลขทะเบียนและปีของทะเบียนใช้วันที่ของเครื่องนี้`;
}

export const NEEDS_UPDATE_MESSAGE =
  'เซิร์ฟเวอร์ส่งข้อมูลชนิดใหม่ที่โปรแกรมรุ่นนี้ยังไม่รู้จัก กรุณาอัปเดตโปรแกรม Saraban Desk (ข้อมูลยังไม่หาย จะรับต่อจากจุดเดิมหลังอัปเดต)';

/** min(cap, base * 2^(n-1)), scaled by a random factor in [0.5, 1): "equal jitter". */
export function backoffDelay(failures: number, base: number, cap: number, random: () => number = Math.random): number {
  const exp = Math.min(cap, base * 2 ** Math.max(0, failures - 1));
  return Math.round(exp / 2 + (exp / 2) * random());
}

/** A server's own failure (500 and the like), not an outage: 502/503/504 mean "try later". */
function isServerFault(e: SyncHttpError): boolean {
  return e.status >= 500 && e.status !== 502 && e.status !== 503 && e.status !== 504;
}

export class SyncEngine {
  private readonly opts: Required<Omit<SyncOptions, 'fetch' | 'onCycle'>> & Pick<SyncOptions, 'fetch' | 'onCycle'>;
  private running: Promise<CycleResult> | null = null;
  private loopActive = false;
  private stopped = false;
  private wake: (() => void) | null = null;
  private timer: NodeJS.Timeout | null = null;
  private failures = 0;
  private online: boolean | null = null;
  private nextAttemptAt: Date | null = null;
  private readonly uploaded = new Set<string>();
  /** This PC's clock minus the server's, from the last answer (null before any answer). */
  private clockSkewMs: number | null = null;

  constructor(
    private readonly core: Core,
    opts: SyncOptions = {},
  ) {
    this.opts = {
      intervalMs: 30_000,
      baseBackoffMs: 2_000,
      maxBackoffMs: 5 * 60_000,
      batchSize: 250,
      blobPieceBytes: 1024 * 1024,
      timeoutMs: 60_000,
      random: Math.random,
      fetch: (...args: Parameters<typeof fetch>) => fetch(...args),
      ...opts,
    };
  }

  private get store() {
    return this.core.store;
  }

  private client(): SyncClient | null {
    const c = syncState.readConfig(this.store);
    return c ? new SyncClient({ baseUrl: c.serverUrl, credential: c.credential, timeoutMs: this.opts.timeoutMs, fetch: this.opts.fetch }) : null;
  }

  private nowIso(): string {
    return localIsoTimestamp(this.core.now());
  }

  // ---- the clerk's view ----

  status(): SyncStatus {
    const config = syncState.readConfig(this.store);
    const state = syncState.readState(this.store);
    const rejected: SyncRejectedItem[] = outbox.rejectedRows(this.store).map((r) => {
      let entry: Record<string, unknown> = {};
      try {
        entry = ((JSON.parse(r.payload) as { entry?: Record<string, unknown> }).entry ?? {}) as Record<string, unknown>;
      } catch {
        // keep the row visible even when its payload cannot be read
      }
      return {
        seq: r.seq,
        entityId: r.entity_id,
        op: r.op,
        kind: typeof entry.kind === 'string' ? entry.kind : null,
        year: typeof entry.year === 'number' ? entry.year : null,
        registerNo: typeof entry.registerNo === 'number' ? entry.registerNo : null,
        subject: typeof entry.subject === 'string' ? entry.subject : null,
        reason: r.reject_reason ?? 'เซิร์ฟเวอร์ไม่รับรายการนี้',
        createdAt: r.created_at,
      };
    });
    return {
      configured: config !== null,
      serverUrl: config?.serverUrl ?? null,
      orgName: config?.orgName ?? null,
      deviceId: config?.deviceId ?? null,
      state: !config ? 'not_configured' : this.running ? 'syncing' : this.online === false || state.last_error ? 'offline' : 'online',
      pending: outbox.pendingCount(this.store),
      lastSuccessAt: state.last_success_at,
      lastSuccessText: state.last_success_at ? formatThaiDateTime(state.last_success_at) : null,
      lastError: state.last_error,
      nextAttemptAt: this.nextAttemptAt ? localIsoTimestamp(this.nextAttemptAt) : null,
      clockWarning: this.clockSkewMs === null ? null : clockWarning(this.clockSkewMs),
      rejected,
    };
  }

  /** Enrols this desktop with a server using a one-time code; the credential is stored, never shown. */
  async enrol(serverUrl: string, code: string, deviceName: string): Promise<SyncStatus> {
    const client = new SyncClient({ baseUrl: serverUrl, timeoutMs: this.opts.timeoutMs, fetch: this.opts.fetch });
    let res;
    try {
      res = await client.enrol({
        code,
        deviceName: deviceName || hostname(),
        localDeviceId: this.core.deviceId,
        afterSeq: outbox.afterSeqForEnrolment(this.store),
      });
    } catch (e) {
      if (e instanceof SyncHttpError) throw new DomainError(e.status === 0 ? 'internal' : 'invalid_input', e.message, e.status === 0 ? undefined : { code: e.message });
      throw e;
    }
    syncState.saveConfig(this.store, {
      serverUrl,
      deviceId: res.deviceId,
      orgId: res.orgId,
      orgName: res.orgName,
      orgKind: res.orgKind,
      credential: res.credential,
      credentialExpiresAt: res.credentialExpiresAt,
      enrolledAt: this.nowIso(),
    });
    this.uploaded.clear();
    // The office's first PC makes the key for secret entries now (sync/officeKey.ts); later
    // PCs learn that one exists and wait for the admin's key file. The cycle tries again.
    await ensureOfficeKey(this.store, new SyncClient({ baseUrl: serverUrl, credential: res.credential, timeoutMs: this.opts.timeoutMs, fetch: this.opts.fetch }), this.nowIso()).catch(() => undefined);
    this.poke();
    return this.status();
  }

  retryRejected(seq: number): SyncStatus {
    const newSeq = outbox.requeueRejected(this.store, seq, this.nowIso());
    if (newSeq === null) throw new DomainError('not_found', 'ไม่พบรายการที่ถูกปฏิเสธนี้');
    this.poke();
    return this.status();
  }

  exportRejected(): SyncExport {
    const rows = outbox.rejectedRows(this.store, 100_000).map((r) => ({
      seq: r.seq,
      reason: r.reject_reason,
      code: r.reject_code,
      createdAt: r.created_at,
      op: r.op,
      // A secret entry's content stays hidden from a caller without the right (users/secrecy.ts).
      payload: visibleJson(JSON.parse(r.payload) as unknown, this.store),
    }));
    const stamp = this.nowIso().slice(0, 10);
    return { fileName: `saraban-rejected-${stamp}.json`, content: JSON.stringify({ exportedAt: this.nowIso(), items: rows }, null, 2) };
  }

  /** The organisation's devices and who holds each book, from the server (needs the network). */
  async listBooks(): Promise<OrgView> {
    const client = this.client();
    if (!client) throw new DomainError('conflict', 'เครื่องนี้ยังไม่ได้เชื่อมต่อเซิร์ฟเวอร์');
    try {
      const view = await client.org();
      const at = this.nowIso();
      this.store.tx(() => {
        for (const b of view.books) syncState.saveBook(this.store, b, at);
      });
      return view;
    } catch (e) {
      if (e instanceof SyncHttpError) throw new DomainError(e.status === 0 ? 'internal' : 'conflict', e.message);
      throw e;
    }
  }

  /** Revokes another PC of this organisation (lost or replaced), with the reason recorded on the server. */
  async revokeDevice(deviceId: string, reason: string): Promise<OrgView> {
    const client = this.client();
    if (!client) throw new DomainError('conflict', 'เครื่องนี้ยังไม่ได้เชื่อมต่อเซิร์ฟเวอร์');
    try {
      return await client.revokeDevice({ deviceId, reason });
    } catch (e) {
      if (e instanceof SyncHttpError) throw new DomainError(e.status === 404 ? 'not_found' : e.status === 0 ? 'internal' : 'conflict', e.message);
      throw e;
    }
  }

  /** Hands a register book this device holds to another device of the organisation. */
  async handover(kind: string, year: number, toDeviceId: string): Promise<void> {
    const client = this.client();
    if (!client) throw new DomainError('conflict', 'เครื่องนี้ยังไม่ได้เชื่อมต่อเซิร์ฟเวอร์');
    await this.syncNow();
    if (outbox.pendingCount(this.store) > 0) {
      throw new DomainError('conflict', 'ยังมีรายการที่ยังไม่ได้ส่งขึ้นเซิร์ฟเวอร์ ส่งข้อมูลให้หมดก่อนส่งมอบทะเบียน');
    }
    try {
      const book = await client.handover({ kind: kind as never, year, toDeviceId, throughSeq: outbox.lastSeq(this.store) });
      syncState.saveBook(this.store, book, this.nowIso());
    } catch (e) {
      if (e instanceof SyncHttpError) throw new DomainError('conflict', e.message);
      throw e;
    }
  }

  // ---- the loop ----

  start(): void {
    if (this.loopActive) return;
    this.loopActive = true;
    this.stopped = false;
    void this.loop();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.poke();
    // Wait briefly for a cycle in flight to record its answers; never hold up closing the app.
    if (this.running) {
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([this.running.catch(() => undefined), new Promise((r) => (timer = setTimeout(r, 2000)))]);
      clearTimeout(timer);
    }
  }

  /** Wakes the loop now (the clerk's button, the network coming back). */
  poke(): void {
    this.failures = 0;
    const w = this.wake;
    this.wake = null;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    w?.();
  }

  /** Runs one full cycle now (after the one in progress, if any) and reports it. */
  async syncNow(): Promise<CycleResult> {
    if (this.running) await this.running.catch(() => undefined);
    return this.runCycle();
  }

  private runCycle(): Promise<CycleResult> {
    if (this.running) return this.running;
    const p = this.cycle().finally(() => {
      if (this.running === p) this.running = null;
    });
    this.running = p;
    return p;
  }

  private sleep(ms: number): Promise<void> {
    this.nextAttemptAt = new Date(Date.now() + ms);
    return new Promise((resolve) => {
      this.wake = resolve;
      this.timer = setTimeout(() => {
        this.timer = null;
        this.wake = null;
        resolve();
      }, ms);
      this.timer.unref?.();
    });
  }

  private async loop(): Promise<void> {
    while (!this.stopped) {
      let delay = this.opts.intervalMs;
      if (syncState.readConfig(this.store)) {
        try {
          await this.runCycle();
          this.failures = 0;
        } catch (e) {
          if (this.stopped) break;
          if (e instanceof SyncHttpError && e.retryable) {
            this.failures++;
            delay = backoffDelay(this.failures, this.opts.baseBackoffMs, this.opts.maxBackoffMs, this.opts.random);
          } else if (!(e instanceof SyncHttpError)) {
            // A bug or a closed database: keep the app running, try again at the normal pace.
            this.failures = 0;
          }
        }
      }
      if (this.stopped) break;
      await this.sleep(delay);
    }
    this.nextAttemptAt = null;
    this.loopActive = false;
  }

  /** Compares this PC's clock (the one that dates entries) with the server's last Date header. */
  private noteClock(client: SyncClient): void {
    const t = client.lastServerTime;
    if (!t) return;
    // The app's clock may differ from the system's (tests, or a clock set inside the app).
    const appOffset = this.core.now().getTime() - Date.now();
    this.clockSkewMs = t.local + appOffset - t.server;
  }

  private async cycle(): Promise<CycleResult> {
    const client = this.client();
    if (!client) return { pushed: 0, rejected: 0, pulled: 0 };
    try {
      return await this.cycleWith(client);
    } finally {
      this.noteClock(client);
    }
  }

  private async cycleWith(client: SyncClient): Promise<CycleResult> {
    try {
      // Before the push: an older enrolment, or a PC whose enrolment could not reach the key step.
      // Best effort: without the key a secret entry goes withheld, as before; the push decides the cycle.
      await ensureOfficeKey(this.store, client, this.nowIso()).catch(() => undefined);
      const pushed = await this.pushAll(client);
      const pulled = await this.pullAll(client);
      // The audit trail's outside witness (sync/auditWitness.ts): best effort, never fails a cycle.
      if (!this.stopped) await sendAuditHashes(this.store).catch(() => undefined);
      await syncDistribution(this.core, client);
      this.online = true;
      if (!this.stopped) syncState.recordAttempt(this.store, this.nowIso(), null, true);
      this.opts.onCycle?.({ ok: true, ...pushed, pulled });
      return { ...pushed, pulled };
    } catch (e) {
      this.online = !(e instanceof SyncHttpError && e.status === 0);
      const message = e instanceof SyncHttpError ? e.message : e instanceof Error ? e.message : String(e);
      if (!this.stopped && this.store.sqlite.open) syncState.recordAttempt(this.store, this.nowIso(), message || OFFLINE_MESSAGE, false);
      this.opts.onCycle?.({ ok: false, offline: !this.online, message });
      throw e;
    }
  }

  private async pushAll(client: SyncClient): Promise<{ pushed: number; rejected: number }> {
    let pushed = 0;
    let rejected = 0;
    let stuck = 0;
    // Poison-batch search: a 500 that repeats for the same rows halves the batch until the one
    // item the server cannot take is alone; that item is set aside and the queue goes on.
    let limit = this.opts.batchSize;
    let failedOnce: string | null = null;
    while (!this.stopped) {
      const rows = outbox.pendingBatch(this.store, limit); // a read, no transaction held
      if (rows.length === 0) break;
      for (const sha of outbox.referencedBlobs(rows)) if (!this.uploaded.has(sha)) await this.uploadOne(client, sha);
      let res;
      try {
        res = await client.pushRaw(outbox.pushBody(rows));
      } catch (e) {
        if (!(e instanceof SyncHttpError) || !isServerFault(e)) throw e;
        const batchId = `${(rows[0] as outbox.OutboxRow).seq}:${rows.length}`;
        if (failedOnce !== batchId) {
          failedOnce = batchId; // once may be chance: the same rows again first
          continue;
        }
        failedOnce = null;
        if (rows.length > 1) {
          limit = Math.ceil(rows.length / 2);
          continue;
        }
        await this.setAsidePoison(client, rows[0] as outbox.OutboxRow, e);
        rejected++;
        limit = this.opts.batchSize;
        continue;
      }
      failedOnce = null;
      const at = this.nowIso();
      outbox.applyPushResults(this.store, res.results, at);
      const progressed = res.results.length;
      pushed += res.results.filter((r) => r.status === 'accepted').length;
      rejected += res.results.filter((r) => r.status === 'rejected').length;
      if (res.gap && res.gap.expected < (rows[0] as outbox.OutboxRow).seq) {
        // The server lost rows it had acknowledged (restored from a backup): send them again.
        outbox.resendFrom(this.store, res.gap.expected);
      } else if (res.gap) {
        throw new SyncHttpError(409, 'gap', `ลำดับข้อมูลไม่ต่อเนื่อง เซิร์ฟเวอร์รอรายการที่ ${res.gap.expected}`, false);
      }
      if (res.missingBlob) {
        this.uploaded.delete(res.missingBlob.sha256);
        await this.uploadOne(client, res.missingBlob.sha256);
      }
      stuck = progressed === 0 ? stuck + 1 : 0;
      if (stuck >= MAX_ROUNDS_WITHOUT_PROGRESS) throw new SyncHttpError(409, 'stuck', 'ส่งข้อมูลไม่สำเร็จ เซิร์ฟเวอร์ไม่รับรายการถัดไป', false);
      if (limit < this.opts.batchSize) limit = Math.min(this.opts.batchSize, limit * 2);
    }
    return { pushed, rejected };
  }

  /**
   * The server fails on this one row every time. Its seq still has to reach the server (seqs
   * run without a gap), so a stand-in the server is sure to answer goes in its place; the row
   * stays in this PC, shown to the clerk with its reason. Should the stand-in fail too, the
   * server is down for everything, not for this row: nothing is set aside.
   */
  private async setAsidePoison(client: SyncClient, row: outbox.OutboxRow, cause: SyncHttpError): Promise<void> {
    const standIn = `{"items":[{"seq":${row.seq},"key":"poison:${row.seq}:${row.idempotency_key.length}","entity":"poison","entityId":"poison","op":"skip","payload":null}]}`;
    try {
      await client.pushRaw(standIn);
    } catch {
      throw cause;
    }
    outbox.markPoison(this.store, row.seq, POISON_REASON, this.nowIso());
  }

  private async pullAll(client: SyncClient): Promise<number> {
    let total = 0;
    for (;;) {
      const cursor = syncState.readState(this.store).pull_cursor;
      const page = await client.pull(cursor, { ackFloor: outbox.ackFloor(this.store) });
      const unknown = syncState.applyPull(this.store, page.items, page.cursor, this.nowIso(), syncState.readConfig(this.store)?.deviceId ?? '');
      if (unknown) throw new SyncHttpError(426, 'needs_update', NEEDS_UPDATE_MESSAGE, false);
      total += page.items.length;
      if (!page.more || this.stopped) return total;
    }
  }

  // ---- attachments: uploaded before the entries that reference them ----

  private attachmentPath(sha256: string): string {
    return blobPath(this.core.dataDir, sha256);
  }

  private async uploadOne(client: SyncClient, sha256: string): Promise<void> {
    let path = this.attachmentPath(sha256);
    // A secret entry's file goes as its encrypted copy (sync/sealing.ts), made again for each
    // attempt (the same bytes every time) and removed once sent.
    const sealedCopy = existsSync(path) ? null : writeSealedCopy(this.store, sha256);
    if (sealedCopy) path = sealedCopy;
    try {
      await this.uploadFile(client, sha256, path);
    } finally {
      if (sealedCopy) rmSync(sealedCopy, { force: true });
    }
  }

  private async uploadFile(client: SyncClient, sha256: string, path: string): Promise<void> {
    if (!existsSync(path)) {
      throw new SyncHttpError(400, 'attachment_missing', `ไม่พบไฟล์แนบในเครื่อง (${sha256.slice(0, 12)}…) จึงยังส่งรายการที่อ้างถึงไม่ได้`, false);
    }
    const size = statSync(path).size;
    let { offset, complete } = await client.blobState(sha256);
    const fd = openSync(path, 'r');
    try {
      while (!complete) {
        const n = Math.min(this.opts.blobPieceBytes, size - offset);
        const piece = Buffer.alloc(n);
        if (n > 0) readSync(fd, piece, 0, n, offset);
        try {
          ({ offset, complete } = await client.putBlob(sha256, offset, size, piece));
        } catch (e) {
          if (e instanceof SyncHttpError && e.code === 'offset_mismatch' && typeof e.extra.offset === 'number') {
            offset = e.extra.offset; // resume where the server really is
            continue;
          }
          throw e;
        }
      }
    } finally {
      closeSync(fd);
    }
    this.uploaded.add(sha256);
  }
}
