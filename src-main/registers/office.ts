// The office profile and its directory: work groups, people, senders and recipients.
import { sql } from 'kysely';
import type { z } from 'zod';
import type { Contact, ContactKind, Group, OfficeProfile, Person, RegisterKind } from '../../src-shared/domain.js';
import type { listContactsInput, officeInput, saveContactInput, saveGroupInput, savePersonInput } from '../../src-shared/schemas.js';
import type { Store } from '../db/store.js';
import { DomainError, invalid } from '../errors.js';
import { appendAudit } from '../users/audit.js';

export const DEFAULT_OFFICE: OfficeProfile = {
  name: 'สำนักงานเขตพื้นที่การศึกษา',
  shortName: 'สพท.',
  documentPrefix: 'ศธ',
  numberSpacing: 'spaced',
  digits: 'arabic',
  certificatePattern: 'สพท. {n:4}/{year}',
};

/**
 * A fresh install's office is a placeholder ("ที่ ศธ/1", "สพท. 0001/2566"). Numbers written on
 * paper are final, so none of the office's own numbers is issued before it is set up.
 */
export function officeIsSetUp(store: Store): boolean {
  const office = getOffice(store);
  return (
    store.getMeta('office') !== undefined &&
    office.documentPrefix.trim() !== DEFAULT_OFFICE.documentPrefix &&
    office.shortName.trim() !== DEFAULT_OFFICE.shortName
  );
}

export const OFFICE_NOT_SET_UP =
  'ยังไม่ได้ตั้งค่าหน่วยงาน (ชื่อย่อและรหัสหนังสือ เช่น ศธ04051) จึงยังออกเลขหนังสือส่ง คำสั่ง และเกียรติบัตรไม่ได้ กรุณาให้ผู้ดูแลระบบตั้งค่าที่ ตั้งค่าระบบ › หน่วยงาน (หรือขั้นตอนเริ่มใช้งาน)';

/** Incoming letters carry the sender's number and may be registered before the set-up. */
export function requireOfficeSetUp(store: Store, kind: RegisterKind): void {
  if (kind !== 'incoming' && !officeIsSetUp(store)) throw new DomainError('conflict', OFFICE_NOT_SET_UP);
}

export function getOffice(store: Store): OfficeProfile {
  const raw = store.getMeta('office');
  return raw ? { ...DEFAULT_OFFICE, ...(JSON.parse(raw) as Partial<OfficeProfile>) } : DEFAULT_OFFICE;
}

export function saveOffice(store: Store, input: z.output<typeof officeInput>): OfficeProfile {
  const before = getOffice(store);
  store.tx(() => {
    store.setMeta('office', JSON.stringify(input));
    appendAudit(store, { action: 'settings', entity: 'office', before, after: getOffice(store) });
  });
  return getOffice(store);
}

interface GroupRow { id: number; name: string; active: number }
const toGroup = (r: GroupRow): Group => ({ id: r.id, name: r.name, active: r.active === 1 });

export function listGroups(store: Store, includeInactive: boolean): Group[] {
  let q = store.q.selectFrom('groups').select(['id', 'name', 'active']).orderBy('sort').orderBy('id');
  if (!includeInactive) q = q.where('active', '=', 1);
  return store.all(q).map(toGroup);
}

export function getGroup(store: Store, id: number): Group | undefined {
  const r = store.first(store.q.selectFrom('groups').select(['id', 'name', 'active']).where('id', '=', id));
  return r ? toGroup(r) : undefined;
}

function uniqueViolation(e: unknown): boolean {
  return e instanceof Error && /UNIQUE constraint failed/.test(e.message);
}

export function saveGroup(store: Store, input: z.output<typeof saveGroupInput>): Group {
  return store.tx(() => {
    try {
      if (input.id === null) {
        const sort = store.first(store.q.selectFrom('groups').select((eb) => eb.fn.countAll<number>().as('n')))?.n ?? 0;
        const id = Number(store.run(store.q.insertInto('groups').values({ name: input.name, active: input.active ? 1 : 0, sort })).lastInsertRowid);
        appendAudit(store, { action: 'settings', entity: 'group', entityId: String(id), after: getGroup(store, id) });
        return getGroup(store, id) as Group;
      }
      const before = getGroup(store, input.id);
      if (!before) throw new DomainError('not_found', 'ไม่พบกลุ่มนี้');
      store.run(store.q.updateTable('groups').set({ name: input.name, active: input.active ? 1 : 0 }).where('id', '=', input.id));
      appendAudit(store, { action: 'settings', entity: 'group', entityId: String(input.id), before, after: getGroup(store, input.id) });
      return getGroup(store, input.id) as Group;
    } catch (e) {
      if (uniqueViolation(e)) throw invalid('name', 'มีกลุ่มชื่อนี้อยู่แล้ว');
      throw e;
    }
  });
}

