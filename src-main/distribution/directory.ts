// The directory as this desktop keeps it (pulled from the server, used offline by compose),
// and the contacts list (จาก/ถึง pickers) filled from it.
import type { DirectoryOrg, DirectoryResponse } from '../../src-shared/distributionSchemas.js';
import type { Store } from '../db/store.js';

interface Row {
  org_id: string;
  name: string;
  kind: string;
  parent_id: string | null;
  school_code: string | null;
  network: string;
  school_type: string | null;
  active: number;
}

const toOrg = (r: Row): DirectoryOrg => ({
  id: r.org_id,
  name: r.name,
  kind: r.kind as DirectoryOrg['kind'],
  parentId: r.parent_id,
  schoolCode: r.school_code,
  network: r.network,
  schoolType: r.school_type as DirectoryOrg['schoolType'],
  active: r.active === 1,
});

export function directoryVersion(store: Store): number {
  return Number(store.getMeta('dist.directory_version') ?? '0');
}

/** Replaces the local copy with the server's answer (a full list: the server sends all or nothing). */
export function saveDirectory(store: Store, d: DirectoryResponse): void {
  if (d.unchanged) return;
  store.tx(() => {
    store.sqlite.prepare('DELETE FROM dist_directory').run();
    const insert = store.sqlite.prepare(
      'INSERT INTO dist_directory (org_id, name, kind, parent_id, school_code, network, school_type, active) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
    );
    const contact = store.sqlite.prepare("INSERT INTO contacts (name, kind) VALUES (?, ?) ON CONFLICT (name, kind) DO NOTHING");
    for (const o of d.orgs) {
      insert.run(o.id, o.name, o.kind, o.parentId, o.schoolCode, o.network, o.schoolType, o.active ? 1 : 0);
      // The same names in the register forms' จาก/ถึง pickers.
      if (o.active && o.kind !== 'office') contact.run(o.name, o.kind === 'school' ? 'school' : 'agency');
    }
    store.setMeta('dist.directory_version', String(d.version));
  });
}

export function listDirectory(store: Store, includeInactive = false): DirectoryOrg[] {
  return store
    .raw<Row>(`SELECT * FROM dist_directory ${includeInactive ? '' : 'WHERE active = 1'} ORDER BY kind, school_code, name`)
    .map(toOrg);
}

export function directoryById(store: Store): Map<string, DirectoryOrg> {
  return new Map(listDirectory(store, true).map((o) => [o.id, o]));
}
