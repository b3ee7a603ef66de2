import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../support/tempDirs.js';
import { DumpError, StatementSplitter, createTableColumns, parseInsert, readDump, type SqlRow } from '../../src-main/importing/sqlDump.js';

const DUMP = [
  '-- phpMyAdmin SQL Dump\r\n',
  'SET SQL_MODE = "NO_AUTO_VALUE_ON_ZERO";\r\nSET AUTOCOMMIT = 0;\r\nSTART TRANSACTION;\r\n',
  '/*!40101 SET NAMES utf8mb4 */;\r\n',
  '# a hash comment; with a semicolon\r\n',
  'CREATE TABLE `t` (\r\n  `id` int(11) NOT NULL,\r\n  `name` varchar(50) NOT NULL DEFAULT \'a,b\',\r\n  `kind` enum(\'x\',\'y\') DEFAULT NULL,\r\n  PRIMARY KEY (`id`),\r\n  KEY `k` (`name`,`kind`)\r\n) ENGINE=MyISAM DEFAULT CHARSET=utf8;\r\n',
  'LOCK TABLES `t` WRITE;\r\n',
  "INSERT INTO `t` VALUES (1,'เรื่อง; มี \\'อัญประกาศ\\' และ ''คู่''','x'),(2,'บรรทัด\\r\\nใหม่\nจริง',NULL),\r\n(3,'ทับ \\\\ -- ไม่ใช่คอมเมนต์ /* เช่นกัน */','y');\r\n",
  'UNLOCK TABLES;\r\n',
  "INSERT INTO `other` VALUES (1,'ไม่ได้ขอ');\r\n",
  "INSERT INTO `t` (`name`, `id`, `kind`) VALUES ('🙂 utf8mb4', 4, 'y');\r\n",
  'COMMIT;\r\n',
].join('');

function split(text: string, step: number): string[] {
  const out: string[] = [];
  const s = new StatementSplitter((sql) => out.push(sql.trim()), () => undefined);
  for (let i = 0; i < text.length; i += step) s.push(text.slice(i, i + step));
  s.push('', true);
  return out;
}

describe('the dump reader', () => {
  it('splits statements the same way whatever the chunk size', () => {
    const whole = split(DUMP, DUMP.length);
    expect(whole.some((s) => s.startsWith('INSERT INTO `t` VALUES (1'))).toBe(true);
    expect(whole.filter((s) => s.startsWith('INSERT'))).toHaveLength(3);
    for (const step of [1, 2, 3, 7, 64]) expect(split(DUMP, step)).toEqual(whole);
  });

  it('takes column names from CREATE TABLE, skipping keys, with commas inside defaults and enums', () => {
    const create = split(DUMP, 1000).find((s) => s.startsWith('CREATE')) as string;
    expect(createTableColumns(create)).toEqual({ table: 't', columns: ['id', 'name', 'kind'] });
  });

  it('unescapes strings, doubled quotes, NULL and numbers', () => {
    const p = parseInsert("INSERT INTO `t` VALUES (1,'a\\'b''c\\\\d\\n',NULL,-2.5)", ['a', 'b', 'c', 'd']);
    expect(p.tuples).toEqual([[1, "a'b'c\\d\n", null, -2.5]]);
  });

  it('reads rows of the asked tables from plain and gzip files, with column lists or without', async () => {
    const dir = tempDir('dump-');
    const plain = join(dir, 'a.sql');
    const gz = join(dir, 'a.sql.gz');
    writeFileSync(plain, DUMP);
    writeFileSync(gz, gzipSync(Buffer.from(DUMP)));
    for (const file of [plain, gz]) {
      const rows: SqlRow[] = [];
      await readDump(file, { tables: new Set(['t']), onRow: (_t, r) => rows.push(r) });
      expect(rows.map((r) => r.id)).toEqual([1, 2, 3, 4]);
      expect(rows[0]?.name).toBe("เรื่อง; มี 'อัญประกาศ' และ 'คู่'");
      expect(rows[1]?.name).toBe('บรรทัด\r\nใหม่\nจริง');
      expect(rows[2]?.name).toBe('ทับ \\ -- ไม่ใช่คอมเมนต์ /* เช่นกัน */');
      expect(rows[3]).toEqual({ name: '🙂 utf8mb4', id: 4, kind: 'y' });
    }
  });

  it('refuses a dump cut in the middle, plain or gzip, in Thai', async () => {
    const dir = tempDir('dump-');
    const cutAt = DUMP.indexOf('บรรทัด');
    const plain = join(dir, 'cut.sql');
    writeFileSync(plain, DUMP.slice(0, cutAt));
    await expect(readDump(plain, { tables: new Set(['t']), onRow: () => undefined })).rejects.toThrow(/ถูกตัด/);
    const atStatementEnd = join(dir, 'cut2.sql');
    writeFileSync(atStatementEnd, DUMP.slice(0, DUMP.indexOf('UNLOCK')));
    await expect(readDump(atStatementEnd, { tables: new Set(['t']), onRow: () => undefined })).rejects.toThrow(/COMMIT/);
    const gz = gzipSync(Buffer.from(DUMP));
    const gzCut = join(dir, 'cut.sql.gz');
    writeFileSync(gzCut, gz.subarray(0, Math.floor(gz.length / 2)));
    await expect(readDump(gzCut, { tables: new Set(['t']), onRow: () => undefined })).rejects.toBeInstanceOf(DumpError);
  });
});
