// A register printed in chunks gets "หน้า x/y" drawn by pdf-lib after the chunks are joined; a
// small one gets it from Chromium's own @page margin box. Both must look the same on paper:
// the same words, in the same place, in either digit style and either orientation.
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { openCore, type Core } from '../../src-main/core.js';
import { getOffice } from '../../src-main/registers/office.js';
import { ChromiumPrinter } from '../../src-main/reports/chromium.js';
import { RegisterReportBuilder, type RegisterReportOptions } from '../../src-main/reports/html.js';
import { PdfJoiner } from '../../src-main/reports/pdfJoiner.js';
import { reportChunks } from '../../src-main/reports/reportData.js';
import type { Entry } from '../../src-shared/domain.js';
import { DEFAULT_PRINT_SETTINGS, type PrintSettings } from '../../src-shared/reportSchemas.js';
import { applyDigits } from '../../src-shared/thai.js';
import { tempDir } from '../support/core.js';
import { pdfPages, seedRegister, squash } from './reports-support.js';

interface Word {
  text: string;
  xMin: number;
  yMin: number;
  xMax: number;
  yMax: number;
}

let core: Core;
let printer: ChromiumPrinter;
let dir: string;
let entries: Entry[];

beforeAll(() => {
  dir = tempDir('saraban-page-numbers-');
  core = openCore({ dataDir: dir });
  seedRegister(core);
  const query = { kind: 'incoming' as const, from: '2023-11-16', to: '2023-11-16', groupId: null, includeCancelled: true };
  entries = [...reportChunks(core.store, query, 1000)].flat();
  printer = new ChromiumPrinter();
});

afterAll(async () => {
  await printer.close();
  core.close();
});

function builder(settings: PrintSettings, options: RegisterReportOptions): RegisterReportBuilder {
  const meta = { office: getOffice(core.store), kind: 'incoming' as const, from: '2023-11-16', to: '2023-11-16', groupName: null, settings, printedAt: '2023-11-20T14:05:00+07:00' };
  return new RegisterReportBuilder(meta, options);
}

/** The words of one page with their boxes in points, as poppler reads them. */
function words(pdf: Uint8Array, page: number): Word[] {
  const file = join(dir, `w-${Math.random().toString(36).slice(2)}.pdf`);
  writeFileSync(file, pdf);
  const html = execFileSync('pdftotext', ['-bbox', '-enc', 'UTF-8', '-f', String(page), '-l', String(page), file, '-'], { encoding: 'utf8' });
  return [...html.matchAll(/<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)<\/word>/g)].map((m) => ({
    text: m[5] ?? '',
    xMin: Number(m[1]),
    yMin: Number(m[2]),
    xMax: Number(m[3]),
    yMax: Number(m[4]),
  }));
}

/** "หน้า" and the number after it. */
function pageNumberWords(pdf: Uint8Array, page: number): [Word, Word] {
  const all = words(pdf, page);
  const at = all.findIndex((w) => w.text === 'หน้า');
  const label = all[at];
  const number = all[at + 1];
  if (!label || !number) throw new Error(`no "หน้า x/y" on page ${page}`);
  return [label, number];
}

const cases = [
  { orientation: 'landscape', digits: 'arabic' },
  { orientation: 'portrait', digits: 'thai' },
] as const;

describe.each(cases)('$orientation, $digits digits', ({ orientation, digits }) => {
  test('the joined chunks carry "หน้า x/y" where Chromium puts it on a one-piece register', async () => {
    const settings: PrintSettings = { ...DEFAULT_PRINT_SETTINGS, orientation, digits };
    const rows = [...entries, ...entries, ...entries];
    const whole = builder(settings, {});
    const reference = await printer.pdf(whole.head() + whole.rows(rows) + whole.tail());

    // The same rows in two chunks, printed without page numbers, joined, then numbered.
    const chunked = builder(settings, { pageNumbers: false, printOnly: true });
    const half = Math.ceil(rows.length / 2);
    const joiner = await PdfJoiner.create('ทะเบียนหนังสือรับ');
    for (const [i, part] of [rows.slice(0, half), rows.slice(half)].entries()) {
      await joiner.append(await printer.pdf(chunked.head(i > 0) + chunked.rows(part) + chunked.tail(i === 1)));
    }
    const joined = await joiner.finish(chunked.pageSetup());

    const pages = pdfPages(Buffer.from(joined), dir);
    expect(pages.length).toBeGreaterThan(2);
    pages.forEach((p, i) => expect(squash(p), `page ${i + 1}`).toContain(`หน้า${applyDigits(`${i + 1}/${pages.length}`, digits)}`));

    const [refLabel, refNumber] = pageNumberWords(reference, 1);
    const [label, number] = pageNumberWords(joined, 1);
    if (process.env.KEEP_PDF) { writeFileSync(`/tmp/ref-${digits}.pdf`, reference); writeFileSync(`/tmp/joined-${digits}.pdf`, joined); }
    expect(number.text).toBe(applyDigits(`1/${pages.length}`, digits));
    // Right-aligned on the same edge and on the same line, within half a millimetre (1.4 pt):
    // Chromium rounds its margin boxes to whole pixels.
    expect(Math.abs(number.xMax - refNumber.xMax)).toBeLessThan(1.4);
    expect(Math.abs(label.yMin - refLabel.yMin)).toBeLessThan(1.4);
    expect(Math.abs(label.yMax - refLabel.yMax)).toBeLessThan(1.4);
    // The same face and size: the word is as wide as Chromium sets it.
    expect(Math.abs(label.xMax - label.xMin - (refLabel.xMax - refLabel.xMin))).toBeLessThan(0.2);
  });
});
