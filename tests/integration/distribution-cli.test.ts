// The office's directory from the server's command line: Thai usage for --help and for an
// unknown option (no stack trace), schools added one by one and imported from CSV and xlsx
// (a file with one bad row changes nothing), the list, and a school PC's enrolment code.
import { execFile } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import ExcelJS from 'exceljs';
import { afterEach, describe, expect, it } from 'vitest';
import { appRoot } from '../../src-main/paths.js';
import { openTestApp, tempDir } from '../support/core.js';
import { createOrg, enrol, startServer, type ServerProcess } from '../support/server/centralServer.js';

const run = promisify(execFile);
const cleanup: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const f of cleanup.splice(0).reverse()) await f();
});

async function cli(s: ServerProcess | null, ...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const env: NodeJS.ProcessEnv = { ...process.env };
  delete env.DATABASE_URL;
  if (s?.databaseUrl) env.DATABASE_URL = s.databaseUrl;
  const dir = s ? ['--data-dir', s.dataDir] : [];
  try {
    const r = await run(process.execPath, ['--import', 'tsx', join('src-server', 'cli.ts'), ...dir, ...args], { cwd: appRoot(), env });
    return { code: 0, stdout: r.stdout, stderr: r.stderr };
  } catch (e) {
    const err = e as { code: number; stdout: string; stderr: string };
    return { code: err.code, stdout: err.stdout, stderr: err.stderr };
  }
}

describe('server CLI: the directory', () => {
  it('prints Thai usage for --help and for an unknown option, without a stack trace', async () => {
    const help = await cli(null, '--help');
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('school import --office');
    const bad = await cli(null, 'school', 'add', '--colour', 'red');
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('ตัวเลือกไม่ถูกต้อง');
    expect(bad.stderr).toContain('--colour');
    expect(bad.stderr).toContain('การใช้งาน');
    expect(bad.stderr).not.toMatch(/\bat .*\.(ts|js):\d+/);
    const unknown = await cli(null, 'frobnicate');
    expect(unknown.stderr).toContain('คำสั่งไม่ถูกต้อง: frobnicate');
  }, 120_000);

  it('adds, imports (CSV and xlsx) and lists schools; a bad file changes nothing; a school PC enrols with its code', async () => {
    const s = await startServer();
    cleanup.push(() => s.kill());
    const { orgId: office } = await createOrg(s, 'สพป.เชียงใหม่ เขต 5');
    const added = await cli(s, 'school', 'add', '--office', office, '--code', '50010001', '--name', 'โรงเรียนบ้านห้วยปูลิง', '--group', 'เครือข่ายแม่แจ่ม 1', '--type', 'รัฐบาล');
    expect(added.code).toBe(0);
    const code = /CODE: (\S+)/.exec(added.stdout)?.[1] as string;
    expect(code).toMatch(/^[A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4}$/);

    const dir = tempDir('saraban-dir-');
    const bad = join(dir, 'bad.csv');
    writeFileSync(bad, '\uFEFFรหัสสถานศึกษา,ชื่อ,กลุ่ม,ประเภท\n50010002,โรงเรียนบ้านแม่ตื่น,เครือข่ายอมก๋อย,รัฐบาล\n50010003,,เครือข่ายอมก๋อย,รัฐบาล\n50010004,โรงเรียนดาราวิทยา,,สหกรณ์\n');
    const refused = await cli(s, 'school', 'import', '--office', office, '--file', bad);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('บรรทัดที่ 3: กรุณาระบุชื่อสถานศึกษา');
    expect(refused.stderr).toContain('บรรทัดที่ 4: ประเภทต้องเป็น รัฐบาล หรือ เอกชน');
    expect((await cli(s, 'school', 'list', '--office', office, '--json')).stdout).not.toContain('50010002');

    const good = join(dir, 'schools.csv');
    writeFileSync(good, 'รหัสสถานศึกษา,ชื่อ,กลุ่ม,ประเภท\n50010001,โรงเรียนบ้านห้วยปูลิง (แก้ชื่อ),เครือข่ายแม่แจ่ม 1,รัฐบาล\n50010002,โรงเรียนบ้านแม่ตื่น,เครือข่ายอมก๋อย,รัฐบาล\n');
    const imported = await cli(s, 'school', 'import', '--office', office, '--file', good);
    expect(imported.stdout).toContain('เพิ่มใหม่ 1 แห่ง แก้ไข 1 แห่ง');

    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('schools');
    ws.addRow(['ประเภท', 'ชื่อ', 'รหัสสถานศึกษา', 'กลุ่ม']);
    ws.addRow(['เอกชน', 'โรงเรียนดาราวิทยาลัย', '50010009', 'เอกชน อ.เมือง']);
    const xlsx = join(dir, 'schools.xlsx');
    await wb.xlsx.writeFile(xlsx);
    expect((await cli(s, 'school', 'import', '--office', office, '--file', xlsx)).stdout).toContain('เพิ่มใหม่ 1 แห่ง');

    const list = JSON.parse((await cli(s, 'school', 'list', '--office', office, '--json')).stdout) as { name: string; schoolCode: string | null; schoolType: string | null; network: string }[];
    expect(list.filter((o) => o.schoolCode).map((o) => [o.schoolCode, o.name, o.network, o.schoolType])).toEqual([
      ['50010001', 'โรงเรียนบ้านห้วยปูลิง (แก้ชื่อ)', 'เครือข่ายแม่แจ่ม 1', 'government'],
      ['50010002', 'โรงเรียนบ้านแม่ตื่น', 'เครือข่ายอมก๋อย', 'government'],
      ['50010009', 'โรงเรียนดาราวิทยาลัย', 'เอกชน อ.เมือง', 'private'],
    ]);
    const dup = await cli(s, 'school', 'add', '--office', office, '--code', '50010002', '--name', 'ซ้ำ');
    expect(dup.stderr).toContain('รหัสสถานศึกษา 50010002 มีอยู่แล้ว');

    const schoolCode = /CODE: (\S+)/.exec((await cli(s, 'school', 'code', '--office', office, '--school', '50010002')).stdout)?.[1] as string;
    const pc = openTestApp();
    cleanup.push(() => pc.dispose());
    await enrol(pc, s.url, schoolCode);
    expect((await pc.must('sync.status', {})).orgName).toBe('โรงเรียนบ้านแม่ตื่น');
    void code;
  }, 300_000);
});
