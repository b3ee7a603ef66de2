// The demo office: the seed office's profile, directory and register rows from the fixtures,
// registered through the real engine on the day they were registered (16 Nov 2566).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { EntryFields } from '../../src-shared/schemas.js';
import { entryFields } from '../../src-shared/schemas.js';
import { beYearOf } from '../../src-shared/thai.js';
import type { Core } from '../core.js';
import { DomainError } from '../errors.js';
import { bundledFixturesDir } from '../paths.js';
import { setNextNumber } from './books.js';
import { insertEntries } from './entries.js';
import { listGroups, listPeople, saveContact, saveGroup, saveOffice, savePerson } from './office.js';

/** The shape of ../shared/fixtures/office-cma5.json. */
export interface OfficeFixture {
  office: { name: string; shortName: string; documentPrefix: string };
  groups: string[];
  people: { name: string; group: string }[];
  schools: string[];
  agencies: string[];
}

/** One row of ../shared/fixtures/{incoming,outgoing}-2566.json. */
export interface RowFixture {
  registerNo: number;
  documentNo: string;
  documentDate: string;
  from: string;
  to: string;
  subject: string;
  group: string;
  person: string;
  remark?: string;
}

interface RegisterFixture {
  register: 'incoming' | 'outgoing';
  year: number;
  entries: RowFixture[];
}

function read<T>(dir: string, name: string): T {
  return JSON.parse(readFileSync(join(dir, name), 'utf8')) as T;
}

export function loadDemo(core: Core, dir: string = bundledFixturesDir()): { loaded: number } {
  const { store } = core;
  const office = read<OfficeFixture>(dir, 'office-cma5.json');
  const registers = [read<RegisterFixture>(dir, 'incoming-2566.json'), read<RegisterFixture>(dir, 'outgoing-2566.json')];
  return store.tx(() => {
    const existing = store.first(store.q.selectFrom('entries').select((eb) => eb.fn.countAll<number>().as('n')))?.n ?? 0;
    if (existing > 0) throw new DomainError('conflict', 'มีรายการในทะเบียนแล้ว โหลดข้อมูลตัวอย่างได้เฉพาะทะเบียนที่ยังว่าง');
    saveOffice(store, {
      ...office.office,
      numberSpacing: 'spaced',
      digits: 'arabic',
      certificatePattern: 'สพป.ชม.5 {n:4}/{year}',
    });
    const known = new Set(listGroups(store, true).map((g) => g.name));
    for (const name of office.groups) if (!known.has(name)) saveGroup(store, { id: null, name, active: true });
    const groups = new Map(listGroups(store, true).map((g) => [g.name, g.id]));
    const knownPeople = new Set(listPeople(store, true).map((p) => `${p.groupId}:${p.name}`));
    for (const p of office.people) {
      const groupId = groups.get(p.group) as number;
      if (!knownPeople.has(`${groupId}:${p.name}`)) saveContactSafe(() => savePerson(store, { id: null, name: p.name, groupId, active: true }));
    }
    const people = new Map(listPeople(store, true).map((p) => [`${p.groupId}:${p.name}`, p.id]));
    for (const name of office.schools) saveContactSafe(() => saveContact(store, { id: null, name, kind: 'school', active: true }));
    for (const name of office.agencies) saveContactSafe(() => saveContact(store, { id: null, name, kind: 'agency', active: true }));

    let loaded = 0;
    for (const reg of registers) {
      const sorted = [...reg.entries].sort((a, b) => a.registerNo - b.registerNo);
      const first = sorted[0];
      if (!first) continue;
      const registeredOn = new Date('2023-11-16T09:00:00');
      const ctx = core.writeContext(registeredOn);
      setNextNumber(
        store,
        { kind: reg.register, year: beYearOf('2023-11-16'), sequence: 'main', next: first.registerNo, reason: 'ข้อมูลตัวอย่าง: ต่อเลขจากทะเบียนเดิม' },
        ctx.actor,
        '2023-11-16T09:00:00+07:00',
      );
      for (const row of sorted) {
        const groupId = groups.get(row.group) ?? null;
        const personId = row.person && groupId !== null ? (people.get(`${groupId}:${row.person}`) ?? null) : null;
        const fields: EntryFields = entryFields.parse({
          kind: reg.register,
          docNo: row.documentNo,
          docDate: row.documentDate,
          from: row.from,
          to: row.to,
          subject: row.subject,
          groupId,
          personId,
          remark: row.remark ?? '',
        });
        ctx.now = new Date(ctx.now.getTime() + 60_000);
        insertEntries(ctx, reg.register, [fields]);
        loaded++;
      }
    }
    return { loaded };
  });
}

function saveContactSafe(fn: () => unknown): void {
  try {
    fn();
  } catch (e) {
    // Already in the directory: the demo tops up, it does not duplicate.
    if (!(e instanceof DomainError && e.code === 'invalid_input')) throw e;
  }
}
