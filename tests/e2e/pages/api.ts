// Setup through the same HTTP API the renderer uses (for what the test does not drive by hand).
import type { InputOf, MethodName, OutputOf } from '../../../src-shared/contract.js';
import type { Result } from '../../../src-shared/result.js';
import type { E2EHost } from '../support/host.js';

/** Calls the API as the e2e admin (the session startE2EHost opened for the test itself). */
export async function api<M extends MethodName>(app: E2EHost, method: M, input: InputOf<M>): Promise<OutputOf<M>> {
  const res = await fetch(`${app.host.url}api/${method}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-saraban-token': app.host.token, 'x-saraban-session': app.session ?? '' },
    body: JSON.stringify(input),
  });
  const r = (await res.json()) as Result<OutputOf<M>>;
  if (!r.ok) throw new Error(`${method}: ${r.error.message} ${JSON.stringify(r.error.fields ?? {})}`);
  return r.value;
}

export type { OfficeFixture, RowFixture } from '../../../src-main/registers/demo.js';
import type { OfficeFixture } from '../../../src-main/registers/demo.js';

/** Groups, people and the directory from the office fixture (those not already there). */
export async function seedDirectory(app: E2EHost, office: OfficeFixture): Promise<void> {
  const have = new Set((await api(app, 'groups.list', { includeInactive: true })).map((g) => g.name));
  for (const name of office.groups) if (!have.has(name)) await api(app, 'groups.save', { name });
  const groups = new Map((await api(app, 'groups.list', {})).map((g) => [g.name, g.id]));
  for (const p of office.people) await api(app, 'people.save', { name: p.name, groupId: groups.get(p.group) as number });
  for (const name of office.schools) await api(app, 'contacts.save', { name, kind: 'school' });
  for (const name of office.agencies) await api(app, 'contacts.save', { name, kind: 'agency' });
}
