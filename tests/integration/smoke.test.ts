import { afterEach, describe, expect, it } from 'vitest';
import { openTestApp, type TestApp } from '../support/core.js';

let app: TestApp;
afterEach(() => app?.dispose());

describe('demo office', () => {
  it('loads fixtures through the engine', async () => {
    app = openTestApp();
    const r = await app.must('demo.load', {});
    expect(r.loaded).toBeGreaterThan(10);
    const page = await app.must('entries.list', { kind: 'outgoing' });
    expect(page.rows.map((e) => e.docNo)).toContain('ที่ ศธ04051/3959');
    const search = await app.must('entries.list', { kind: 'incoming', q: 'วันหยุด', field: 'subject' });
    expect(search.rows[0]?.subject).toBe('การเลื่อนวันหยุดชดเชยวันหยุดราชการฯ');
    expect(search.rows[0]?.registerNo).toBe(14527);
  });
});
