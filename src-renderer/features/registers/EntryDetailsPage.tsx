// รายละเอียด: every field, the version history, แก้ไข, ยกเลิก (with a reason), and the links
// between an incoming letter and the outgoing replies to it.
import { useState, type FormEvent, type ReactNode } from 'react';
import { displayDocNo, registerNoText } from '../../../src-shared/docNumber.js';
import type { EntryDetails, EntryLink, EntryVersion, RegisterKind } from '../../../src-shared/domain.js';
import { REGISTER_LABELS, SECRECY_LABELS, URGENCY_LABELS, type Secrecy, type Urgency } from '../../../src-shared/domain.js';
import { formatThaiDateLong, formatThaiDateShort, formatThaiDateTime, isValidIsoDate, type DigitStyle } from '../../../src-shared/thai.js';
import { ApiCallError, must } from '../../api/client.js';
import { useApp } from '../../app/AppContext.js';
import { useCan } from '../../app/AuthGate.js';
import { href } from '../../app/route.js';
import { errorMessage, Field } from '../../ui/Field.js';
import { useLoad } from '../../ui/useAsync.js';
import { Marks, registerNumberText } from './columns.js';
import { AUDIT_FIELD_LABELS } from '../../../src-shared/auditText.js';
import { AttachmentList } from '../attachments/AttachmentList.js';
import { SendButtons } from '../distribution/SendButtons.js';
import { StampButton } from '../print/StampButton.js';


const CHANGE_LABELS: Record<EntryVersion['change'], string> = { create: 'ลงทะเบียน', edit: 'แก้ไข', cancel: 'ยกเลิก' };

export function EntryDetailsPage({ kind, id }: { kind: RegisterKind; id: string }) {
  const { info } = useApp();
  const can = useCan();
  const digits = info.office.digits;
  const { data, error, reload } = useLoad<EntryDetails>(() => must('entries.get', { id }), [id]);
  if (error) return <p className="error" role="alert">{error}</p>;
  if (!data) return <p className="loading">กำลังโหลด…</p>;
  const e = data.entry;
  const labels = REGISTER_LABELS[e.kind];
  const rows: [string, ReactNode][] = [[labels.numberLabel, registerNumberText(e, digits)]];
  if (e.kind !== 'order' && e.kind !== 'certificate') rows.push(['ปี', e.year]);
  if (e.kind === 'certificate') rows.push(['ชื่อผู้ได้รับ', e.recipient]);
  if (e.kind === 'incoming' || e.kind === 'outgoing') rows.push(['ที่', displayDocNo(e, digits)]);
  rows.push(['ลงวันที่', formatThaiDateLong(e.docDate, digits)]);
  if (e.kind === 'incoming' || e.kind === 'outgoing') rows.push(['จาก', e.from], ['ถึง', e.to]);
  rows.push([e.kind === 'certificate' ? 'รายการ' : 'เรื่อง', e.subject]);
  if (e.kind === 'order' || e.kind === 'certificate') rows.push(['ผู้ลงนาม', e.signer]);
  rows.push([e.kind === 'order' ? 'กลุ่มเจ้าของเรื่อง' : e.kind === 'certificate' ? 'กลุ่ม' : 'กลุ่มปฏิบัติ', e.groupName ?? '—']);
  if (e.kind === 'incoming' || e.kind === 'outgoing') rows.push(['บุคคลปฏิบัติ', e.personName ?? '—']);
  rows.push(
    ['ระดับความสำคัญ', <span className={e.urgency !== 'normal' ? 'urgent-text' : undefined}>{URGENCY_LABELS[e.urgency]}</span>],
    ['ความลับ', SECRECY_LABELS[e.secrecy]],
    ['หมายเหตุ', e.remark || '—'],
    ['วันลงทะเบียน', formatThaiDateTime(e.registeredAt, digits)],
    ['สถานะ', e.status === 'cancelled' ? `ยกเลิก (${e.cancelReason ?? ''})` : 'ใช้งาน'],
  );

  return (
    <section className={`details${e.status === 'cancelled' ? ' is-cancelled' : ''}`}>
      <div className="page-head">
        <h1>
          รายละเอียด {labels.book} {registerNumberText(e, digits)} <Marks e={e} />
        </h1>
        <div className="toolbar">
          <a className="button" href={href.list(kind)}>
            กลับไป{labels.book}
          </a>
          {e.status === 'active' && can('entries.update', e) ? (
            <a className="button" href={href.edit(e.kind, e.id)}>
              แก้ไข
            </a>
          ) : null}
          {e.kind === 'incoming' && e.status === 'active' && can('entries.create', e) ? (
            <a className="button primary" href={href.create('outgoing', e.id)}>
              ตอบหนังสือรับ
            </a>
          ) : null}
          {e.kind === 'incoming' ? <StampButton ids={[e.id]} /> : null}
          {e.kind === 'outgoing' && e.status === 'active' && can('distribution.compose') ? <SendButtons entryId={e.id} /> : null}
          {/* details-extras: attachments of this entry go in this div */}
          <div className="toolbar-extras" />
        </div>
      </div>
      {e.status === 'active' && e.secrecy !== 'none' && can('entries.update') && !can('entries.update', e) ? (
        <p className="notice" role="note">
          หนังสือ{SECRECY_LABELS[e.secrecy]} ท่านไม่มีสิทธิ์ดูเนื้อหาหนังสือลับ จึงแก้ไข ยกเลิก หรือเพิ่มไฟล์แนบของรายการนี้ไม่ได้
        </p>
      ) : null}
      <table className="fields">
        <tbody>
          {rows.map(([label, value]) => (
            <tr key={label}>
              <th scope="row">{label}</th>
              <td>{value}</td>
            </tr>
          ))}
        </tbody>
      </table>

      <AttachmentList entry={e} onChanged={reload} />

      {data.replyTo ? (
        <div className="links">
          <h2>ตอบหนังสือรับ</h2>
          <LinkList links={[data.replyTo]} digits={digits} />
        </div>
      ) : null}
      {e.kind === 'incoming' ? (
        <div className="links">
          <h2>หนังสือส่งที่ตอบเรื่องนี้</h2>
          {data.replies.length ? <LinkList links={data.replies} digits={digits} /> : <p className="muted">ยังไม่มี</p>}
        </div>
      ) : null}

      <h2>ประวัติการแก้ไข</h2>
      <History versions={data.versions} digits={digits} />

      {e.status === 'active' && can('entries.cancel', e) ? <CancelForm id={e.id} version={e.version} onDone={reload} /> : null}
    </section>
  );
}

