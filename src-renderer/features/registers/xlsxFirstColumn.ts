// Reads the first column of the first worksheet of an .xlsx in the browser. exceljs is a
// Node-side module here (eslint keeps it out of the renderer), and an .xlsx is only a zip of
// XML: the zip directory is read by hand and entries inflated with the browser's own
// DecompressionStream, the XML with DOMParser. No dependency, no eval.

interface ZipEntry {
  name: string;
  method: number;
  compressedSize: number;
  localOffset: number;
}

function zipEntries(buf: ArrayBuffer): ZipEntry[] {
  const view = new DataView(buf);
  // End of central directory: signature 0x06054b50 within the last 64 KiB + 22 bytes.
  let eocd = -1;
  for (let i = buf.byteLength - 22; i >= Math.max(0, buf.byteLength - 65_557); i--) {
    if (view.getUint32(i, true) === 0x06054b50) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) throw new Error('not a zip');
  const count = view.getUint16(eocd + 10, true);
  let p = view.getUint32(eocd + 16, true);
  const decoder = new TextDecoder();
  const entries: ZipEntry[] = [];
  for (let i = 0; i < count; i++) {
    if (view.getUint32(p, true) !== 0x02014b50) throw new Error('bad zip directory');
    const method = view.getUint16(p + 10, true);
    const compressedSize = view.getUint32(p + 20, true);
    const nameLen = view.getUint16(p + 28, true);
    const extraLen = view.getUint16(p + 30, true);
    const commentLen = view.getUint16(p + 32, true);
    const localOffset = view.getUint32(p + 42, true);
    const name = decoder.decode(new Uint8Array(buf, p + 46, nameLen));
    entries.push({ name, method, compressedSize, localOffset });
    p += 46 + nameLen + extraLen + commentLen;
  }
  return entries;
}

async function readEntry(buf: ArrayBuffer, e: ZipEntry): Promise<string> {
  const view = new DataView(buf);
  const start = e.localOffset + 30 + view.getUint16(e.localOffset + 26, true) + view.getUint16(e.localOffset + 28, true);
  const data = new Uint8Array(buf, start, e.compressedSize);
  if (e.method === 0) return new TextDecoder().decode(data);
  if (e.method !== 8) throw new Error(`zip method ${e.method}`);
  const stream = new Blob([data]).stream().pipeThrough(new DecompressionStream('deflate-raw'));
  return new Response(stream).text();
}

const xml = (text: string) => new DOMParser().parseFromString(text, 'application/xml');

function textOf(el: Element): string {
  return Array.from(el.getElementsByTagName('t'))
    .map((t) => t.textContent ?? '')
    .join('');
}

export async function xlsxFirstColumn(file: Blob): Promise<string[]> {
  return (await xlsxRows(file)).flatMap((r) => (r[0] === undefined ? [] : [r[0]]));
}

/** The first worksheet's rows, each as its cells from column A on ('' where a cell is empty). */
export async function xlsxRows(file: Blob): Promise<string[][]> {
  const buf = await file.arrayBuffer();
  const entries = zipEntries(buf);
  const byName = new Map(entries.map((e) => [e.name, e]));
  const shared: string[] = [];
  const sst = byName.get('xl/sharedStrings.xml');
  if (sst) for (const si of Array.from(xml(await readEntry(buf, sst)).getElementsByTagName('si'))) shared.push(textOf(si));
  const sheets = entries
    .map((e) => e.name)
    .filter((n) => /^xl\/worksheets\/sheet\d+\.xml$/.test(n))
    .sort((a, b) => Number(/(\d+)\.xml$/.exec(a)?.[1]) - Number(/(\d+)\.xml$/.exec(b)?.[1]));
  const first = sheets[0] ? byName.get(sheets[0]) : undefined;
  if (!first) throw new Error('no worksheet');
  const doc = xml(await readEntry(buf, first));
  const rows = new Map<number, string[]>();
  for (const c of Array.from(doc.getElementsByTagName('c'))) {
    const ref = /^([A-Z]+)(\d+)$/.exec(c.getAttribute('r') ?? '');
    if (!ref) continue;
    const letters = ref[1] as string;
    const column = [...letters].reduce((n, ch) => n * 26 + ch.charCodeAt(0) - 64, 0) - 1;
    const type = c.getAttribute('t');
    const v = c.getElementsByTagName('v')[0]?.textContent ?? '';
    const value = type === 's' ? (shared[Number(v)] ?? '') : type === 'inlineStr' ? textOf(c) : v;
    const row = rows.get(Number(ref[2])) ?? [];
    while (row.length < column) row.push('');
    row[column] = value;
    rows.set(Number(ref[2]), row);
  }
  return [...rows.entries()].sort((a, b) => a[0] - b[0]).map(([, r]) => r);
}
