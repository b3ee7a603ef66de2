// The server's hot read by organisation uses its index: listing one organisation's entries in id
// order reads that organisation's rows, not the whole primary key (40,000 rows read for 400).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serverMigrationsDir } from '../../src-server/paths.js';
import { migrate, openServerDb, sql, type ServerDb } from '../../src-server/db/open.js';
import { tempDir } from '../support/core.js';
import { freshDatabaseUrl } from '../support/server/centralServer.js';

let sdb: ServerDb;

beforeAll(async () => {
  // PGlite, or a fresh database on CI's PostgreSQL 15 when DATABASE_URL is set.
  sdb = await openServerDb({ dataDir: tempDir('saraban-index-'), databaseUrl: await freshDatabaseUrl() });
  await migrate(sdb, serverMigrationsDir());
  await sdb.exec(`
    INSERT INTO organisations (id, name, kind) VALUES ('big', 'ใหญ่', 'office'), ('small', 'เล็ก', 'school');
    INSERT INTO devices (id, org_id, name, local_device_id, credential_hash, credential_expires_at)
      VALUES ('d-big', 'big', 'ก', 'l1', 'h1', now() + interval '1 day'), ('d-small', 'small', 'ข', 'l2', 'h2', now() + interval '1 day');
    INSERT INTO entries (id, org_id, kind, year, register_no, version, device_id, data, server_seq)
      SELECT 'e' || lpad(g::text, 6, '0'), 'big', 'incoming', 2566, g, 1, 'd-big', '{}', g FROM generate_series(1, 5000) g;
    INSERT INTO entries (id, org_id, kind, year, register_no, version, device_id, data, server_seq)
      SELECT 'f' || lpad(g::text, 6, '0'), 'small', 'incoming', 2566, g, 1, 'd-small', '{}', 5000 + g FROM generate_series(1, 200) g;
    ANALYZE entries;`);
});

afterAll(async () => {
  await sdb?.close();
});

describe('server indexes', () => {
  it("one organisation's entries by id are read through (org_id, id), touching only its rows", async () => {
    const { rows } = await sql<{ 'QUERY PLAN': unknown }>`
      EXPLAIN (ANALYZE, FORMAT JSON) SELECT id, data FROM entries WHERE org_id = 'small' AND id > '' ORDER BY id LIMIT 1001`.execute(sdb.db);
    const plan = JSON.stringify(rows[0]?.['QUERY PLAN']);
    expect(plan).toContain('"Index Name":"entries_org_id"');
    // Rows the executor looked at (a full pkey scan would filter out the big office's 5,000).
    expect(plan).not.toContain('"Rows Removed by Filter"');
  });
});
