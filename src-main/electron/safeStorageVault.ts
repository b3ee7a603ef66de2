// The device credential at rest, sealed with Electron's safeStorage (Windows DPAPI: the key
// belongs to the Windows account, so a copied register file or backup carries no usable
// credential). It implements the sync module's CredentialVault port; main.ts plugs it in for
// each register it opens, before sync starts. A credential sealed earlier by the key-file vault
// (the same register used from the browser host) still opens, and is sealed anew on next save.
import { safeStorage } from 'electron';
import type { CredentialVault } from '../sync/credentialVault.js';

// 'v1:' is the port's mark of a sealed value (sync/credentialVault.ts isSealed); 'dpapi:' is ours.
const PREFIX = 'v1:dpapi:';

export class SafeStorageVault implements CredentialVault {
  constructor(private readonly earlier: CredentialVault) {}

  /** false before 'ready' or where the OS offers no protected storage. */
  static available(): boolean {
    return safeStorage.isEncryptionAvailable();
  }

  seal(plain: string): string {
    return PREFIX + safeStorage.encryptString(plain).toString('base64');
  }

  open(sealed: string): string {
    if (!sealed.startsWith(PREFIX)) return this.earlier.open(sealed);
    return safeStorage.decryptString(Buffer.from(sealed.slice(PREFIX.length), 'base64'));
  }
}
