// ทำเนียบ: the schools and agencies that send to and receive from the office.
import { useState, type FormEvent } from 'react';
import type { Contact, ContactKind } from '../../../src-shared/domain.js';
import { CONTACT_KINDS, CONTACT_KIND_LABELS } from '../../../src-shared/domain.js';
import { ApiCallError, must } from '../../api/client.js';
import { errorMessage, Field } from '../../ui/Field.js';
import { useLoad } from '../../ui/useAsync.js';
import { EmptyRow } from '../../ui/EmptyRow.js';

export function ContactsPanel() {
  const [q, setQ] = useState('');
  const { data, reload } = useLoad<Contact[]>(() => must('contacts.list', { q: q.trim(), includeInactive: true, limit: 200 }), [q]);
  const [name, setName] = useState('');
  const [kind, setKind] = useState<ContactKind>('school');
  const [error, setError] = useState<string | undefined>();
  const save = async (c: { id: number | null; name: string; kind: ContactKind; active: boolean }) => {
    try {
      await must('contacts.save', c);
      setError(undefined);
      reload();
      return true;
    } catch (e) {
      setError(e instanceof ApiCallError ? (Object.values(e.fields)[0] ?? e.message) : errorMessage(e));
      return false;
    }
  };
  const add = async (ev: FormEvent) => {
    ev.preventDefault();
    if (!name.trim()) return setError('กรุณากรอกชื่อ');
    if (await save({ id: null, name, kind, active: true })) setName('');
  };
  return (
    <div>
      <form className="inline-form" onSubmit={(e) => void add(e)} noValidate>
        <Field id="c-new" label="เพิ่มโรงเรียน/หน่วยงาน" error={error}>
          <input id="c-new" type="text" value={name} onChange={(e) => setName(e.target.value)} />
        </Field>
        <Field id="c-kind" label="ประเภท">
          <select id="c-kind" value={kind} onChange={(e) => setKind(e.target.value as ContactKind)}>
            {CONTACT_KINDS.map((k) => (
              <option key={k} value={k}>
                {CONTACT_KIND_LABELS[k]}
              </option>
            ))}
          </select>
        </Field>
        <button type="submit" className="primary">
          เพิ่ม
        </button>
      </form>
      <div className="inline-form">
        <Field id="c-search" label="ค้นหาโรงเรียน">
          <input id="c-search" type="search" value={q} onChange={(e) => setQ(e.target.value)} />
        </Field>
      </div>
      <table className="entries compact settings-table">
        <thead>
          <tr>
            <th>ชื่อ</th>
            <th>ประเภท</th>
            <th>สถานะ</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {data?.map((c) => (
            <tr key={c.id} className={c.active ? undefined : 'inactive'}>
              <td>{c.name}</td>
              <td>{CONTACT_KIND_LABELS[c.kind]}</td>
              <td>{c.active ? 'ใช้งาน' : 'เลิกใช้'}</td>
              <td className="row-actions">
                <button type="button" onClick={() => void save({ ...c, active: !c.active })}>
                  {c.active ? 'เลิกใช้' : 'ใช้งานอีกครั้ง'}
                </button>
              </td>
            </tr>
          ))}
          {data && data.length === 0 ? <EmptyRow cols={4} text={q ? 'ไม่พบโรงเรียน/หน่วยงานที่ค้นหา' : 'ยังไม่มีโรงเรียน/หน่วยงาน เพิ่มด้านบน'} /> : null}
        </tbody>
      </table>
    </div>
  );
}
