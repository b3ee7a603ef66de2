// The device credential at rest, sealed with Electron's safeStorage (Windows DPAPI: the key
// belongs to the Windows account, so a copied register file or backup does not carry a usable
// credential). It has the shape of the core's CredentialVault port (seal/open), which the sync
// module of issue 17 defines; main.ts plugs it in for each register it opens.
import { safeStorage } from 'electron';

const PREFIX = 'ss1:';

export class SafeStorageVault {
  /** false before 'ready' or where the OS offers no protected storage. */
  static available(): boolean {
    return safeStorage.isEncryptionAvailable();
  }

  seal(plain: string): string {
    if (!safeStorage.isEncryptionAvailable()) throw new Error('ระบบปฏิบัติการไม่มีที่เก็บรหัสที่ปลอดภัยสำหรับบัญชีนี้');
    return PREFIX + safeStorage.encryptString(plain).toString('base64');
  }

  open(sealed: string): string {
    if (!sealed.startsWith(PREFIX)) throw new Error('the credential was not sealed by safeStorage');
    return safeStorage.decryptString(Buffer.from(sealed.slice(PREFIX.length), 'base64'));
  }
}
