// เริ่มใช้งาน: what the admin sets before the first number is issued, in three steps right after
// the admin account: the office (name, short name, ศธ prefix), its work groups and people (typed,
// from a CSV/xlsx file, or the demo office), and where each register continues its numbering.
import { useState, type FormEvent } from 'react';
import Papa from 'papaparse';
import { certificateDocNo, outgoingDocNo } from '../../../src-shared/docNumber.js';
import { REGISTER_LABELS, type OfficeProfile, type RegisterKind } from '../../../src-shared/domain.js';
import { fieldErrors, officeInput } from '../../../src-shared/schemas.js';
import { groupStaff, staffFromRows, staffFromText, type StaffRow } from '../../../src-shared/staffList.js';
import { beYearOf, toArabicDigits } from '../../../src-shared/thai.js';
import { ApiCallError, must } from '../../api/client.js';
import { useApp } from '../../app/AppContext.js';
import { href, navigate, setFlash } from '../../app/route.js';
import { errorMessage, Field, FormError } from '../../ui/Field.js';
import { FilePicker } from '../../ui/FilePicker.js';
import { xlsxRows } from '../registers/xlsxFirstColumn.js';

type Step = 'office' | 'staff' | 'numbers';
const STEPS: { key: Step; label: string }[] = [
  { key: 'office', label: '1. หน่วยงาน' },
  { key: 'staff', label: '2. กลุ่มงานและบุคลากร' },
  { key: 'numbers', label: '3. เลขทะเบียนต่อจากเดิม' },
];

/** The placeholder a fresh install starts with (src-main/registers/office.ts DEFAULT_OFFICE). */
const PLACEHOLDER = { shortName: 'สพท.', documentPrefix: 'ศธ' };

/** A certificate pattern that began with the old short name follows the new one. */
export function followShortName(pattern: string, before: string, after: string): string {
  return before.trim() && pattern.startsWith(before.trim()) ? `${after.trim()}${pattern.slice(before.trim().length)}` : pattern;
}

export function OfficeSetupWizard({ onClose }: { onClose: () => void }) {
  const [step, setStep] = useState<Step>('office');
  return (
    <section className="setup" aria-labelledby="setup-title">
      <div className="page-head">
        <h1 id="setup-title">เริ่มใช้งาน: ตั้งค่าหน่วยงาน</h1>
        <button type="button" className="link" onClick={onClose}>
          ทำภายหลัง
        </button>
      </div>
      <p className="muted">ก่อนตั้งค่าเสร็จ ลงทะเบียนหนังสือรับได้ แต่ยังออกเลขหนังสือส่ง คำสั่ง และเกียรติบัตรไม่ได้ (เลขที่ออกไปแล้วแก้ไม่ได้)</p>
      <ol className="setup-steps">
        {STEPS.map((s) => (
          <li key={s.key} aria-current={s.key === step ? 'step' : undefined} className={s.key === step ? 'active' : undefined}>
            {s.label}
          </li>
        ))}
      </ol>
      {step === 'office' ? <OfficeStep onNext={() => setStep('staff')} /> : null}
      {step === 'staff' ? <StaffStep onNext={() => setStep('numbers')} onClose={onClose} /> : null}
      {step === 'numbers' ? <NumbersStep onClose={onClose} /> : null}
    </section>
  );
}

