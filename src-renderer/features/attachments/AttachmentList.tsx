// The entry's files on its details page: open PDF and pictures inside the app, other types with
// the system's program (through a copy, never the stored file), save elsewhere, replace or add
// a file (a new version of the entry), and every earlier file in the history.
import { useEffect, useRef, useState } from 'react';
import {
  ATTACHMENT_LIMITS,
  formatFileSize,
  typeLabel,
  viewableInApp,
  type AttachmentHistoryRow,
  type AttachmentInput,
} from '../../../src-shared/attachmentSchemas.js';
import type { AttachmentRef, Entry } from '../../../src-shared/domain.js';
import { must } from '../../api/client.js';
import { errorMessage } from '../../ui/Field.js';
import { useLoad } from '../../ui/useAsync.js';
import { useCan } from '../../app/AuthGate.js';
import { readBlob, saveAs, uploadFile } from './transfer.js';
import './attachments.css';
import { AttachmentsTableHead } from './AttachmentsTableHead.js';

interface Viewing {
  name: string;
  mimeType: string;
  url: string;
}

function keep(a: AttachmentRef): AttachmentInput {
  return { sha256: a.sha256, description: a.description, position: a.position };
}

export function AttachmentList({ entry, onChanged }: { entry: Entry; onChanged: () => void }) {
  const [viewing, setViewing] = useState<Viewing | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const picker = useRef<HTMLInputElement | null>(null);
  const replacing = useRef<number | null>(null);
  const history = useLoad<AttachmentHistoryRow[]>(() => must('attachments.history', { entryId: entry.id }), [entry.id, entry.version]);
  const can = useCan();
  const editable = entry.status === 'active' && can('attachments.change', entry);

  useEffect(() => () => {
    if (viewing) URL.revokeObjectURL(viewing.url);
  }, [viewing]);

  const run = async (what: () => Promise<void>) => {
    setError(null);
    setNotice(null);
    setBusy(true);
    try {
      await what();
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setBusy(false);
    }
  };

  const view = (f: { sha256: string; name: string; mimeType: string }) =>
    run(async () => {
      const blob = await readBlob(f.sha256);
      setViewing({ name: f.name, mimeType: f.mimeType, url: URL.createObjectURL(blob) });
    });

  const openWithSystem = (f: { sha256: string; name: string }) =>
    run(async () => {
      const copy = await must('attachments.exportCopy', { entryId: entry.id, sha256: f.sha256, open: true });
      setNotice(copy.opened ? `เปิดสำเนาของ "${f.name}" ด้วยโปรแกรมในเครื่องแล้ว` : `บันทึกสำเนาของ "${f.name}" ไว้ที่ ${copy.path}`);
    });

  const save = (f: { sha256: string; name: string }) => run(() => saveAs(f.sha256, f.name));

  const onPicked = (file: File | undefined) => {
    const position = replacing.current;
    replacing.current = null;
    if (!file) return;
    void run(async () => {
      const staged = await uploadFile(file);
      const current = entry.attachments;
      let list: AttachmentInput[];
      if (position === null) {
        list = [...current.map(keep), { stagedId: staged.stagedId, description: '', position: current.length + 1 }];
      } else {
        list = current.map((a) => (a.position === position ? { stagedId: staged.stagedId, description: a.description, position } : keep(a)));
      }
      await must('attachments.change', { entryId: entry.id, expectedVersion: entry.version, attachments: list });
      setNotice(position === null ? `เพิ่มไฟล์ "${file.name}" แล้ว` : `แทนที่ไฟล์ที่ ${position} ด้วย "${file.name}" แล้ว (ไฟล์เดิมยังอยู่ในประวัติ)`);
      onChanged();
    });
  };

  const old = (history.data ?? []).filter((h) => h.versionTo !== null);

  return (
    <section className="attachment-list" aria-label="ไฟล์แนบ">
      <h2>ไฟล์แนบ</h2>
      <input
        ref={picker}
        type="file"
        hidden
        aria-label="เลือกไฟล์สำหรับแทนที่หรือเพิ่ม"
        data-testid="attachment-replace-input"
        onChange={(e) => {
          const file = e.target.files?.[0];
          e.target.value = '';
          onPicked(file);
        }}
      />
      {entry.attachments.length === 0 ? <p className="muted">ไม่มีไฟล์แนบ</p> : null}
      {entry.attachments.length ? (
        <table className="attachments-table">
          <AttachmentsTableHead />
          <tbody>
            {entry.attachments.map((a) => (
              <tr key={a.position} data-testid="attachment-current">
                <td className="num">{a.position}</td>
                <td>{a.name}</td>
                <td>{formatFileSize(a.size)}</td>
                <td>{typeLabel(a.mimeType)}</td>
                <td>{a.description || '—'}</td>
                <td className="actions">
                  {viewableInApp(a.mimeType) ? (
                    <button type="button" disabled={busy} onClick={() => void view(a)} aria-label={`เปิดดู ${a.name}`}>
                      เปิดดู
                    </button>
                  ) : (
                    <button type="button" disabled={busy} onClick={() => void openWithSystem(a)} aria-label={`เปิดด้วยโปรแกรมในเครื่อง ${a.name}`}>
                      เปิดด้วยโปรแกรม
                    </button>
                  )}
                  <button type="button" disabled={busy} onClick={() => void save(a)} aria-label={`บันทึกเป็น ${a.name}`}>
                    บันทึกเป็น…
                  </button>
                  {editable ? (
                    <button
                      type="button"
                      disabled={busy}
                      aria-label={`แทนที่ ${a.name}`}
                      onClick={() => {
                        replacing.current = a.position;
                        picker.current?.click();
                      }}
                    >
                      แทนที่…
                    </button>
                  ) : null}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
      {editable && entry.attachments.length < ATTACHMENT_LIMITS.maxFiles ? (
        <button
          type="button"
          disabled={busy}
          onClick={() => {
            replacing.current = null;
            picker.current?.click();
          }}
        >
          เพิ่มไฟล์แนบ…
        </button>
      ) : null}
      {busy ? <p className="attachment-notice">กำลังดำเนินการ…</p> : null}
      {notice ? (
        <p className="attachment-notice" role="status">
          {notice}
        </p>
      ) : null}
      {error ? (
        <p className="error" role="alert">
          {error}
        </p>
      ) : null}
      {viewing ? (
        <div className="attachment-viewer" role="region" aria-label={`ดูไฟล์ ${viewing.name}`}>
          <div className="toolbar">
            <strong>{viewing.name}</strong>
            <button type="button" onClick={() => setViewing(null)}>
              ปิด
            </button>
          </div>
          {viewing.mimeType === 'application/pdf' ? (
            <iframe title={viewing.name} src={viewing.url} data-testid="attachment-pdf" />
          ) : (
            <img src={viewing.url} alt={viewing.name} data-testid="attachment-image" />
          )}
        </div>
      ) : null}
      {old.length ? (
        <div className="attachment-history">
          <h3>ไฟล์แนบเดิม (ประวัติ)</h3>
          <table className="attachments-table" aria-label="ไฟล์แนบเดิม">
            <thead>
              <tr>
                <th>ที่</th>
                <th>ชื่อไฟล์</th>
                <th>ใช้ในครั้งที่</th>
                <th>
                  <span className="visually-hidden">จัดการ</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {old.map((h) => (
                <tr key={`${h.position}-${h.versionFrom}`} data-testid="attachment-old">
                  <td className="num">{h.position}</td>
                  <td>
                    {h.name} <span className="muted">({formatFileSize(h.size)})</span>
                  </td>
                  <td>
                    {h.versionFrom === (h.versionTo ?? 0) - 1 ? h.versionFrom : `${h.versionFrom}–${(h.versionTo ?? 0) - 1}`} (เปลี่ยนในครั้งที่ {h.versionTo})
                  </td>
                  <td className="actions">
                    {viewableInApp(h.mimeType) ? (
                      <button type="button" disabled={busy} onClick={() => void view(h)} aria-label={`เปิดดูไฟล์เดิม ${h.name}`}>
                        เปิดดู
                      </button>
                    ) : (
                      <button type="button" disabled={busy} onClick={() => void openWithSystem(h)}>
                        เปิดด้วยโปรแกรม
                      </button>
                    )}
                    <button type="button" disabled={busy} onClick={() => void save(h)}>
                      บันทึกเป็น…
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
    </section>
  );
}
