// The port both printers implement: headless Chromium (tests, the browser host) and Electron
// (the desktop app: a hidden window, printToPDF and the system print dialog).
// The page size, margins and page numbers live in the HTML's @page rules, so a printer only
// has to honour CSS page size and wait for the embedded fonts before it prints.

export interface PdfPrinter {
  readonly name: string;
  /** Renders the report HTML to PDF bytes, after document.fonts.ready. */
  pdf(html: string): Promise<Uint8Array>;
  /**
   * Opens the system print dialog for the HTML (Windows silent printing is unreliable, so the
   * clerk always chooses the printer). Absent where there is no screen: headless Chromium.
   */
  print?(html: string): Promise<boolean>;
  close(): Promise<void>;
}