function OfficeStep({ onNext }: { onNext: () => void }) {
  const { info, reload } = useApp();
  const start = info.office;
  const [v, setV] = useState({
    name: start.name === 'สำนักงานเขตพื้นที่การศึกษา' ? '' : start.name,
    shortName: start.shortName === PLACEHOLDER.shortName ? '' : start.shortName,
    documentPrefix: start.documentPrefix === PLACEHOLDER.documentPrefix ? '' : start.documentPrefix,
  });
  const [errors, setErrors] = useState<Record<string, string>>({});
  const submit = async (ev: FormEvent) => {
    ev.preventDefault();
    const office: OfficeProfile = {
      ...start,
      ...v,
      certificatePattern: followShortName(start.certificatePattern, start.shortName, v.shortName),
    };
    const parsed = officeInput.safeParse(office);
    const found = parsed.success ? {} : fieldErrors(parsed.error);
    if (v.shortName.trim() === PLACEHOLDER.shortName) found.shortName = 'กรุณากรอกชื่อย่อของหน่วยงานเอง เช่น สพป.เชียงใหม่ เขต 5';
    if (v.documentPrefix.trim().replace(/\s/g, '') === PLACEHOLDER.documentPrefix) found.documentPrefix = 'กรุณากรอกรหัสหนังสือของหน่วยงาน เช่น ศธ04051';
    if (!parsed.success || Object.keys(found).length > 0) {
      setErrors(found);
      return;
    }
    try {
      await must('office.save', parsed.data);
      await reload();
      onNext();
    } catch (e) {
      setErrors(e instanceof ApiCallError ? { ...e.fields, _: e.message } : { _: errorMessage(e) });
    }
  };
  const example = v.documentPrefix.trim() && !v.documentPrefix.includes('/') ? outgoingDocNo({ documentPrefix: v.documentPrefix, numberSpacing: start.numberSpacing }, 3959, null) : '';
  const text = (k: keyof typeof v, label: string, hint: string) => (
    <Field id={`su-${k}`} label={label} error={errors[k]} hint={hint}>
      <input id={`su-${k}`} type="text" value={v[k]} onChange={(e) => setV((o) => ({ ...o, [k]: e.target.value }))} aria-invalid={errors[k] ? true : undefined} />
    </Field>
  );
  return (
    <form className="entry-form" aria-label="ข้อมูลหน่วยงาน" onSubmit={(e) => void submit(e)} noValidate>
      {text('name', 'ชื่อหน่วยงาน', 'เช่น สำนักงานเขตพื้นที่การศึกษาประถมศึกษาเชียงใหม่ เขต 5')}
      {text('shortName', 'ชื่อย่อ', 'เช่น สพป.เชียงใหม่ เขต 5 (ใช้ในช่อง ถึง ของทะเบียนที่พิมพ์ และเลขเกียรติบัตร)')}
      {text('documentPrefix', 'รหัสหนังสือ', example ? `ตัวอย่างเลขหนังสือส่ง: ${example}` : 'เช่น ศธ04051')}
      {v.shortName.trim() ? (
        <p className="muted">เลขเกียรติบัตร: {certificateDocNo(followShortName(start.certificatePattern, start.shortName, v.shortName), 1, beYearOf(info.today))}</p>
      ) : null}
      <FormError message={errors._} />
      <div className="form-actions">
        <button type="submit" className="primary">
          บันทึกและไปขั้นต่อไป
        </button>
      </div>
    </form>
  );
}

async function rowsOfFile(file: File): Promise<string[][]> {
  if (/\.xls$/i.test(file.name)) throw new Error('ไฟล์ .xls แบบเก่าอ่านไม่ได้ กรุณาบันทึกเป็น .xlsx หรือ CSV แล้วเลือกอีกครั้ง');
  if (/\.xlsx$/i.test(file.name)) return xlsxRows(file);
  return Papa.parse<string[]>((await file.text()).replace(/^\uFEFF/, ''), { skipEmptyLines: true }).data;
}

