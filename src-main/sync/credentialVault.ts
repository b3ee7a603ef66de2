// The device credential at rest. The register file and its backups travel (USB sticks, shared
// folders, a second disk), so the credential in sync_config is sealed with a key kept elsewhere:
// Electron's safeStorage in the app (src-main/electron plugs its own vault in with
// setCredentialVault), and in the browser host a key file outside the data folder.
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import type { Store } from '../db/store.js';

export interface CredentialVault {
  /** Plain text in, an opaque printable string out. */
  seal(plain: string): string;
  /** The inverse of seal; throws when the key is not the one that sealed it. */
  open(sealed: string): string;
}

const PREFIX = 'v1:';

/** AES-256-GCM with a random 32-byte key kept in a file (mode 0600) outside the data folder. */
export class KeyFileVault implements CredentialVault {
  private key: Buffer | null = null;

  constructor(readonly keyFile: string) {}

  private loadKey(): Buffer {
    if (this.key) return this.key;
    if (existsSync(this.keyFile)) {
      this.key = Buffer.from(readFileSync(this.keyFile, 'utf8').trim(), 'base64');
    } else {
      mkdirSync(dirname(this.keyFile), { recursive: true, mode: 0o700 });
      const key = randomBytes(32);
      // 'wx': two processes starting together never overwrite each other's key.
      try {
        writeFileSync(this.keyFile, key.toString('base64'), { mode: 0o600, flag: 'wx' });
        this.key = key;
      } catch {
        this.key = Buffer.from(readFileSync(this.keyFile, 'utf8').trim(), 'base64');
      }
    }
    if (this.key.length !== 32) throw new Error(`the credential key file is damaged: ${this.keyFile}`);
    return this.key;
  }

  seal(plain: string): string {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.loadKey(), iv);
    const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
    return PREFIX + Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64');
  }

  open(sealed: string): string {
    const raw = Buffer.from(sealed.slice(PREFIX.length), 'base64');
    const decipher = createDecipheriv('aes-256-gcm', this.loadKey(), raw.subarray(0, 12));
    decipher.setAuthTag(raw.subarray(12, 28));
    return Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]).toString('utf8');
  }
}

/**
 * Where the browser host keeps the key: SARABAN_KEY_DIR, or a ".saraban-keys" folder beside the
 * data folder (never inside it, so copying the data folder does not copy the key).
 */
export function defaultKeyFile(dataDir: string): string {
  const dir = process.env.SARABAN_KEY_DIR ?? join(dirname(resolve(dataDir)), '.saraban-keys');
  return join(dir, `${basename(resolve(dataDir))}.key`);
}

const vaults = new WeakMap<Store, CredentialVault>();

/** Plugs a vault in for one open register (Electron: safeStorage). Call before sync starts. */
export function setCredentialVault(store: Store, vault: CredentialVault): void {
  vaults.set(store, vault);
}

export function credentialVaultFor(store: Store): CredentialVault {
  let v = vaults.get(store);
  if (!v) {
    v = new KeyFileVault(defaultKeyFile(dirname(store.sqlite.name)));
    vaults.set(store, v);
  }
  return v;
}

export const isSealed = (stored: string): boolean => stored.startsWith(PREFIX);
