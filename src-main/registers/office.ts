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
  const r = store.raw<{ id: number; name: string; active: number }>('SELECT id, name, active FROM groups WHERE id = ?', [id])[0];
  return r ? toGroup(r) : undefined;
}

function uniqueViolation(e: unknown): boolean {
  return e instanceof Error && /UNIQUE constraint failed/.test(e.message);
}

/**
 * Saving one settings row (a group, a person, a contact): the insert or update, its audit event
 * (before and after) in the same transaction, and a duplicate name refused in Thai.
 */
function saveSettingRow<T>(
  store: Store,
  row: {
    entity: 'group' | 'person' | 'contact';
    id: number | null;
    get: (id: number) => T | undefined;
    insert: () => number;
    update: (id: number) => void;
    notFound: string;
    duplicateName: string;
    /** Checks that must hold inside the same transaction (e.g. the person's group exists). */
    check?: () => void;
  },
): T {
  return store.tx(() => {
    row.check?.();
    try {
      let before: T | undefined;
      let id = row.id;
      if (id === null) {
        id = row.insert();
      } else {
        before = row.get(id);
        if (!before) throw new DomainError('not_found', row.notFound);
        row.update(id);
      }
      const after = row.get(id) as T;
      appendAudit(store, { action: 'settings', entity: row.entity, entityId: String(id), ...(before ? { before } : {}), after });
      return after;
    } catch (e) {
      if (uniqueViolation(e)) throw invalid('name', row.duplicateName);
      throw e;
    }
  });
}

export function saveGroup(store: Store, input: z.output<typeof saveGroupInput>): Group {
  const values = { name: input.name, active: input.active ? 1 : 0 };
  return saveSettingRow(store, {
    entity: 'group',
    id: input.id,
    get: (id) => getGroup(store, id),
    insert: () => {
      const sort = store.first(store.q.selectFrom('groups').select((eb) => eb.fn.countAll<number>().as('n')))?.n ?? 0;
      return Number(store.run(store.q.insertInto('groups').values({ ...values, sort })).lastInsertRowid);
    },
    update: (id) => store.run(store.q.updateTable('groups').set(values).where('id', '=', id)),
    notFound: 'ไม่พบกลุ่มนี้',
    duplicateName: 'มีกลุ่มชื่อนี้อยู่แล้ว',
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
  const values = { name: input.name, group_id: input.groupId, active: input.active ? 1 : 0 };
  return saveSettingRow(store, {
    entity: 'person',
    id: input.id,
    check: () => {
      if (!getGroup(store, input.groupId)) throw invalid('groupId', 'ไม่พบกลุ่มที่เลือก');
    },
    get: (id) => getPerson(store, id),
    insert: () => Number(store.run(store.q.insertInto('people').values(values)).lastInsertRowid),
    update: (id) => store.run(store.q.updateTable('people').set(values).where('id', '=', id)),
    notFound: 'ไม่พบบุคคลนี้',
    duplicateName: 'มีบุคคลชื่อนี้ในกลุ่มนี้อยู่แล้ว',
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

function getContact(store: Store, id: number): Contact | undefined {
  const r = store.first(store.q.selectFrom('contacts').select(['id', 'name', 'kind', 'active']).where('id', '=', id));
  return r ? toContact(r) : undefined;
}

export function saveContact(store: Store, input: z.output<typeof saveContactInput>): Contact {
  const values = { name: input.name, kind: input.kind, active: input.active ? 1 : 0 };
  return saveSettingRow(store, {
    entity: 'contact',
    id: input.id,
    get: (id) => getContact(store, id),
    insert: () => Number(store.run(store.q.insertInto('contacts').values(values)).lastInsertRowid),
    update: (id) => store.run(store.q.updateTable('contacts').set(values).where('id', '=', id)),
    notFound: 'ไม่พบรายชื่อนี้',
    duplicateName: 'มีรายชื่อนี้อยู่แล้ว',
  });
}