interface PersonRow { id: number; name: string; group_id: number; active: number }
const toPerson = (r: PersonRow): Person => ({ id: r.id, name: r.name, groupId: r.group_id, active: r.active === 1 });

export function listPeople(store: Store, includeInactive: boolean): Person[] {
  let q = store.q.selectFrom('people').select(['id', 'name', 'group_id', 'active']).orderBy('group_id').orderBy('name');
  if (!includeInactive) q = q.where('active', '=', 1);
  return store.all(q).map(toPerson);
}

export function getPerson(store: Store, id: number): Person | undefined {
  const r = store.first(store.q.selectFrom('people').select(['id', 'name', 'group_id', 'active']).where('id', '=', id));
  return r ? toPerson(r) : undefined;
}

export function savePerson(store: Store, input: z.output<typeof savePersonInput>): Person {
  return store.tx(() => {
    if (!getGroup(store, input.groupId)) throw invalid('groupId', 'ไม่พบกลุ่มที่เลือก');
    const values = { name: input.name, group_id: input.groupId, active: input.active ? 1 : 0 };
    try {
      if (input.id === null) {
        const id = Number(store.run(store.q.insertInto('people').values(values)).lastInsertRowid);
        appendAudit(store, { action: 'settings', entity: 'person', entityId: String(id), after: getPerson(store, id) });
        return getPerson(store, id) as Person;
      }
      const before = getPerson(store, input.id);
      if (!before) throw new DomainError('not_found', 'ไม่พบบุคคลนี้');
      store.run(store.q.updateTable('people').set(values).where('id', '=', input.id));
      appendAudit(store, { action: 'settings', entity: 'person', entityId: String(input.id), before, after: getPerson(store, input.id) });
      return getPerson(store, input.id) as Person;
    } catch (e) {
      if (uniqueViolation(e)) throw invalid('name', 'มีบุคคลชื่อนี้ในกลุ่มนี้อยู่แล้ว');
      throw e;
    }
  });
}

interface ContactRow { id: number; name: string; kind: string; active: number }
const toContact = (r: ContactRow): Contact => ({ id: r.id, name: r.name, kind: r.kind as ContactKind, active: r.active === 1 });

export function escapeLike(s: string): string {
  return s.replace(/[\\%_]/g, (c) => `\\${c}`);
}

export function listContacts(store: Store, input: z.output<typeof listContactsInput>): Contact[] {
  let q = store.q.selectFrom('contacts').select(['id', 'name', 'kind', 'active']).orderBy('kind', 'desc').orderBy('name').limit(input.limit);
  if (!input.includeInactive) q = q.where('active', '=', 1);
  if (input.kind) q = q.where('kind', '=', input.kind);
  if (input.q) q = q.where(sql<boolean>`name LIKE ${`%${escapeLike(input.q)}%`} ESCAPE '\\'`);
  return store.all(q).map(toContact);
}

export function saveContact(store: Store, input: z.output<typeof saveContactInput>): Contact {
  return store.tx(() => {
    const values = { name: input.name, kind: input.kind, active: input.active ? 1 : 0 };
    try {
      if (input.id === null) {
        const id = Number(store.run(store.q.insertInto('contacts').values(values)).lastInsertRowid);
        appendAudit(store, { action: 'settings', entity: 'contact', entityId: String(id), after: toContact({ id, ...values }) });
        return toContact({ id, ...values });
      }
      const res = store.run(store.q.updateTable('contacts').set(values).where('id', '=', input.id));
      if (res.changes === 0) throw new DomainError('not_found', 'ไม่พบรายชื่อนี้');
      appendAudit(store, { action: 'settings', entity: 'contact', entityId: String(input.id), after: toContact({ id: input.id, ...values }) });
      return toContact({ id: input.id, ...values });
    } catch (e) {
      if (uniqueViolation(e)) throw invalid('name', 'มีรายชื่อนี้อยู่แล้ว');
      throw e;
    }
  });
}
