// Files cross the contract as base64 (it carries JSON only): from the core into a Blob for a
// download or a preview, and from a file the clerk picked into base64 for an upload.
export function base64ToBlob(base64: string, mimeType: string): Blob {
  const bin = atob(base64);
  const bytes = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i);
  return new Blob([bytes], { type: mimeType });
}

/** A picked file (or a slice of it) as base64, without the data URL's prefix. */
export function blobToBase64(blob: Blob): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => {
      const url = String(reader.result);
      resolve(url.slice(url.indexOf(',') + 1));
    };
    reader.onerror = () => reject(new Error('อ่านไฟล์จากเครื่องไม่ได้'));
    reader.readAsDataURL(blob);
  });
}

export function base64ToText(base64: string): string {
  const bin = atob(base64);
  const bytes = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i);
  return new TextDecoder('utf-8').decode(bytes);
}

/** Saves through the browser's (or Electron's) download, under the core's file name. */
export function saveFile(file: { fileName: string; mimeType: string; base64: string }): void {
  saveBlob(file.fileName, base64ToBlob(file.base64, file.mimeType));
}

/** A text file the core answered (an exported key file, a rejected-items list). */
export function saveText(fileName: string, content: string, mimeType = 'application/json'): void {
  saveBlob(fileName, new Blob([content], { type: mimeType }));
}

function saveBlob(fileName: string, blob: Blob): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName;
  a.rel = 'noopener';
  document.body.appendChild(a);
  a.click();
  a.remove();
  // Let the download start before the URL goes away.
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}
