// ไฟล์แนบ 1–5 on the registration form: pick or drop files (uploaded and checked at once), see
// name, size and type, write a description, reorder, remove; or take a file the office scanner
// dropped into the scan folder in one click. Nothing is attached until the form is saved.
import { useEffect, useRef, useState, type Dispatch, type DragEvent, type SetStateAction } from 'react';
import {
  ACCEPT_ATTRIBUTE,
  ALLOWED_TYPES_TEXT,
  ATTACHMENT_LIMITS,
  fileNameProblem,
  formatFileSize,
  typeLabel,
  type AttachmentInput,
  type ScanFolderListing,
  type StagedFile,
} from '../../../src-shared/attachmentSchemas.js';
import type { Entry } from '../../../src-shared/domain.js';
import { must } from '../../api/client.js';
import { errorMessage } from '../../ui/Field.js';
import { uploadFile } from './transfer.js';
import './attachments.css';
import { AttachmentsTableHead } from './AttachmentsTableHead.js';

export interface AttachmentDraft {
  key: string;
  name: string;
  size: number;
  mimeType: string;
  description: string;
  state: 'uploading' | 'ready';
  progress: number;
  /** A file staged in this form, or one the entry already has. */
  stagedId?: string;
  sha256?: string;
}

let keySeq = 0;
const nextKey = () => `att-${++keySeq}`;

export function draftsFromEntry(entry: Entry): AttachmentDraft[] {
  return entry.attachments.map((a) => ({
    key: nextKey(),
    name: a.name,
    size: a.size,
    mimeType: a.mimeType,
    description: a.description,
    state: 'ready',
    progress: 1,
    sha256: a.sha256,
  }));
}

export function draftFromStaged(s: StagedFile, description = ''): AttachmentDraft {
  return { key: nextKey(), name: s.name, size: s.size, mimeType: s.mimeType, description, state: 'ready', progress: 1, stagedId: s.stagedId };
}

export const draftsBusy = (drafts: AttachmentDraft[]): boolean => drafts.some((d) => d.state === 'uploading');

/** What entries.create / entries.update take: slots in list order. */
export function toAttachmentInputs(drafts: AttachmentDraft[]): AttachmentInput[] {
  return drafts
    .filter((d) => d.state === 'ready')
    .map((d, i) =>
      d.stagedId !== undefined
        ? { stagedId: d.stagedId, description: d.description, position: i + 1 }
        : { sha256: d.sha256 as string, description: d.description, position: i + 1 },
    );
}

interface Props {
  value: AttachmentDraft[];
  onChange: Dispatch<SetStateAction<AttachmentDraft[]>>;
  disabled?: boolean;
}

