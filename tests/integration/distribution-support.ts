// Shared by the distribution tests: an office with schools on a real server process, enrolled
// desktops, and the clerk's steps (send from an outgoing entry, ลงรับ) through the real core.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { DistComposeInput } from '../../src-shared/distributionSchemas.js';
import { distComposeInput } from '../../src-shared/distributionSchemas.js';
import { AttachmentService } from '../../src-main/attachments/service.js';
import { composeAndSend } from '../../src-main/distribution/service.js';
import type { Entry } from '../../src-shared/domain.js';
import { openTestApp, type TestApp } from '../support/core.js';
import { createOrg, enrol, type ServerProcess } from '../support/server/centralServer.js';

export async function adminPost<T>(s: ServerProcess, path: string, body: unknown): Promise<T> {
  const token = (JSON.parse(readFileSync(join(s.dataDir, 'server.json'), 'utf8')) as { adminToken: string }).adminToken;
  const res = await fetch(new URL(path, s.url), { method: 'POST', headers: { 'content-type': 'application/json', 'x-admin-token': token }, body: JSON.stringify(body) });
  if (!res.ok) throw new Error(`${path}: ${res.status} ${await res.text()}`);
  return (await res.json()) as T;
}

export async function addSchool(s: ServerProcess, office: string, schoolCode: string, name: string, extra: { network?: string; schoolType?: 'government' | 'private'; kind?: 'school' | 'agency' } = {}): Promise<{ orgId: string; code: string }> {
  const r = await adminPost<{ org: { id: string }; code: string }>(s, '/admin/directory/orgs', {
    name,
    kind: extra.kind ?? 'school',
    office,
    ...(extra.kind === 'agency' ? {} : { schoolCode, network: extra.network ?? 'เครือข่าย 1', schoolType: extra.schoolType ?? 'government' }),
  });
  return { orgId: r.org.id, code: r.code };
}

export interface Setup {
  officeId: string;
  office: TestApp;
  schools: { orgId: string; app: TestApp; code: string }[];
}

export async function officeWithSchools(s: ServerProcess, n: number, track: (f: () => void) => void): Promise<Setup> {
  const { orgId: officeId, code } = await createOrg(s, 'สพป.เชียงใหม่ เขต 5', 'office');
  const office = openTestApp();
  track(() => office.dispose());
  await enrol(office, s.url, code, 'เครื่องสารบรรณ สพป.');
  const schools: Setup['schools'] = [];
  for (let i = 0; i < n; i++) {
    const schoolCode = `5001000${i + 1}`;
    const r = await addSchool(s, officeId, schoolCode, `โรงเรียนบ้านทดสอบ ${i + 1}`);
    const app = openTestApp();
    track(() => app.dispose());
    await enrol(app, s.url, r.code, `เครื่องโรงเรียน ${i + 1}`);
    schools.push({ orgId: r.orgId, app, code: schoolCode });
  }
  await office.must('sync.now', {});
  return { officeId, office, schools };
}

export function composeInput(over: Partial<DistComposeInput> & Record<string, unknown>): DistComposeInput {
  return distComposeInput.parse({ docDate: '2023-11-16', subject: 'ขอเชิญประชุมผู้บริหารสถานศึกษา', ...over });
}

export function send(app: TestApp, input: DistComposeInput): { id: string } {
  return composeAndSend(app.core, new AttachmentService({ dataDir: app.core.dataDir, store: app.core.store, now: app.core.now }), input);
}

/** "ส่ง ร.ร." from an outgoing entry: its number, date, subject and files. */
export function sendFromEntry(app: TestApp, entry: Entry, orgIds: string[]): { id: string } {
  return send(
    app,
    composeInput({
      sourceEntryId: entry.id,
      docNo: entry.docNo,
      docDate: entry.docDate,
      subject: entry.subject,
      orgIds,
      attachments: entry.attachments.map((a) => ({ sha256: a.sha256, description: a.description })),
    }),
  );
}
