// With synchronous=FULL each commit fsyncs the WAL once: a registration must be exactly one
// commit (entry, version, outbox and audit rows together), and the WAL checkpoint (which writes
// and fsyncs the database file) must wait until the clerk pauses, never ride on a registration.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { openTestApp, type TestApp } from '../support/core.js';
import { incoming, outgoing } from '../support/entries.js';

let app: TestApp | undefined;
afterEach(() => app?.dispose());

interface WalFrames {
  /** The WAL's salt: it changes when a checkpoint lets the next write start the WAL over. */
  salt: string;
  frames: number;
  commits: number;
}

function readWal(dataDir: string): WalFrames {
  const wal = readFileSync(join(dataDir, 'register.sqlite-wal'));
  const pageSize = wal.readUInt32BE(8);
  const salt = wal.subarray(16, 24).toString('hex');
  let frames = 0;
  let commits = 0;
  for (let off = 32; off + 24 + pageSize <= wal.length; off += 24 + pageSize) {
    // Frames left from before the WAL restarted carry the old salt: not part of this log.
    if (wal.subarray(off + 8, off + 16).toString('hex') !== salt) break;
    frames++;
    // The frame header's second word is the database size after a commit, 0 otherwise.
    if (wal.readUInt32BE(off + 4) !== 0) commits++;
  }
  return { salt, frames, commits };
}

describe('one fsync per registration', () => {
  it('registers an entry in exactly one commit, with no checkpoint on the way', async () => {
    app = openTestApp();
    // The first registration of a year also opens its book; measure the ones after it.
    await app.must('entries.create', incoming('เรื่องแรก'));
    await app.must('entries.create', outgoing('เรื่องแรกที่ส่ง'));
    for (let i = 0; i < 100; i++) {
      const before = readWal(app.dataDir);
      await app.must('entries.create', i % 2 === 0 ? incoming(`เรื่องที่ ${i}`) : outgoing(`หนังสือเวียนที่ ${i}`, i % 4 === 1));
      const after = readWal(app.dataDir);
      // Same WAL (no checkpoint restarted it) and one more commit frame.
      expect(after.salt).toBe(before.salt);
      expect(after.commits - before.commits).toBe(1);
    }
  });

  it('checkpoints the WAL once the clerk pauses, and starts it over in the pause, not in the next registration', async () => {
    app = openTestApp();
    for (let i = 0; i < 5; i++) await app.must('entries.create', incoming(`เรื่องที่ ${i}`));
    const walBefore = readWal(app.dataDir);
    expect(walBefore.commits).toBeGreaterThanOrEqual(5);
    // The idle checkpoint (1 s after the last write) copied every frame back and started the
    // WAL over (a new salt, and one write that changes nothing): starting over syncs the WAL's
    // header, a second fsync the clerk's next registration no longer pays.
    await vi.waitFor(() => expect(readWal((app as TestApp).dataDir).salt).not.toBe(walBefore.salt), { timeout: 10_000, interval: 100 });
    const walPaused = readWal(app.dataDir);
    expect(walPaused.commits).toBe(1);
    await app.must('entries.create', incoming('หลังพัก'));
    const walAfter = readWal(app.dataDir);
    expect(walAfter.salt).toBe(walPaused.salt);
    expect(walAfter.commits).toBe(2);
  });

  it('returns the entry as it was stored, without reading it back', async () => {
    app = openTestApp();
    const group = await app.must('groups.save', { name: 'กลุ่มอำนวยการ' });
    const person = await app.must('people.save', { name: 'นางสาวสมฤดี ขันตั้ง', groupId: group.id });
    const created = [
      await app.must('entries.create', incoming('มีกลุ่มและบุคคล', { groupId: group.id, personId: person.id, urgency: 'most_urgent', remark: 'ด่วน' })),
      // The person's group is filled in for the clerk.
      await app.must('entries.create', incoming('มีแต่บุคคล', { personId: person.id, secrecy: 'secret' })),
      await app.must('entries.create', incoming('ไม่มีกลุ่ม')),
      await app.must('entries.create', outgoing('หนังสือเวียน', true)),
      await app.must('entries.create', { kind: 'order', docDate: '2023-11-16', subject: 'แต่งตั้งคณะกรรมการ', signer: 'ผอ.สพป.' }),
      await app.must('entries.create', { kind: 'certificate', docDate: '2023-11-16', subject: 'ค่ายวิทยาศาสตร์', recipient: 'เด็กหญิงใจดี มีสุข' }),
    ];
    expect(created[1]?.groupName).toBe('กลุ่มอำนวยการ');
    for (const entry of created) expect(entry).toEqual((await app.must('entries.get', { id: entry.id })).entry);
  });
});