export function AttachmentsField({ value, onChange, disabled = false }: Props) {
  const input = useRef<HTMLInputElement | null>(null);
  const [errors, setErrors] = useState<string[]>([]);
  const [dragging, setDragging] = useState(false);
  const [tray, setTray] = useState<ScanFolderListing | null>(null);
  const [trayBusy, setTrayBusy] = useState<string | null>(null);
  const free = ATTACHMENT_LIMITS.maxFiles - value.length;
  // A saved or reset form empties the list: old refusals go with it.
  useEffect(() => {
    if (value.length === 0) setErrors([]);
  }, [value.length]);

  const addFiles = async (files: File[]) => {
    const problems: string[] = [];
    const accepted: File[] = [];
    for (const f of files) {
      const problem = fileNameProblem(f.name) ?? (f.size === 0 ? `ไฟล์ "${f.name}" ว่างเปล่า (0 ไบต์) แนบไม่ได้` : null);
      if (problem) problems.push(problem);
      else if (accepted.length >= free) problems.push(`แนบได้ไม่เกิน ${ATTACHMENT_LIMITS.maxFiles} ไฟล์ต่อรายการ: ไฟล์ "${f.name}" ไม่ถูกแนบ`);
      else accepted.push(f);
    }
    setErrors(problems);
    const drafts = accepted.map((f): AttachmentDraft => ({ key: nextKey(), name: f.name, size: f.size, mimeType: f.type, description: '', state: 'uploading', progress: 0 }));
    onChange((list) => [...list, ...drafts]);
    for (const [i, f] of accepted.entries()) {
      const key = (drafts[i] as AttachmentDraft).key;
      try {
        const staged = await uploadFile(f, (progress) => onChange((list) => list.map((d) => (d.key === key ? { ...d, progress } : d))));
        onChange((list) => list.map((d) => (d.key === key ? { ...draftFromStaged(staged, d.description), key } : d)));
      } catch (e) {
        onChange((list) => list.filter((d) => d.key !== key));
        setErrors((list) => [...list, errorMessage(e)]);
      }
    }
  };

  const move = (index: number, by: -1 | 1) =>
    onChange((list) => {
      const next = [...list];
      const [item] = next.splice(index, 1);
      if (item) next.splice(index + by, 0, item);
      return next;
    });

  const onDrop = (ev: DragEvent) => {
    ev.preventDefault();
    setDragging(false);
    if (!disabled) void addFiles([...ev.dataTransfer.files]);
  };

  const openTray = async () => {
    try {
      setTray(await must('attachments.scanFolderList', {}));
    } catch (e) {
      setErrors([errorMessage(e)]);
    }
  };

  const attachScanned = async (name: string) => {
    if (free <= 0) {
      setErrors([`แนบได้ไม่เกิน ${ATTACHMENT_LIMITS.maxFiles} ไฟล์ต่อรายการ`]);
      return;
    }
    setTrayBusy(name);
    try {
      const staged = await must('attachments.stageFromScanFolder', { name });
      onChange((list) => [...list, draftFromStaged(staged)]);
      setErrors([]);
    } catch (e) {
      setErrors([errorMessage(e)]);
    } finally {
      setTrayBusy(null);
    }
  };

  return (
    <fieldset className="attachments-field" aria-describedby="attachments-hint">
      <legend>ไฟล์แนบ</legend>
      <div
        className={`drop-zone${dragging ? ' dragging' : ''}`}
        data-testid="attachments-drop"
        onDragOver={(e) => {
          e.preventDefault();
          setDragging(true);
        }}
        onDragLeave={() => setDragging(false)}
        onDrop={onDrop}
      >
        <button type="button" onClick={() => input.current?.click()} disabled={disabled || free <= 0}>
          เลือกไฟล์…
        </button>
        <button type="button" onClick={() => void (tray ? setTray(null) : openTray())} disabled={disabled} aria-expanded={tray !== null}>
          ไฟล์จากเครื่องสแกน
        </button>
        <span id="attachments-hint" className="muted">
          หรือลากไฟล์มาวางที่นี่ · ไม่เกิน {ATTACHMENT_LIMITS.maxFiles} ไฟล์ ({ALLOWED_TYPES_TEXT})
        </span>
        <input
          ref={input}
          type="file"
          multiple
          hidden
          accept={ACCEPT_ATTRIBUTE}
          aria-label="เลือกไฟล์แนบ"
          data-testid="attachments-input"
          onChange={(e) => {
            const files = [...(e.target.files ?? [])];
            e.target.value = '';
            void addFiles(files);
          }}
        />
      </div>
      {errors.length ? (
        <ul className="attachment-errors" role="alert">
          {errors.map((m, i) => (
            <li key={i}>{m}</li>
          ))}
        </ul>
      ) : null}
      {tray ? <ScanTray tray={tray} busy={trayBusy} onAttach={(n) => void attachScanned(n)} onRefresh={() => void openTray()} /> : null}
      {value.length ? (
        <table className="attachments-table" aria-label="รายการไฟล์แนบ">
          <AttachmentsTableHead />
          <tbody>
            {value.map((d, i) => (
              <tr key={d.key} data-testid="attachment-row">
                <td className="num">{i + 1}</td>
                <td>{d.name}</td>
                <td>{d.state === 'uploading' ? `กำลังอัปโหลด ${Math.round(d.progress * 100)}%` : formatFileSize(d.size)}</td>
                <td>{d.state === 'uploading' ? '' : typeLabel(d.mimeType)}</td>
                <td>
                  <input
                    type="text"
                    aria-label={`คำอธิบายไฟล์ ${i + 1}`}
                    value={d.description}
                    maxLength={ATTACHMENT_LIMITS.description}
                    disabled={disabled}
                    onChange={(e) => {
                      const description = e.target.value;
                      onChange((list) => list.map((x) => (x.key === d.key ? { ...x, description } : x)));
                    }}
                  />
                </td>
                <td className="actions">
                  <button type="button" aria-label={`เลื่อนไฟล์ ${d.name} ขึ้น`} disabled={disabled || i === 0} onClick={() => move(i, -1)}>
                    ↑
                  </button>
                  <button type="button" aria-label={`เลื่อนไฟล์ ${d.name} ลง`} disabled={disabled || i === value.length - 1} onClick={() => move(i, 1)}>
                    ↓
                  </button>
                  <button type="button" aria-label={`เอาไฟล์ ${d.name} ออก`} disabled={disabled} onClick={() => onChange((list) => list.filter((x) => x.key !== d.key))}>
                    เอาออก
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
    </fieldset>
  );
}

function ScanTray({ tray, busy, onAttach, onRefresh }: { tray: ScanFolderListing; busy: string | null; onAttach: (name: string) => void; onRefresh: () => void }) {
  return (
    <div className="scan-tray" role="region" aria-label="ไฟล์จากเครื่องสแกน">
      {!tray.configured ? (
        <p className="muted">ยังไม่ได้ตั้งโฟลเดอร์เครื่องสแกน (ผู้ดูแลระบบตั้งได้ที่ ตั้งค่าระบบ)</p>
      ) : tray.error ? (
        <p className="error">{tray.error}</p>
      ) : (
        <>
          <div>
            โฟลเดอร์: <code>{tray.folder}</code>{' '}
            <button type="button" className="link" onClick={onRefresh}>
              รีเฟรช
            </button>
          </div>
          {tray.files.length === 0 ? <p className="muted">ยังไม่มีไฟล์ในโฟลเดอร์</p> : null}
          <ul>
            {tray.files.map((f) => (
              <li key={f.name}>
                <button type="button" disabled={f.problem !== null || busy !== null} onClick={() => onAttach(f.name)} aria-label={`แนบ ${f.name}`}>
                  {busy === f.name ? 'กำลังแนบ…' : 'แนบ'}
                </button>
                <span>{f.name}</span>
                <span className="muted">{formatFileSize(f.size)}</span>
                {f.problem ? <span className="muted">{f.problem}</span> : null}
              </li>
            ))}
          </ul>
        </>
      )}
    </div>
  );
}
