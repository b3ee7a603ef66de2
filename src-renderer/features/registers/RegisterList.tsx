// One list screen for all four registers: toolbar, search, group filter, table, pages.
import { useState, type FormEvent } from 'react';
import type { EntryPage, OutgoingSeries, RegisterKind, SearchField } from '../../../src-shared/domain.js';
import { OUTGOING_SERIES, OUTGOING_SERIES_LABELS, REGISTER_LABELS, SEARCH_FIELDS_BY_KIND, SEARCH_FIELD_LABELS } from '../../../src-shared/domain.js';
import { formatNumber } from '../../../src-shared/thai.js';
import { must } from '../../api/client.js';
import { useApp } from '../../app/AppContext.js';
import { useCan } from '../../app/AuthGate.js';
import { href, navigate, takeFlash } from '../../app/route.js';
import { useLoad } from '../../ui/useAsync.js';
import { PrintDialogButton } from '../print/PrintDialog.js';
import { COLUMNS } from './columns.js';
import { Pager } from './Pager.js';

export const PAGE_SIZE = 20;

/** What the list shows; a print/export button takes the same query. */
export interface ListQuery {
  kind: RegisterKind;
  groupId: number | null;
  field: SearchField;
  q: string;
  /** ทะเบียนหนังสือส่ง: ปกติ, เวียน or both. */
  series: OutgoingSeries;
}

export function RegisterList({ kind }: { kind: RegisterKind }) {
  const { info, groups } = useApp();
  const can = useCan();
  const digits = info.office.digits;
  const [page, setPage] = useState(1);
  const firstField: SearchField = kind === 'certificate' ? 'recipient' : 'subject';
  const [query, setQuery] = useState<ListQuery>({ kind, groupId: null, field: firstField, q: '', series: 'all' });
  const [draftField, setDraftField] = useState<SearchField>(firstField);
  const [draftQ, setDraftQ] = useState('');
  const [flash] = useState(takeFlash);
  const { data, error, loading } = useLoad<EntryPage>(
    () => must('entries.list', { kind, page, pageSize: PAGE_SIZE, groupId: query.groupId, field: query.field, q: query.q, series: query.series }),
    [kind, page, query],
  );
  const labels = REGISTER_LABELS[kind];
  const columns = COLUMNS[kind];
  const pages = data ? Math.max(1, Math.ceil(data.total / PAGE_SIZE)) : 1;

  const search = async (ev: FormEvent) => {
    ev.preventDefault();
    const q = draftQ.trim();
    // A receive stamp's QR code, typed in by a USB scanner, opens its entry directly.
    if (q.length >= 36) {
      const { match } = await must('entries.findByCode', { code: q });
      if (match) {
        navigate(href.details(match.kind, match.id));
        return;
      }
    }
    setPage(1);
    setQuery((prev) => ({ ...prev, field: draftField, q }));
  };

  return (
    <section className="register" aria-labelledby="register-title">
      <div className="page-head">
        <h1 id="register-title">{labels.book}</h1>
        <div className="toolbar">
          {can('entries.create') ? (
            <a className="button primary" href={href.create(kind)}>
              {labels.action}
            </a>
          ) : null}
          {kind === 'certificate' && can('certificates.issueBulk') ? (
            <a className="button" href={href.bulk()}>
              ออกเลขเกียรติบัตรเป็นชุด
            </a>
          ) : null}
          <div className="toolbar-extras">
            <PrintDialogButton kind={kind} groupId={query.groupId} series={query.series} />
          </div>
        </div>
      </div>

      {flash ? <p className="flash" role="status">{flash}</p> : null}
      <div className="filters">
        <form className="search" role="search" onSubmit={(ev) => void search(ev)}>
          <label htmlFor="search-field">ค้นหาหนังสือ จาก</label>
          <select id="search-field" value={draftField} onChange={(e) => setDraftField(e.target.value as SearchField)}>
            {SEARCH_FIELDS_BY_KIND[kind].map((f) => (
              <option key={f} value={f}>
                {SEARCH_FIELD_LABELS[f]}
              </option>
            ))}
          </select>
          <label htmlFor="search-q">ด้วยคำว่า</label>
          <input id="search-q" type="search" value={draftQ} onChange={(e) => setDraftQ(e.target.value)} />
          <button type="submit">ค้นหา</button>
          {query.q ? (
            <button
              type="button"
              className="link"
              onClick={() => {
                setDraftQ('');
                setPage(1);
                setQuery((q) => ({ ...q, q: '' }));
              }}
            >
              ล้างคำค้น
            </button>
          ) : null}
        </form>
        <div className="group-filter">
          <label htmlFor="group-filter">กลุ่ม</label>
          <select
            id="group-filter"
            value={query.groupId ?? ''}
            onChange={(e) => {
              setPage(1);
              setQuery((q) => ({ ...q, groupId: e.target.value ? Number(e.target.value) : null }));
            }}
          >
            <option value="">ทุกกลุ่ม(งาน)</option>
            {groups.map((g) => (
              <option key={g.id} value={g.id}>
                {g.name}
                {g.active ? '' : ' (เลิกใช้)'}
              </option>
            ))}
          </select>
        </div>
        {kind === 'outgoing' ? (
          <div className="group-filter" role="radiogroup" aria-label="ชนิดหนังสือส่ง">
            {OUTGOING_SERIES.map((s) => (
              <label key={s}>
                <input
                  type="radio"
                  name="series"
                  checked={query.series === s}
                  onChange={() => {
                    setPage(1);
                    setQuery((q) => ({ ...q, series: s }));
                  }}
                />{' '}
                {OUTGOING_SERIES_LABELS[s]}
              </label>
            ))}
          </div>
        ) : null}
      </div>

      {error ? <p className="error" role="alert">{error}</p> : null}
      <div className="summary-line" aria-live="polite" aria-busy={loading}>
        {data
          ? `ทั้งหมด ${formatNumber(data.total, digits)}${data.totalIsLowerBound ? '+' : ''} รายการ · หน้า ${formatNumber(page, digits)}/${formatNumber(pages, digits)}`
          : 'กำลังโหลด…'}
      </div>
      <div className="table-wrap">
        <table className={`entries entries-${kind}`}>
          <thead>
            <tr>
              {columns.map((c) => (
                <th key={c.key} className={c.className} scope="col">
                  {c.header}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {data?.rows.map((e) => (
              <tr key={e.id} className={e.status === 'cancelled' ? 'cancelled' : e.urgency === 'most_urgent' || e.urgency === 'very_urgent' ? 'urgent' : undefined} data-regno={e.registerNo}>
                {columns.map((c) => (
                  <td key={c.key} className={c.className}>
                    {c.cell(e, digits)}
                  </td>
                ))}
              </tr>
            ))}
            {data && data.rows.length === 0 ? (
              <tr>
                <td colSpan={columns.length} className="empty">
                  {query.q ? 'ไม่พบหนังสือที่ค้นหา' : 'ยังไม่มีรายการในทะเบียนนี้'}
                </td>
              </tr>
            ) : null}
          </tbody>
        </table>
      </div>
      <Pager page={page} pages={pages} onPage={setPage} digits={digits} />
    </section>
  );
}
