// Issue 14, reproduction 4: an attacker with the register file edits an event AND recomputes
// every later hash and the recorded head. The chain then links again; only an outside witness
// (the central server's copy of every hash, or the heads written into the backups) finds it.
import Database from 'better-sqlite3';
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { canonicalJson, GENESIS, verifyAuditDb, type AuditRow } from '../../src-main/users/audit.js';
import { startAuditWatch } from '../../src-main/users/auditWitnessCheck.js';
import { openTestApp, type TestApp } from '../support/core.js';
import { incoming } from '../support/entries.js';
import { api, createOrg, credentialOf, enrol, startServer, type ServerProcess } from '../support/server/centralServer.js';
import { waitFor } from '../support/waitFor.js';

const cleanup: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const f of cleanup.splice(0).reverse()) await f();
});

function device(): TestApp {
  const app = openTestApp();
  cleanup.push(() => app.dispose());
  return app;
}

/** What an attacker with the file and this source code can do: rewrite an event and re-chain. */
function rewriteAndRechain(file: string, seq: number, from: string, to: string): void {
  const db = new Database(file);
  db.exec('DROP TRIGGER audit_events_no_update');
  db.prepare('UPDATE audit_events SET after = replace(after, ?, ?) WHERE seq = ?').run(from, to, seq);
  let prev = GENESIS;
  for (const r of db.prepare('SELECT * FROM audit_events ORDER BY seq').all() as AuditRow[]) {
    const body = canonicalJson({
      seq: r.seq, at: r.at, actor: r.actor, action: r.action, entity: r.entity, entityId: r.entity_id,
      before: r.before === null ? null : JSON.parse(r.before), after: r.after === null ? null : JSON.parse(r.after), secret: r.secret,
    });
    const hash = createHash('sha256').update(prev).update(body).digest('hex');
    db.prepare('UPDATE audit_events SET prev_hash = ?, hash = ? WHERE seq = ?').run(prev, hash, r.seq);
    prev = hash;
  }
  const last = db.prepare('SELECT max(seq) AS m FROM audit_events').get() as { m: number };
  db.prepare("UPDATE meta SET value = ? WHERE key = 'audit_head'").run(`${last.m}:${prev}`);
  db.exec("CREATE TRIGGER audit_events_no_update BEFORE UPDATE ON audit_events BEGIN SELECT RAISE(ABORT, 'audit events are append-only'); END");
  expect(verifyAuditDb(db).ok).toBe(true); // the chain alone is fooled
  db.close();
}

async function seqOf(app: TestApp, entryId: string): Promise<number> {
  return app.core.store.raw<{ seq: number }>("SELECT seq FROM audit_events WHERE entity_id = ? AND action = 'entry.create'", [entryId])[0]?.seq ?? 0;
}

describe('the audit trail\'s outside witness', () => {
  it('the server keeps every event\'s hash from sync, and ตรวจสอบ finds a rewritten, re-chained event by it', async () => {
    const s: ServerProcess = await startServer();
    cleanup.push(() => s.kill());
    const { code } = await createOrg(s, 'สพป.ทดสอบพยาน');
    let app = device();
    await enrol(app, s.url, code);
    const e = await app.must('entries.create', incoming('ขอความอนุเคราะห์ข้อมูลนักเรียน'));
    for (let i = 0; i < 3; i++) await app.must('entries.create', incoming(`เรื่องถัดไป ${i}`));
    await app.must('sync.now', {});
    const target = await seqOf(app, e.id);
    const held = await api(s.url, '/v1/audit/hashes', { credential: credentialOf(app) });
    const total = app.core.store.raw<{ n: number }>('SELECT count(*) AS n FROM audit_events')[0]?.n ?? 0;
    expect((held.json.items as unknown[]).length).toBe(total);
    expect((await app.must('audit.verify', {})).witnesses).toMatchObject({ server: 'matched', serverChecked: total });

    app.core.close();
    rewriteAndRechain(join(app.dataDir, 'register.sqlite'), target, 'ขอความอนุเคราะห์ข้อมูลนักเรียน', 'เรื่องที่ถูกเปลี่ยน');
    app = app.reopen();
    cleanup.push(() => app.dispose());
    const r = await app.must('audit.verify', {});
    expect(r.ok).toBe(false);
    expect(r.firstBreak?.seq).toBe(target);
    expect(r.firstBreak?.reason).toContain('เซิร์ฟเวอร์');
    expect(r.witnesses?.server).toBe('mismatch');
    // The server's copy is append-only: sending the rewritten hashes again does not replace it.
    await app.must('sync.now', {});
    expect((await app.must('audit.verify', {})).firstBreak?.seq).toBe(target);
  });

  it('without a server, the heads written into the backups find it, and the check at start raises a notice until an admin acknowledges it', async () => {
    let app = device();
    const e = await app.must('entries.create', incoming('หนังสือที่จะถูกแก้ย้อนหลัง'));
    await app.must('entries.create', incoming('หนังสือถัดไป'));
    const backup = await app.must('backup.run', {});
    const target = await seqOf(app, e.id);
    app.core.close();
    rewriteAndRechain(join(app.dataDir, 'register.sqlite'), target, 'หนังสือที่จะถูกแก้ย้อนหลัง', 'เรื่องอื่น');
    app = app.reopen();
    cleanup.push(() => app.dispose());
    const r = await app.must('audit.verify', {});
    expect(r).toMatchObject({ ok: false, firstBreak: { seq: target }, witnesses: { server: 'not_configured', backupsChecked: 1 } });
    expect(r.firstBreak?.reason).toContain('ชุดสำรอง');
    expect(backup.name).toMatch(/manual$/);

    // The check at start (no one pressed ตรวจสอบ) finds it too: admins see the notice.
    app = app.reopen();
    cleanup.push(() => app.dispose());
    startAuditWatch(app.core, { firstCheckMs: 1 });
    await waitFor('the notice', async () => (await app.must('audit.alert', {})).broken, { timeoutMs: 20_000 });
    const alert = await app.must('audit.alert', {});
    expect(alert.firstBreak?.seq).toBe(target);
    const clerk = await app.asUser('clerk');
    expect((await clerk.call('audit.acknowledge', {})).ok).toBe(false);
    expect((await app.must('audit.acknowledge', {})).broken).toBe(false);
    expect((await app.must('audit.list', { pageSize: 1 })).rows[0]).toMatchObject({ action: 'audit.acknowledge', after: { seq: target } });
    // The next daily check finds the same break: it stays acknowledged.
    await app.must('audit.verify', {});
    expect((await app.must('audit.alert', {})).broken).toBe(false);
  });
});
