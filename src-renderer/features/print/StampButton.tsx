// พิมพ์ตรารับ for one entry (or a chosen batch): the receive stamp with its QR code, printed on a
// label (or plain A4) through the system print dialog, for a clerk without a rubber stamp.
import { useRef, useState } from 'react';
import { STAMP_PAPERS, STAMP_PAPER_LABELS, type StampPaper } from '../../../src-shared/reportSchemas.js';
import { must } from '../../api/client.js';
import { errorMessage } from '../../ui/Field.js';
import { base64ToText, saveFile } from './downloads.js';

export function StampButton({ ids, label = 'พิมพ์ตรารับ' }: { ids: string[]; label?: string }) {
  const [paper, setPaper] = useState<StampPaper>('label');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [html, setHtml] = useState<string | null>(null);
  const frame = useRef<HTMLIFrameElement>(null);

  const run = async (format: 'print' | 'pdf') => {
    setBusy(true);
    setError(null);
    try {
      const { jobId } = await must('reports.render', { type: 'stamps', ids, range: null, paper, format });
      for (;;) {
        const s = await must('reports.status', { jobId });
        if (s.state === 'failed') throw new Error(s.message);
        if (s.state === 'done') break;
        await new Promise((r) => setTimeout(r, 150));
      }
      const result = await must('reports.download', { jobId });
      if (result.kind === 'file' && result.mimeType.startsWith('text/html')) setHtml(base64ToText(result.base64));
      else if (result.kind === 'file') saveFile(result);
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <span className="stamp-button">
      <select aria-label="กระดาษตรารับ" value={paper} onChange={(e) => setPaper(e.target.value as StampPaper)}>
        {STAMP_PAPERS.map((p) => (
          <option key={p} value={p}>
            {STAMP_PAPER_LABELS[p]}
          </option>
        ))}
      </select>{' '}
      <button type="button" disabled={busy || ids.length === 0} onClick={() => void run('print')}>
        {label}
      </button>{' '}
      <button type="button" disabled={busy || ids.length === 0} onClick={() => void run('pdf')}>
        ตรารับเป็น PDF
      </button>
      {error ? (
        <span className="error" role="alert">
          {' '}
          {error}
        </span>
      ) : null}
      {html ? (
        // The browser host has no print dialog of its own in the core: print this hidden frame.
        <iframe
          ref={frame}
          title="ตรารับหนังสือ"
          sandbox="allow-same-origin allow-modals"
          srcDoc={html}
          style={{ position: 'absolute', width: 0, height: 0, border: 0 }}
          onLoad={() => frame.current?.contentWindow?.print()}
        />
      ) : null}
    </span>
  );
}
