// ลงทะเบียน / แก้ไข: one form for the four registers, fields per kind. Keyboard first: Enter in
// any single-line field saves, Esc leaves, and after a save the number is shown large and the
// form is ready for the next document with focus on its first field.
import { useEffect, useRef, useState, type FormEvent, type KeyboardEvent } from 'react';
import { displayDocNo } from '../../../src-shared/docNumber.js';
import type { Entry, EntryDetails, RegisterKind } from '../../../src-shared/domain.js';
import { REGISTER_LABELS, SECRECIES, SECRECY_LABELS, URGENCIES, URGENCY_LABELS } from '../../../src-shared/domain.js';
import { applyDigits, formatThaiDateLong, isValidIsoDate } from '../../../src-shared/thai.js';
import { ApiCallError, must } from '../../api/client.js';
import { useApp } from '../../app/AppContext.js';
import { useCan } from '../../app/AuthGate.js';
import { href, navigate } from '../../app/route.js';
import { errorMessage, Field, FormError } from '../../ui/Field.js';
import { thaiInputToIso } from '../../ui/thaiDateInput.js';
import { registerNumberText } from './columns.js';
import { ContactInput } from './ContactInput.js';
import { defaultValues, serverFieldErrors, toFields, validate, valuesFromEntry, type FormValues } from './formModel.js';
import { clearDraft, isDirty, loadDraft, saveDraft } from './formDraft.js';
import { AttachmentsField, draftsBusy, draftsFromEntry, toAttachmentInputs, type AttachmentDraft } from '../attachments/AttachmentsField.js';

interface Props {
  kind: RegisterKind;
  replyTo: string | null;
  editId: string | null;
}

