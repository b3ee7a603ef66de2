// The distribution part of the API (รับส่งหนังสือราชการ): the directory, compose, the sent and
// received lists, ลงรับ, withdrawal, the follow-up list and its xlsx, the archive.
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { SECRECY_LABELS } from '../../src-shared/domain.js';
import { checkImportRows, directoryRowsFromTable } from '../../src-shared/directoryImport.js';
import { formatThaiDateShort, localIsoDate } from '../../src-shared/thai.js';
import type { HandlerPart } from '../api/handlerTypes.js';
import { blobPath } from '../attachments/blobFiles.js';
import type { AttachmentService } from '../attachments/service.js';
import type { Core } from '../core.js';
import { DomainError, invalid } from '../errors.js';
import { findEntry } from '../registers/queries.js';
import { syncEngineFor } from '../sync/index.js';
import { SyncClient, SyncHttpError } from '../sync/http.js';
import { readConfig } from '../sync/syncState.js';
import { callerCanSeeSecret, mayReadContent } from '../users/secrecy.js';
import { listDirectory } from './directory.js';
import { parseCsvRows, readXlsxRows } from '../tableFile.js';
import { archive, inboxDocument, listInbox, listSent, olderThanTwoYears, overdue, sentDetails, sentForEntries } from './queries.js';
import { composeAndSend, receive, withdraw } from './service.js';

export function distributionHandlers(core: Core, files: AttachmentService) {
  const { store } = core;
  return {
    'distribution.directory': (input) => listDirectory(store, input.includeInactive),
    'distribution.importDirectory': async (input) => {
      const bytes = Buffer.from(input.base64, 'base64');
      const cells = /\.xlsx$/i.test(input.name)
        ? await readXlsxRows(bytes)
        : parseCsvRows(bytes.toString('utf8'));
      const table = directoryRowsFromTable(cells);
      if (!table.ok) throw invalid('file', table.message);
      const checked = checkImportRows(table.rows);
      if (checked.issues.length > 0) {
        throw invalid('file', `ไฟล์มีข้อมูลไม่ถูกต้อง ${checked.issues.length} บรรทัด จึงยังไม่นำเข้าเลย: ${checked.issues.slice(0, 5).map((i) => `บรรทัดที่ ${i.line} ${i.message}`).join('; ')}`);
      }
      const config = readConfig(store);
      if (!config) throw new DomainError('conflict', 'เครื่องนี้ยังไม่ได้เชื่อมต่อเซิร์ฟเวอร์');
      const client = new SyncClient({ baseUrl: config.serverUrl, credential: config.credential });
      try {
        const result = await client.importDirectory(checked.rows.map(({ line: _line, ...r }) => r));
        await syncEngineFor(core).syncNow().catch(() => undefined); // the new directory comes down at once
        return result;
      } catch (e) {
        if (e instanceof SyncHttpError) throw new DomainError('conflict', e.message);
        throw e;
      }
    },
    'distribution.compose': (input) => {
      if (input.sourceEntryId !== null) {
        const e = findEntry(store, input.sourceEntryId);
        if (e && !mayReadContent(e)) throw new DomainError('forbidden', 'หนังสือฉบับนี้เป็นหนังสือลับ บัญชีของท่านไม่มีสิทธิ์ส่ง');
      }
      if (input.secrecy !== 'none' && !callerCanSeeSecret()) throw new DomainError('forbidden', 'บัญชีของท่านไม่มีสิทธิ์ส่งหนังสือลับ');
      const r = composeAndSend(core, files, input);
      syncEngineFor(core).poke();
      return r;
    },
    'distribution.sent': (input) => listSent(store, input),
    'distribution.sentDetails': (input) => sentDetails(store, input.id),
    'distribution.sentForEntries': (input) => sentForEntries(store, input.ids),
    'distribution.withdraw': (input) => {
      withdraw(core, input.id, input.reason);
      syncEngineFor(core).poke();
      return sentDetails(store, input.id);
    },
    'distribution.inbox': (input) => listInbox(store, input),
    'distribution.inboxDocument': (input) => inboxDocument(store, input.id),
    'distribution.receive': (input) => {
      const doc = inboxDocument(store, input.id);
      if (!mayReadContent(doc)) throw new DomainError('forbidden', 'หนังสือฉบับนี้เป็นหนังสือลับ บัญชีของท่านไม่มีสิทธิ์ลงรับ');
      const r = receive(core, input.id);
      syncEngineFor(core).poke();
      return r;
    },
    'distribution.readFile': (input) => {
      const row = store.raw<{ secrecy: string; mime_type: string; downloaded: number }>(
        `SELECT d.secrecy, f.mime_type, f.downloaded FROM dist_files f
           JOIN (SELECT id, secrecy FROM dist_sent UNION ALL SELECT id, secrecy FROM dist_inbox) d ON d.id = f.document_id
          WHERE f.document_id = ? AND f.sha256 = ?`,
        [input.id, input.sha256],
      )[0];
      if (!row) throw new DomainError('not_found', 'ไม่พบไฟล์แนบนี้');
      if (!mayReadContent(row)) throw new DomainError('forbidden', 'ไฟล์นี้แนบกับหนังสือลับ บัญชีของท่านไม่มีสิทธิ์เปิด');
      const path = blobPath(core.dataDir, input.sha256);
      if (!row.downloaded || !existsSync(path)) throw new DomainError('conflict', 'ไฟล์นี้ยังดาวน์โหลดไม่เสร็จ กรุณาเชื่อมต่อเซิร์ฟเวอร์แล้วลองอีกครั้ง');
      const bytes = readFileSync(path);
      if (createHash('sha256').update(bytes).digest('hex') !== input.sha256) throw new DomainError('conflict', 'ไฟล์แนบนี้เสียหาย กรุณาแจ้งผู้ดูแลระบบ');
      return { sha256: input.sha256, mimeType: row.mime_type, size: bytes.length, base64: bytes.toString('base64') };
    },
    'distribution.overdue': () => overdue(store, core.now()),
    'distribution.overdueExport': async () => {
      const rows = overdue(store, core.now());
      const { default: ExcelJS } = await import('exceljs');
      const wb = new ExcelJS.Workbook();
      const ws = wb.addWorksheet('ยังไม่รับเกิน 3 วัน');
      ws.addRow(['ที่', 'เรื่อง', 'ลงวันที่', 'ค้าง (วัน)', 'รหัสสถานศึกษา', 'ชื่อสถานศึกษา']);
      let n = 0;
      for (const o of rows) {
        const d = o.document;
        // A secret subject stays hidden in the file as on the screen.
        const subject = mayReadContent(d) ? d.subject : SECRECY_LABELS[d.secrecy];
        for (const w of o.waiting) {
          ws.addRow([d.docNo, subject, formatThaiDateShort(d.docDate), o.days, w.schoolCode ?? '', w.name]);
          n++;
        }
      }
      ws.getRow(1).font = { bold: true };
      ws.columns.forEach((c, i) => (c.width = [18, 50, 14, 10, 16, 40][i] ?? 14));
      const base64 = Buffer.from(await wb.xlsx.writeBuffer()).toString('base64');
      return { fileName: `หนังสือที่ยังไม่รับเกิน3วัน-${localIsoDate(core.now())}.xlsx`, mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', base64, rows: n };
    },
    'distribution.old': () => olderThanTwoYears(store, core.now()),
    'distribution.archive': (input) => ({ archived: archive(store, input.ids, core.now(), core.actor()) }),
  } satisfies HandlerPart;
}
