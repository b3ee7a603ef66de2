// The paper clip AMSS++ shows beside an entry that has files.
export function AttachmentIcon({ count }: { count: number }) {
  if (count <= 0) return null;
  const label = `มีไฟล์แนบ ${count} ไฟล์`;
  return (
    <span className="attachment-icon" role="img" aria-label={label} title={label} data-testid="attachment-icon">
      <svg viewBox="0 0 24 24" width="15" height="15" aria-hidden="true" focusable="false">
        <path
          d="M16.5 6.5v10a4.5 4.5 0 0 1-9 0V5a3 3 0 0 1 6 0v10.5a1.5 1.5 0 0 1-3 0V6.5"
          fill="none"
          stroke="currentColor"
          strokeWidth="1.8"
          strokeLinecap="round"
        />
      </svg>
      {count > 1 ? <span className="attachment-count">{count}</span> : null}
    </span>
  );
}
