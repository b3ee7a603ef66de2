// exceljs' streaming xlsx writer on its own (reports/exporters.ts): the package's main file also
// loads its readers, the zip reader and the CSV parser, about three times the load, and loading
// holds the event loop (75 vs 200 ms here).
declare module 'exceljs/lib/stream/xlsx/workbook-writer.js' {
  import type { stream } from 'exceljs';
  const WorkbookWriter: typeof stream.xlsx.WorkbookWriter;
  export default WorkbookWriter;
}