export function EntryFormPage({ kind, replyTo, editId }: Props) {
  const { info, groups, people, reload } = useApp();
  const office = info.office;
  const digits = office.digits;
  const blank = () => defaultValues(kind, office, info.today);
  // A new registration left unfinished (a crash, a closed window) comes back as it was typed.
  const [restored] = useState(() => (editId || replyTo ? null : loadDraft(kind)));
  const [values, setValues] = useState<FormValues>(() => restored?.values ?? blank());
  const [confirmLeave, setConfirmLeave] = useState(false);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [saved, setSaved] = useState<Entry | null>(null);
  const [editing, setEditing] = useState<Entry | null>(null);
  const [reply, setReply] = useState<EntryDetails['entry'] | null>(null);
  const [busy, setBusy] = useState(false);
  const [files, setFiles] = useState<AttachmentDraft[]>([]);
  const firstField = useRef<HTMLInputElement | null>(null);
  const can = useCan();
  // A secret entry reaches a user without the secret right with its content hidden: a form
  // filled from it would save the placeholders over the real subject. Not offered at all.
  const [refused, setRefused] = useState<string | null>(null);

  useEffect(() => {
    if (editId) {
      must('entries.get', { id: editId }).then(
        (d) => {
          if (!can('entries.update', d.entry)) {
            setRefused(`รายการนี้เป็นหนังสือ${SECRECY_LABELS[d.entry.secrecy]} ท่านไม่มีสิทธิ์ดูเนื้อหาหนังสือลับ จึงแก้ไขไม่ได้`);
            return;
          }
          setEditing(d.entry);
          setValues(valuesFromEntry(d.entry));
          setFiles(draftsFromEntry(d.entry));
        },
        (e: unknown) => setFormError(errorMessage(e)),
      );
    } else if (replyTo && kind === 'outgoing') {
      must('entries.get', { id: replyTo }).then(
        (d) => {
          if (!can('entries.create', d.entry)) {
            setRefused(`หนังสือรับนี้เป็นหนังสือ${SECRECY_LABELS[d.entry.secrecy]} ท่านไม่มีสิทธิ์ดูเนื้อหาหนังสือลับ จึงลงทะเบียนหนังสือตอบไม่ได้`);
            return;
          }
          setReply(d.entry);
          setValues((v) => ({ ...v, to: d.entry.from, subject: d.entry.subject, replyToId: d.entry.id }));
        },
        (e: unknown) => setFormError(errorMessage(e)),
      );
    }
  }, [editId, replyTo, kind, can]);

  useEffect(() => {
    firstField.current?.focus();
  }, [editing]);

  // Groups and people may have changed on another screen or machine since the app opened.
  useEffect(() => {
    void reload();
  }, [reload]);

  const set = <K extends keyof FormValues>(key: K, value: FormValues[K]) => {
    setValues((v) => ({ ...v, [key]: value }));
    if (errors[key]) setErrors(({ [key]: _drop, ...rest }) => rest);
  };

  const startValues = editing ? valuesFromEntry(editing) : blank();
  const startFiles = editing ? editing.attachments.length : 0;
  const dirty = isDirty(values, startValues, files.length, startFiles);
  useEffect(() => {
    if (editId || replyTo) return;
    if (dirty) saveDraft(kind, values, files.length > 0);
    else clearDraft(kind);
  }, [values, files.length, dirty, kind, editId, replyTo]);

  const close = () => {
    if (!editId && !replyTo) clearDraft(kind);
    navigate(editing ? href.details(kind, editing.id) : href.list(kind));
  };
  /** Esc or ปิด: a filled form and its files are not dropped without asking. */
  const leave = () => (dirty ? setConfirmLeave(true) : close());

  const reset = () => {
    setConfirmLeave(false);
    setValues(editing ? valuesFromEntry(editing) : blank());
    setFiles(editing ? draftsFromEntry(editing) : []);
    setErrors({});
    setFormError(null);
    firstField.current?.focus();
  };

  const submit = async (ev: FormEvent) => {
    ev.preventDefault();
    if (busy) return;
    if (draftsBusy(files)) {
      setFormError('กำลังอัปโหลดไฟล์แนบ กรุณารอสักครู่แล้วกดตกลงอีกครั้ง');
      return;
    }
    const fields = { ...toFields(kind, values), attachments: toAttachmentInputs(files) };
    const clientErrors = validate(fields);
    if (Object.keys(clientErrors).length > 0) {
      setErrors(clientErrors);
      setFormError('กรุณาแก้ไขช่องที่มีข้อความสีแดง');
      return;
    }
    setBusy(true);
    try {
      if (editing) {
        await must('entries.update', { id: editing.id, expectedVersion: editing.version, fields });
        navigate(href.details(kind, editing.id));
        return;
      }
      const entry = await must('entries.create', fields);
      setSaved(entry);
      setReply(null);
      setValues(blank());
      setFiles([]);
      setErrors({});
      setFormError(null);
      firstField.current?.focus();
    } catch (e) {
      if (e instanceof ApiCallError) setErrors(serverFieldErrors(e.fields));
      setFormError(errorMessage(e));
    } finally {
      setBusy(false);
    }
  };

  const onKeyDown = (ev: KeyboardEvent) => {
    if (ev.key === 'Escape') {
      ev.preventDefault();
      if (confirmLeave) setConfirmLeave(false);
      else leave();
    }
  };

  const activeGroups = groups.filter((g) => g.active || String(g.id) === values.groupId);
  const personOptions = people.filter(
    (p) => (p.active || String(p.id) === values.personId) && (values.groupId === '' || String(p.groupId) === values.groupId),
  );
  const labels = REGISTER_LABELS[kind];
  if (refused) {
    return (
      <section className="entry-form-page">
        <p className="error" role="alert">
          {refused}
        </p>
        <a className="button" href={editId ? href.details(kind, editId) : href.list(kind)}>
          กลับ
        </a>
      </section>
    );
  }
  const title = editing ? `แก้ไข ${labels.book} ${registerNumberText(editing, digits)}` : labels.action;

  const text = (key: 'from' | 'to' | 'docNo' | 'subject' | 'remark' | 'signer' | 'recipient', label: string, first = false) => (
    <Field id={`f-${key}`} label={label} error={errors[key]} wide={key === 'subject'}>
      <input
        id={`f-${key}`}
        ref={first ? firstField : undefined}
        type="text"
        autoComplete="off"
        value={values[key]}
        aria-invalid={errors[key] ? true : undefined}
        aria-describedby={errors[key] ? `f-${key}-error` : undefined}
        onChange={(e) => set(key, e.target.value)}
      />
    </Field>
  );

  const isoDate = thaiInputToIso(values.docDate);
  const dateField = (first = false) => (
    <Field
      id="f-docDate"
      label="ลงวันที่"
      error={errors.docDate}
      hint={isValidIsoDate(isoDate) ? formatThaiDateLong(isoDate, digits) : 'พิมพ์ วัน/เดือน/ปี พ.ศ. เช่น 16/11/2566'}
    >
      <input
        id="f-docDate"
        ref={first ? firstField : undefined}
        type="text"
        inputMode="numeric"
        autoComplete="off"
        placeholder="วว/ดด/ปปปป"
        className="date-input"
        value={values.docDate}
        aria-invalid={errors.docDate ? true : undefined}
        aria-describedby={errors.docDate ? 'f-docDate-error' : undefined}
        onChange={(e) => set('docDate', e.target.value)}
      />
    </Field>
  );

  const urgencyField = (
    <Field id="f-urgency" label="ระดับความสำคัญ" error={errors.urgency}>
      <select id="f-urgency" value={values.urgency} onChange={(e) => set('urgency', e.target.value as FormValues['urgency'])} className={values.urgency !== 'normal' ? 'urgent-text' : undefined}>
        {URGENCIES.map((u) => (
          <option key={u} value={u}>
            {URGENCY_LABELS[u]}
          </option>
        ))}
      </select>
    </Field>
  );
  const secrecyField = (
    <Field id="f-secrecy" label="ความลับ" error={errors.secrecy}>
      <select id="f-secrecy" value={values.secrecy} onChange={(e) => set('secrecy', e.target.value as FormValues['secrecy'])}>
        {SECRECIES.map((s) => (
          <option key={s} value={s}>
            {SECRECY_LABELS[s]}
          </option>
        ))}
      </select>
    </Field>
  );
  const groupLabel = kind === 'order' ? 'กลุ่มเจ้าของเรื่อง' : kind === 'certificate' ? 'กลุ่ม' : 'กลุ่มปฏิบัติ';
  const groupField = (
    <Field id="f-groupId" label={groupLabel} error={errors.groupId}>
      <select
        id="f-groupId"
        value={values.groupId}
        aria-invalid={errors.groupId ? true : undefined}
        onChange={(e) => {
          const groupId = e.target.value;
          setValues((v) => {
            const person = people.find((p) => String(p.id) === v.personId);
            return { ...v, groupId, personId: person && groupId !== '' && String(person.groupId) !== groupId ? '' : v.personId };
          });
          setErrors(({ groupId: _g, personId: _p, ...rest }) => rest);
        }}
      >
        <option value="">— ไม่ระบุ —</option>
        {activeGroups.map((g) => (
          <option key={g.id} value={g.id}>
            {g.name}
          </option>
        ))}
      </select>
    </Field>
  );
  const personField = (
    <Field id="f-personId" label="บุคคลปฏิบัติ" error={errors.personId}>
      <select
        id="f-personId"
        value={values.personId}
        aria-invalid={errors.personId ? true : undefined}
        onChange={(e) => {
          const personId = e.target.value;
          const person = people.find((p) => String(p.id) === personId);
          setValues((v) => ({ ...v, personId, groupId: v.groupId === '' && person ? String(person.groupId) : v.groupId }));
          setErrors(({ personId: _p, ...rest }) => rest);
        }}
      >
        <option value="">— ไม่ระบุ —</option>
        {personOptions.map((p) => (
          <option key={p.id} value={p.id}>
            {p.name}
          </option>
        ))}
      </select>
    </Field>
  );

  let fields;
  switch (kind) {
    case 'incoming':
      fields = (
        <>
          <Field id="f-from" label="จาก" error={errors.from}>
            <ContactInput id="f-from" inputRef={firstField} value={values.from} onChange={(v) => set('from', v)} invalid={!!errors.from} mode="sender" kind="incoming" />
          </Field>
          {urgencyField}
          {text('docNo', 'เลขที่หนังสือ')}
          {dateField()}
          {text('to', 'ถึง')}
          {text('subject', 'เรื่อง')}
          {groupField}
          {personField}
          {text('remark', 'หมายเหตุ')}
          {secrecyField}
        </>
      );
      break;
    case 'outgoing':
      fields = (
        <>
          <div className="field">
            <span className="field-label" id="docno-label">
              เลขที่หนังสือ
            </span>
            <div className="field-control docno-row" aria-labelledby="docno-label">
              {editing ? (
                <strong>{displayDocNo(editing, digits)}</strong>
              ) : (
                <>
                  <span className="docno-prefix">ที่ {applyDigits(office.documentPrefix, digits)}/</span>
                  <label className="check">
                    <input id="f-circular" ref={firstField} type="checkbox" checked={values.circular} onChange={(e) => set('circular', e.target.checked)} />ว (หนังสือเวียน)
                  </label>
                  <span className="muted">(ออกเลขอัตโนมัติ)</span>
                </>
              )}
            </div>
          </div>
          {dateField(!!editing)}
          {secrecyField}
          {text('from', 'จาก')}
          <Field id="f-to" label="ถึง" error={errors.to}>
            <ContactInput id="f-to" value={values.to} onChange={(v) => set('to', v)} invalid={!!errors.to} mode="recipient" kind="outgoing" />
          </Field>
          {text('subject', 'เรื่อง')}
          {groupField}
          {personField}
          {text('remark', 'หมายเหตุ')}
          {urgencyField}
        </>
      );
      break;
    case 'order':
      fields = (
        <>
          {dateField(true)}
          {text('subject', 'เรื่อง')}
          {text('signer', 'ผู้ลงนาม')}
          {groupField}
          {text('remark', 'หมายเหตุ')}
        </>
      );
      break;
    case 'certificate':
      fields = (
        <>
          {text('recipient', 'ชื่อผู้ได้รับ', true)}
          {text('subject', 'รายการ')}
          {dateField()}
          {text('signer', 'ผู้ลงนาม')}
          {groupField}
          {text('remark', 'หมายเหตุ')}
        </>
      );
      break;
  }

  return (
    <section className="entry-form-page">
      <div className="page-head">
        <h1>{title}</h1>
        <div className="toolbar">
          <a className="button" href={href.list(kind)}>
            กลับไป{labels.book}
          </a>
        </div>
      </div>
      {restored && !saved ? (
        <p className="flash" role="status">
          กู้คืนข้อมูลที่กรอกค้างไว้ (ยังไม่ได้ลงทะเบียน){restored.hadFiles ? ' · ไฟล์แนบต้องเลือกใหม่' : ''}
        </p>
      ) : null}
      {saved ? <SavedNumber entry={saved} /> : null}
      {reply ? (
        <p className="reply-banner">
          ตอบหนังสือรับ ทะเบียนรับ <a href={href.details('incoming', reply.id)}>{reply.registerNo}</a> เรื่อง {reply.subject}
        </p>
      ) : null}
      <form className="entry-form" noValidate onSubmit={(e) => void submit(e)} onKeyDown={onKeyDown} aria-label={title}>
        {fields}
        {/* form-extras: attachments (e.g. <AttachmentsField />) go in this div */}
        <div className="form-extras">
          <AttachmentsField value={files} onChange={setFiles} disabled={busy} />
        </div>
        <FormError message={formError} />
        <div className="form-actions">
          <button type="submit" className="primary" disabled={busy}>
            ตกลง
          </button>
          <button type="button" onClick={reset}>
            ล้างข้อมูล
          </button>
          <button type="button" className="link" onClick={leave}>
            ปิด (Esc)
          </button>
        {confirmLeave ? (
          <div className="confirm-leave" role="alertdialog" aria-label="ยืนยันการปิดฟอร์ม">
            <p>ข้อมูลที่กรอก{files.length ? ` และไฟล์แนบ ${files.length} ไฟล์` : ''}ยังไม่ได้ลงทะเบียน ต้องการปิดและทิ้งข้อมูลนี้หรือไม่</p>
            <button type="button" className="primary" autoFocus onClick={() => setConfirmLeave(false)}>
              กลับไปกรอกต่อ
            </button>{' '}
            <button type="button" onClick={close}>
              ทิ้งข้อมูลและปิด
            </button>
          </div>
        ) : null}
        </div>
      </form>
    </section>
  );
}

/** The number just given, large enough to copy onto the paper by hand. */
function SavedNumber({ entry }: { entry: Entry }) {
  const { info } = useApp();
  const digits = info.office.digits;
  const label = REGISTER_LABELS[entry.kind].numberLabel;
  return (
    <div className="saved" role="status" aria-label="ลงทะเบียนแล้ว">
      <div className="saved-item">
        <div className="saved-label">ลงทะเบียนแล้ว · {label}</div>
        <div className="saved-number" data-testid="saved-number">
          {registerNumberText(entry, digits)}
        </div>
      </div>
      {entry.kind === 'outgoing' ? (
        <div className="saved-item">
          <div className="saved-label">เลขที่หนังสือ</div>
          <div className="saved-number" data-testid="saved-docno">
            {displayDocNo(entry, digits)}
          </div>
        </div>
      ) : null}
      <div className="saved-subject">
        {entry.kind === 'certificate' ? `${entry.recipient} · ` : ''}
        {entry.subject} · <a href={href.details(entry.kind, entry.id)}>รายละเอียด</a>
      </div>
    </div>
  );
}
