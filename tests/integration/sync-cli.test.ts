// The server's command line: `npm run server -- org create …` prints a one-time enrolment code,
// both while the server runs (through its loopback admin API) and on a stopped server's folder;
// the back-off schedule of the desktop's sync loop.
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import { appRoot } from '../../src-main/paths.js';
import { backoffDelay } from '../../src-main/sync/index.js';
import { openTestApp, type TestApp } from '../support/core.js';
import { enrol, restart, startServer, type ServerProcess } from '../support/server/centralServer.js';

const run = promisify(execFile);
const cleanup: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const f of cleanup.splice(0).reverse()) await f();
});

async function cli(s: ServerProcess, ...args: string[]): Promise<string> {
  const env: NodeJS.ProcessEnv = { ...process.env };
  delete env.DATABASE_URL;
  if (s.databaseUrl) env.DATABASE_URL = s.databaseUrl;
  const { stdout } = await run(process.execPath, ['--import', 'tsx', join('src-server', 'cli.ts'), '--data-dir', s.dataDir, ...args], { cwd: appRoot(), env });
  return stdout;
}

describe('server command line', () => {
  it('creates an organisation and codes, on a running server and on a stopped one', async () => {
    let s = await startServer();
    cleanup.push(() => s.kill());
    const out = await cli(s, 'org', 'create', '--name', 'สพป.เชียงใหม่ เขต 5', '--kind', 'office');
    expect(out).toContain('หน่วยงาน: สพป.เชียงใหม่ เขต 5 (สำนักงานเขตพื้นที่)');
    const code = /CODE: (\S+)/.exec(out)?.[1] as string;
    const orgId = /ORG: (\S+)/.exec(out)?.[1] as string;
    expect(code).toMatch(/^[A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4}$/);
    const app: TestApp = openTestApp();
    cleanup.push(() => app.dispose());
    await enrol(app, s.url, code);
    expect((await app.must('sync.status', {})).orgName).toBe('สพป.เชียงใหม่ เขต 5');

    await s.stop();
    const second = await cli(s, 'code', 'create', '--org', orgId, '--json');
    const issued = JSON.parse(second) as { code: string; org: { id: string } };
    expect(issued.org.id).toBe(orgId);
    expect((await cli(s, 'org', 'list')).split('\n').filter((l) => l.includes(orgId))[0]).toContain('(1 เครื่อง)');
    s = await restart(s);
    const other = openTestApp();
    cleanup.push(() => other.dispose());
    await enrol(other, s.url, issued.code);
    expect((await other.must('sync.status', {})).configured).toBe(true);
  });
});

describe('sync back-off', () => {
  it('doubles from the base up to the cap, with jitter in the upper half', () => {
    const low = (n: number) => backoffDelay(n, 1000, 60_000, () => 0);
    const high = (n: number) => backoffDelay(n, 1000, 60_000, () => 0.999);
    expect([1, 2, 3, 4].map(low)).toEqual([500, 1000, 2000, 4000]);
    expect([1, 2, 3].map(high)).toEqual([1000, 1999, 3998]);
    expect(low(30)).toBe(30_000);
    expect(high(30)).toBeLessThanOrEqual(60_000);
  });
});
