// The secret right on writes, generated from the contract: every write whose definition names
// entries (its secret rule) is called on a secret letter by a user of the method's role without
// the secret right, and must be refused in Thai with nothing changed; the same call on a plain
// letter goes through, so the refusal comes from the secrecy and not from a bad input.
// A new write that names an entry must get a case here (CASES is typed by the contract), and a
// write without a secret rule does not compile (src-shared/contract.ts).
import { afterEach, describe, expect, it } from 'vitest';
import { SECRET_WRITE_FORBIDDEN } from '../../src-main/api/dispatch.js';
import { contract, METHOD_NAMES, type Access, type EntryWriteMethod, type InputOf } from '../../src-shared/contract.js';
import type { Entry } from '../../src-shared/domain.js';
import { openTestApp, type TestApp, type TestCaller } from '../support/core.js';
import { incoming, outgoing } from '../support/entries.js';
import { pdfBytes } from './attachments-files.js';

let app: TestApp | undefined;
afterEach(() => {
  app?.dispose();
  app = undefined;
});

/** A PDF staged by the caller, as the renderer uploads one before attaching it. */
async function stagedPdf(c: TestCaller, text: string): Promise<string> {
  const bytes = pdfBytes(text);
  const begun = await c.must('attachments.stageBegin', { name: 'แนบ.pdf', size: bytes.length });
  await c.must('attachments.stageChunk', { uploadId: begun.uploadId, offset: 0, data: bytes.toString('base64') });
  return (await c.must('attachments.stageFinish', { uploadId: begun.uploadId })).stagedId;
}

/** For each write that names entries: its input aimed at the target letter (an incoming one). */
const CASES: { [M in EntryWriteMethod]: (target: Entry, caller: TestCaller) => Promise<InputOf<M>> } = {
  'entries.create': async (t) => ({ ...outgoing('ตอบหนังสือ'), replyToId: t.id }) as InputOf<'entries.create'>,
  'entries.update': async (t) => ({
    id: t.id,
    expectedVersion: t.version,
    fields: incoming('แก้เรื่องโดยไม่มีสิทธิ์', { secrecy: t.secrecy }),
  }),
  'entries.cancel': async (t) => ({ id: t.id, expectedVersion: t.version, reason: 'ยกเลิกโดยไม่มีสิทธิ์' }),
  'attachments.change': async (t, c) => ({
    entryId: t.id,
    expectedVersion: t.version,
    attachments: [{ stagedId: await stagedPdf(c, t.id), description: 'ไฟล์ที่เพิ่มโดยไม่มีสิทธิ์' }],
  }),
};

/** The least role that may call a method of this level (all writes today are the clerk's). */
const roleFor = (access: Access) => (access === 'admin' ? 'admin' : 'clerk');

/** Everything a write could change, as the admin (who has the secret right) sees it. */
async function snapshot(a: TestApp, id: string): Promise<unknown> {
  const counts = ['entries', 'entry_versions', 'entry_attachments', 'outbox'].map(
    (t) => a.core.store.raw<{ n: number }>(`SELECT count(*) AS n FROM ${t}`)[0]?.n,
  );
  // The audit trail grows with the admin's own reads (none today); count only entry events.
  const auditOfEntries = a.core.store.raw<{ n: number }>("SELECT count(*) AS n FROM audit_events WHERE entity = 'entry'")[0]?.n;
  return { details: await a.must('entries.get', { id }), counts, auditOfEntries };
}

describe('the secret right on every write that names an entry', () => {
  it('covers exactly the contract methods that declare entries', () => {
    const declared = METHOD_NAMES.filter((m) => typeof contract[m].entries === 'function');
    expect(Object.keys(CASES).sort()).toEqual([...declared].sort());
    // And every write declares its rule (a function, or null for a write that names no entry).
    for (const m of METHOD_NAMES) {
      const spec = contract[m];
      if (spec.access === 'register' || spec.access === 'admin') expect([m, 'entries' in spec]).toEqual([m, true]);
    }
  });

  for (const method of Object.keys(CASES) as EntryWriteMethod[]) {
    it(`${method}: refused on a secret letter without the right, changing nothing`, async () => {
      app = openTestApp();
      const role = roleFor(contract[method].access);
      const caller = await app.asUser(role, { canSeeSecret: false });
      const secret = await app.must('entries.create', incoming('ลับ: ย้ายข้าราชการ', { secrecy: 'secret' }));
      const plain = await app.must('entries.create', incoming('ประชุมผู้บริหาร'));
      const input = (await CASES[method](secret, caller)) as never;
      const before = await snapshot(app, secret.id);

      const refused = await caller.call(method, input);
      expect(refused.ok ? 'ok' : refused.error).toEqual({ code: 'forbidden', message: SECRET_WRITE_FORBIDDEN });
      expect(await snapshot(app, secret.id)).toEqual(before);

      // The secret right lifts the refusal; and the same write on a plain letter goes through.
      const allowed = await app.asUser(role, { canSeeSecret: true });
      const ownInput = (await CASES[method](secret, allowed)) as never;
      const withRight = await allowed.call(method, ownInput);
      expect(withRight.ok ? 'ok' : withRight.error).toBe('ok');
      const plainInput = (await CASES[method](plain, caller)) as never;
      const onPlain = await caller.call(method, plainInput);
      expect(onPlain.ok ? 'ok' : onPlain.error).toBe('ok');
    });
  }
});