function StaffStep({ onNext, onClose }: { onNext: () => void; onClose: () => void }) {
  const { groups, people, reload } = useApp();
  const [text, setText] = useState('');
  const [fromFile, setFromFile] = useState<{ name: string; rows: StaffRow[] } | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const rows = fromFile ? fromFile.rows : staffFromText(text);
  const grouped = groupStaff(rows);

  const pick = async (file: File) => {
    setError(null);
    try {
      const found = staffFromRows(await rowsOfFile(file));
      if (found.length === 0) throw new Error('ไม่พบรายชื่อในไฟล์ (คอลัมน์ A = กลุ่ม, คอลัมน์ B = ชื่อ-สกุล)');
      setFromFile({ name: file.name, rows: found });
    } catch (e) {
      setError(errorMessage(e));
    }
  };

  const save = async () => {
    setBusy(true);
    setError(null);
    try {
      const ids = new Map(groups.map((g) => [g.name, g.id]));
      for (const [groupName, names] of grouped) {
        const id = ids.get(groupName) ?? (await must('groups.save', { id: null, name: groupName, active: true })).id;
        ids.set(groupName, id);
        for (const name of names) {
          if (people.some((p) => p.groupId === id && p.name === name)) continue;
          await must('people.save', { id: null, name, groupId: id, active: true });
        }
      }
      await reload();
      onNext();
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setBusy(false);
    }
  };

  const loadDemo = async () => {
    setBusy(true);
    setError(null);
    try {
      const r = await must('demo.load', {});
      await reload();
      setFlash(demoLoadedText(r.loaded));
      onClose();
      navigate(href.list('incoming'));
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="setup-staff">
      <p>
        พิมพ์บรรทัดละคน: <strong>กลุ่ม, ชื่อ-สกุล</strong> (บรรทัดที่มีแต่ชื่อกลุ่มก็ได้) หรือเลือกไฟล์ Excel (.xlsx) / CSV ที่คอลัมน์ A เป็นกลุ่ม คอลัมน์ B เป็นชื่อ-สกุล
      </p>
      <Field id="su-staff" label="กลุ่มงานและบุคลากร" wide>
        <textarea
          id="su-staff"
          rows={6}
          value={text}
          placeholder={'กลุ่มอำนวยการ, นางสาวศิริพรรณ ใจดี\nกลุ่มบริหารงานบุคคล, นายสมชาย รักงาน'}
          onChange={(e) => {
            setFromFile(null);
            setText(e.target.value);
          }}
        />
      </Field>
      <FilePicker id="su-file" label="เลือกไฟล์รายชื่อ (.xlsx หรือ CSV)" accept=".xlsx,.csv,.txt" fileName={fromFile?.name ?? null} onPick={(f) => void pick(f)} />
      <p role="status">
        {grouped.size === 0
          ? 'ยังไม่มีรายชื่อ'
          : `จะเพิ่ม ${grouped.size} กลุ่ม ${[...grouped.values()].reduce((n, p) => n + p.length, 0)} คน${fromFile ? ` จากไฟล์ ${fromFile.name}` : ''}`}
      </p>
      <FormError message={error} />
      <div className="form-actions">
        <button type="button" className="primary" disabled={busy} onClick={() => void save()}>
          {grouped.size ? 'บันทึกและไปขั้นต่อไป' : 'ข้ามขั้นนี้'}
        </button>
        <button type="button" disabled={busy} onClick={() => void loadDemo()}>
          ใช้ข้อมูลตัวอย่างแทน (สพป.เชียงใหม่ เขต 5)
        </button>
      </div>
    </div>
  );
}

/** What the demo put in the register, and where: its letters are dated 16 พ.ย. 2566, not today. */
export function demoLoadedText(loaded: number): string {
  return `โหลดข้อมูลตัวอย่างแล้ว: หน่วยงาน สพป.เชียงใหม่ เขต 5 กลุ่มงาน บุคลากร โรงเรียน และหนังสือ ${loaded} รายการ (หนังสือรับและหนังสือส่ง ลงทะเบียนวันที่ 16 พ.ย. 2566)`;
}

const NUMBERED: { kind: RegisterKind; sequence: 'main' | 'circular'; label: string }[] = [
  { kind: 'incoming', sequence: 'main', label: REGISTER_LABELS.incoming.book },
  { kind: 'outgoing', sequence: 'main', label: REGISTER_LABELS.outgoing.book },
  { kind: 'outgoing', sequence: 'circular', label: 'หนังสือเวียน (ว)' },
  { kind: 'order', sequence: 'main', label: REGISTER_LABELS.order.book },
  { kind: 'certificate', sequence: 'main', label: REGISTER_LABELS.certificate.book },
];

function NumbersStep({ onClose }: { onClose: () => void }) {
  const { info } = useApp();
  const year = beYearOf(info.today);
  const [values, setValues] = useState<Record<string, string>>({});
  const [errors, setErrors] = useState<Record<string, string>>({});
  const key = (n: (typeof NUMBERED)[number]) => `${n.kind}-${n.sequence}`;

  const submit = async (ev: FormEvent) => {
    ev.preventDefault();
    const found: Record<string, string> = {};
    for (const n of NUMBERED) {
      const raw = toArabicDigits((values[key(n)] ?? '').trim());
      if (raw === '') continue;
      try {
        await must('books.setNextNumber', { kind: n.kind, year, sequence: n.sequence, next: /^\d+$/.test(raw) ? Number(raw) : Number.NaN, reason: 'ต่อเลขจากทะเบียนเดิม (เริ่มใช้งาน)' });
      } catch (e) {
        found[key(n)] = e instanceof ApiCallError ? (Object.values(e.fields)[0] ?? e.message) : errorMessage(e);
      }
    }
    setErrors(found);
    if (Object.keys(found).length === 0) {
      setFlash('ตั้งค่าหน่วยงานเสร็จแล้ว เริ่มลงทะเบียนได้');
      onClose();
      navigate(href.home());
    }
  };

  return (
    <form className="entry-form" aria-label="เลขทะเบียนต่อจากเดิม" onSubmit={(e) => void submit(e)} noValidate>
      <p>ปี พ.ศ. {year}: ถ้าหน่วยงานใช้ทะเบียนกระดาษหรือ AMSS++ มาก่อน ให้กรอกเลขถัดไปของแต่ละทะเบียน (เว้นว่าง = เริ่มที่ 1)</p>
      {NUMBERED.map((n) => (
        <Field key={key(n)} id={`su-no-${key(n)}`} label={n.label} error={errors[key(n)]}>
          <input
            id={`su-no-${key(n)}`}
            type="text"
            inputMode="numeric"
            className="short"
            placeholder="1"
            value={values[key(n)] ?? ''}
            onChange={(e) => setValues((o) => ({ ...o, [key(n)]: e.target.value }))}
          />
        </Field>
      ))}
      <div className="form-actions">
        <button type="submit" className="primary">
          เสร็จสิ้น
        </button>
      </div>
    </form>
  );
}
