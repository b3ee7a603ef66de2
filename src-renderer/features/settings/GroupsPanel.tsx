// กลุ่มปฏิบัติ and บุคคลปฏิบัติ: add, rename, move, deactivate. Nothing is deleted: old entries
// keep pointing at a deactivated group.
import { useState, type FormEvent } from 'react';
import type { Group, Person } from '../../../src-shared/domain.js';
import { ApiCallError, must } from '../../api/client.js';
import { useApp } from '../../app/AppContext.js';
import { errorMessage, Field } from '../../ui/Field.js';
import { EmptyRow } from '../../ui/EmptyRow.js';

function useSaver(after: () => Promise<void>) {
  const [error, setError] = useState<string | undefined>();
  const run = async (fn: () => Promise<unknown>): Promise<boolean> => {
    try {
      await fn();
      setError(undefined);
      await after();
      return true;
    } catch (e) {
      setError(e instanceof ApiCallError ? (Object.values(e.fields)[0] ?? e.message) : errorMessage(e));
      return false;
    }
  };
  return { error, run };
}

export function GroupsPanel() {
  const { groups, reload } = useApp();
  const [name, setName] = useState('');
  const { error, run } = useSaver(reload);
  const add = async (ev: FormEvent) => {
    ev.preventDefault();
    if (!name.trim()) return void run(() => Promise.reject(new Error('กรุณากรอกชื่อกลุ่ม')));
    if (await run(() => must('groups.save', { id: null, name, active: true }))) setName('');
  };
  return (
    <div>
      <form className="inline-form" onSubmit={(e) => void add(e)} noValidate>
        <Field id="g-new" label="เพิ่มกลุ่มปฏิบัติ" error={error}>
          <input id="g-new" type="text" value={name} onChange={(e) => setName(e.target.value)} />
        </Field>
        <button type="submit" className="primary">
          เพิ่มกลุ่ม
        </button>
      </form>
      <table className="entries compact settings-table">
        <thead>
          <tr>
            <th>ชื่อกลุ่ม</th>
            <th>สถานะ</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {groups.map((g) => (
            <GroupRow key={`${g.id}-${g.name}-${g.active}`} group={g} onSave={(next) => run(() => must('groups.save', next))} />
          ))}
          {groups.length === 0 ? <EmptyRow cols={3} text="ยังไม่มีกลุ่มปฏิบัติ เพิ่มกลุ่มด้านบน" /> : null}
        </tbody>
      </table>
    </div>
  );
}

function GroupRow({ group, onSave }: { group: Group; onSave: (g: Group) => Promise<boolean> }) {
  const [name, setName] = useState(group.name);
  return (
    <tr className={group.active ? undefined : 'inactive'}>
      <td>
        <input type="text" aria-label={`ชื่อกลุ่ม ${group.name}`} value={name} onChange={(e) => setName(e.target.value)} onKeyDown={(e) => e.key === 'Enter' && void onSave({ ...group, name })} />
      </td>
      <td>{group.active ? 'ใช้งาน' : 'เลิกใช้'}</td>
      <td className="row-actions">
        <button type="button" disabled={name === group.name} onClick={() => void onSave({ ...group, name })}>
          เปลี่ยนชื่อ
        </button>
        <button type="button" onClick={() => void onSave({ ...group, active: !group.active })}>
          {group.active ? 'เลิกใช้' : 'ใช้งานอีกครั้ง'}
        </button>
      </td>
    </tr>
  );
}

export function PeoplePanel() {
  const { groups, people, reload } = useApp();
  const [name, setName] = useState('');
  const [groupId, setGroupId] = useState('');
  const { error, run } = useSaver(reload);
  const active = groups.filter((g) => g.active);
  const add = async (ev: FormEvent) => {
    ev.preventDefault();
    if (!name.trim()) return void run(() => Promise.reject(new Error('กรุณากรอกชื่อบุคคล')));
    if (!groupId) return void run(() => Promise.reject(new Error('กรุณาเลือกกลุ่มปฏิบัติ')));
    if (await run(() => must('people.save', { id: null, name, groupId: Number(groupId), active: true }))) setName('');
  };
  return (
    <div>
      <form className="inline-form" onSubmit={(e) => void add(e)} noValidate>
        <Field id="p-new" label="เพิ่มบุคคลปฏิบัติ" error={error}>
          <input id="p-new" type="text" value={name} onChange={(e) => setName(e.target.value)} />
        </Field>
        <Field id="p-group" label="ในกลุ่ม">
          <select id="p-group" value={groupId} onChange={(e) => setGroupId(e.target.value)}>
            <option value="">— เลือกกลุ่ม —</option>
            {active.map((g) => (
              <option key={g.id} value={g.id}>
                {g.name}
              </option>
            ))}
          </select>
        </Field>
        <button type="submit" className="primary">
          เพิ่มบุคคล
        </button>
      </form>
      <table className="entries compact settings-table">
        <thead>
          <tr>
            <th>ชื่อ</th>
            <th>กลุ่มปฏิบัติ</th>
            <th>สถานะ</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {people.map((p) => (
            <PersonRow key={`${p.id}-${p.name}-${p.groupId}-${p.active}`} person={p} onSave={(next) => run(() => must('people.save', next))} />
          ))}
          {people.length === 0 ? <EmptyRow cols={4} text="ยังไม่มีบุคคลปฏิบัติ เพิ่มบุคคลด้านบน" /> : null}
        </tbody>
      </table>
    </div>
  );
}

function PersonRow({ person, onSave }: { person: Person; onSave: (p: Person) => Promise<boolean> }) {
  const { groups } = useApp();
  const [name, setName] = useState(person.name);
  return (
    <tr className={person.active ? undefined : 'inactive'}>
      <td>
        <input type="text" aria-label={`ชื่อบุคคล ${person.name}`} value={name} onChange={(e) => setName(e.target.value)} onKeyDown={(e) => e.key === 'Enter' && void onSave({ ...person, name })} />
      </td>
      <td>
        <select aria-label={`กลุ่มของ ${person.name}`} value={person.groupId} onChange={(e) => void onSave({ ...person, groupId: Number(e.target.value) })}>
          {groups
            .filter((g) => g.active || g.id === person.groupId)
            .map((g) => (
              <option key={g.id} value={g.id}>
                {g.name}
              </option>
            ))}
        </select>
      </td>
      <td>{person.active ? 'ใช้งาน' : 'เลิกใช้'}</td>
      <td className="row-actions">
        <button type="button" disabled={name === person.name} onClick={() => void onSave({ ...person, name })}>
          เปลี่ยนชื่อ
        </button>
        <button type="button" onClick={() => void onSave({ ...person, active: !person.active })}>
          {person.active ? 'เลิกใช้' : 'ใช้งานอีกครั้ง'}
        </button>
      </td>
    </tr>
  );
}
