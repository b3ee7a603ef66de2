import { formatNumber, type DigitStyle } from '../../../src-shared/thai.js';

/** «หน้าแรก ‹หน้าก่อน 1 2 3 … หน้าถัดไป› หน้าสุดท้าย» over the register's pages. */
export function Pager({
  page,
  pages,
  onPage,
  digits,
}: {
  page: number;
  pages: number;
  onPage: (p: number) => void;
  digits: DigitStyle;
}) {
  if (pages <= 1) return null;
  const from = Math.max(1, Math.min(page - 4, pages - 9));
  const to = Math.min(pages, from + 9);
  const numbers: number[] = [];
  for (let p = from; p <= to; p++) numbers.push(p);
  return (
    <nav className="pager" aria-label="หน้า">
      <button type="button" onClick={() => onPage(1)} disabled={page === 1}>
        «หน้าแรก
      </button>
      <button type="button" onClick={() => onPage(page - 1)} disabled={page === 1}>
        ‹หน้าก่อน
      </button>
      {numbers.map((p) => (
        <button
          type="button"
          key={p}
          className={p === page ? 'current' : undefined}
          aria-current={p === page ? 'page' : undefined}
          aria-label={`หน้า ${p}`}
          onClick={() => onPage(p)}
        >
          {formatNumber(p, digits)}
        </button>
      ))}
      <button type="button" onClick={() => onPage(page + 1)} disabled={page === pages}>
        หน้าถัดไป›
      </button>
      <button type="button" onClick={() => onPage(pages)} disabled={page === pages}>
        หน้าสุดท้าย»
      </button>
    </nav>
  );
}