function LinkList({ links, digits }: { links: EntryLink[]; digits: DigitStyle }) {
  return (
    <ul className="link-list">
      {links.map((l) => (
        <li key={l.id}>
          <a href={href.details(l.kind, l.id)}>
            {REGISTER_LABELS[l.kind].numberLabel} {registerNoText(l, digits)}/{l.year} · {displayDocNo(l, digits)} · {l.subject}
          </a>
        </li>
      ))}
    </ul>
  );
}

function History({ versions, digits }: { versions: EntryVersion[]; digits: DigitStyle }) {
  const { groups, people } = useApp();
  const show = (field: string, v: unknown): string => {
    if (v === null || v === undefined || v === '') return '—';
    if (field === 'groupId') return groups.find((g) => g.id === v)?.name ?? String(v);
    if (field === 'personId') return people.find((p) => p.id === v)?.name ?? String(v);
    if (field === 'urgency') return URGENCY_LABELS[v as Urgency] ?? String(v);
    if (field === 'secrecy') return SECRECY_LABELS[v as Secrecy] ?? String(v);
    if (field === 'status') return v === 'cancelled' ? 'ยกเลิก' : 'ใช้งาน';
    if (field === 'docDate' && typeof v === 'string' && isValidIsoDate(v)) return formatThaiDateShort(v, digits);
    return String(v);
  };
  return (
    <table className="history">
      <thead>
        <tr>
          <th>ครั้งที่</th>
          <th>เมื่อ</th>
          <th>โดย</th>
          <th>การเปลี่ยนแปลง</th>
        </tr>
      </thead>
      <tbody>
        {versions.map((v) => (
          <tr key={v.id}>
            <td>{v.version}</td>
            <td>{formatThaiDateTime(v.changedAt, digits)}</td>
            <td>{v.changedBy}</td>
            <td>
              <strong>{CHANGE_LABELS[v.change]}</strong>
              {Object.keys(v.diff).length ? (
                <ul className="diff">
                  {Object.entries(v.diff).map(([field, [before, after]]) => (
                    <li key={field}>
                      {AUDIT_FIELD_LABELS[field] ?? field}: <del>{show(field, before)}</del> → <ins>{show(field, after)}</ins>
                    </li>
                  ))}
                </ul>
              ) : null}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function CancelForm({ id, version, onDone }: { id: string; version: number; onDone: () => void }) {
  const [open, setOpen] = useState(false);
  const [reason, setReason] = useState('');
  const [error, setError] = useState<string | undefined>();
  const submit = async (ev: FormEvent) => {
    ev.preventDefault();
    if (!reason.trim()) {
      setError('กรุณากรอกเหตุผลที่ยกเลิก');
      return;
    }
    try {
      await must('entries.cancel', { id, expectedVersion: version, reason });
      setOpen(false);
      onDone();
    } catch (e) {
      setError(e instanceof ApiCallError ? (e.fields.reason ?? e.message) : errorMessage(e));
    }
  };
  if (!open) {
    return (
      <div className="danger-zone">
        <button type="button" className="danger" onClick={() => setOpen(true)}>
          ยกเลิกรายการนี้
        </button>
        <span className="muted"> รายการที่ยกเลิกยังคงอยู่ในทะเบียนพร้อมเลขเดิม</span>
      </div>
    );
  }
  return (
    <form className="danger-zone cancel-form" onSubmit={(e) => void submit(e)} noValidate>
      <Field id="cancel-reason" label="เหตุผลที่ยกเลิก" error={error} wide>
        <input id="cancel-reason" type="text" autoFocus value={reason} onChange={(e) => setReason(e.target.value)} />
      </Field>
      <div className="form-actions">
        <button type="submit" className="danger">
          ยืนยันการยกเลิก
        </button>
        <button type="button" onClick={() => setOpen(false)}>
          ไม่ยกเลิก
        </button>
      </div>
    </form>
  );
}
