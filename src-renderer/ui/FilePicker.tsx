// A file chooser in Thai: the browser's own <input type=file> says "Choose File / No file chosen"
// in the browser's language, so it is hidden behind a styled button and a Thai label.
import { useRef } from 'react';

export function FilePicker({
  id,
  label,
  accept,
  fileName,
  onPick,
  disabled,
}: {
  id: string;
  label: string;
  accept: string;
  fileName: string | null;
  onPick: (file: File) => void;
  disabled?: boolean;
}) {
  const input = useRef<HTMLInputElement>(null);
  return (
    <span className="file-picker">
      <input
        ref={input}
        id={id}
        type="file"
        accept={accept}
        className="visually-hidden"
        tabIndex={-1}
        aria-hidden="true"
        disabled={disabled}
        onChange={(e) => {
          const f = e.target.files?.[0];
          if (f) onPick(f);
          e.target.value = '';
        }}
      />
      <button type="button" id={`${id}-choose`} className="button" disabled={disabled} onClick={() => input.current?.click()}>
        {label}
      </button>{' '}
      <span className="file-picker-name" aria-live="polite">
        {fileName ? `ไฟล์: ${fileName}` : 'ยังไม่ได้เลือกไฟล์'}
      </span>
    </span>
  );
}
