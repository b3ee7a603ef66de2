// The office's key for ลับ/ลับมาก entries: 32 random bytes made on the office's first PC and
// carried to its other PCs by the admin in a passphrase-protected key file; never sent to the
// server (the server knows only its id, to tell a second PC that a key exists already).
// On this PC it is kept sealed by the credential vault (safeStorage in the app, a key file
// outside the data folder in the browser host): register.sqlite holds only the sealed form,
// and backups leave even that out (backup/backups.ts).
import { createCipheriv, createDecipheriv, createHash, randomBytes, scrypt, type ScryptOptions } from 'node:crypto';
import type { OfficeKeyFile, OfficeKeyStatus } from '../../src-shared/syncSchemas.js';
import { OFFICE_KEY_ID } from '../../src-shared/syncSchemas.js';
import type { Store } from '../db/store.js';
import { DomainError } from '../errors.js';
import { credentialVaultFor } from './credentialVault.js';
import type { SyncClient } from './http.js';
import { readConfig } from './syncState.js';

export interface OfficeKey {
  key: Buffer;
  keyId: string;
}

interface OfficeKeyRow {
  key_id: string;
  sealed_key: string;
  org_id: string;
  /** 'pending': made here, its id not yet confirmed as the office's by the server (not used). */
  origin: 'generated' | 'imported' | 'pending';
  created_at: string;
}

/** A short public name of a key: a PC can tell whether it holds the office's key without showing it. */
export function officeKeyId(key: Buffer): string {
  return createHash('sha256').update('saraban-office-key-id\0').update(key).digest('hex').slice(0, 16);
}

function row(store: Store): OfficeKeyRow | undefined {
  return store.raw<OfficeKeyRow>('SELECT key_id, sealed_key, org_id, origin, created_at FROM office_key WHERE id = 1')[0];
}

// Opening the sealed key costs a vault call (DPAPI/Keychain in the app): once per sealed value.
const opened = new WeakMap<Store, { sealed: string; key: OfficeKey }>();

function openRow(store: Store, r: OfficeKeyRow): OfficeKey | null {
  const cached = opened.get(store);
  if (cached?.sealed === r.sealed_key) return cached.key;
  let key: Buffer;
  try {
    key = Buffer.from(credentialVaultFor(store).open(r.sealed_key), 'base64');
  } catch {
    return null;
  }
  if (key.length !== 32 || officeKeyId(key) !== r.key_id) return null;
  const k = { key, keyId: r.key_id };
  opened.set(store, { sealed: r.sealed_key, key: k });
  return k;
}

/** This PC's office key, or null when it has none (or its vault cannot open it: another PC's copy). */
export function readOfficeKey(store: Store): OfficeKey | null {
  const r = row(store);
  if (!r || r.origin === 'pending') return null;
  // A PC enrolled since with another organisation: that office's key is not this one's.
  const org = store.raw<{ org_id: string }>('SELECT org_id FROM sync_config WHERE id = 1')[0]?.org_id;
  if (org !== undefined && org !== r.org_id) return null;
  return openRow(store, r);
}

function saveOfficeKey(store: Store, key: Buffer, orgId: string, origin: OfficeKeyRow['origin'], at: string): void {
  const sealed = credentialVaultFor(store).seal(key.toString('base64'));
  store.sqlite
    .prepare('INSERT OR REPLACE INTO office_key (id, key_id, sealed_key, org_id, origin, created_at) VALUES (1, ?, ?, ?, ?, ?)')
    .run(officeKeyId(key), sealed, orgId, origin, at);
}

/** The server's view, remembered between cycles for the admin's screen (null: not asked yet). */
const serverKeyIds = new WeakMap<Store, string | null>();

/**
 * Makes the office key on the office's first PC: when this PC has none and the server says no
 * PC of the organisation has made one, a new key's id is claimed on the server and the key used
 * only once the claim is confirmed (two PCs enrolling at once end up with one key). The key is
 * kept (as pending) before the claim, so a claim whose answer was lost is confirmed by the next
 * attempt rather than leave the office with an id whose key nobody has. A PC that finds another
 * key claimed waits for the admin to import it; until then its secret entries go withheld.
 */
export async function ensureOfficeKey(store: Store, client: SyncClient, at: string): Promise<void> {
  const config = readConfig(store);
  if (!config) return;
  const mine = readOfficeKey(store);
  if (mine && serverKeyIds.get(store) === mine.keyId) return; // settled: no request each cycle
  let server = (await client.officeKey()).keyId;
  if (mine) {
    // A PC that had its key before the server knew of keys: the server learns it.
    if (server === null) server = (await client.claimOfficeKey(mine.keyId)).keyId;
    serverKeyIds.set(store, server);
    return;
  }
  let r = row(store);
  if (r && (r.origin !== 'pending' || r.org_id !== config.orgId || !openRow(store, r))) r = undefined;
  if (server === null) {
    if (!r) {
      saveOfficeKey(store, randomBytes(32), config.orgId, 'pending', at);
      r = row(store) as OfficeKeyRow;
    }
    server = (await client.claimOfficeKey(r.key_id)).keyId;
  }
  if (r && server === r.key_id) store.sqlite.prepare("UPDATE office_key SET origin = 'generated' WHERE id = 1 AND key_id = ?").run(r.key_id);
  else if (r) store.sqlite.prepare("DELETE FROM office_key WHERE id = 1 AND origin = 'pending'").run();
  serverKeyIds.set(store, server);
}

export function officeKeyStatus(store: Store): OfficeKeyStatus {
  const r = row(store);
  const usable = r ? readOfficeKey(store) !== null : false;
  return {
    hasKey: usable,
    keyId: usable && r ? r.key_id : null,
    origin: usable && r && r.origin !== 'pending' ? r.origin : null,
    createdAt: usable && r ? r.created_at : null,
    serverKeyId: serverKeyIds.get(store) ?? null,
    enrolled: readConfig(store) !== null,
  };
}

// ---- the key file the admin carries to the office's other PCs ----

export const KEY_FILE_FORMAT = 'saraban-office-key';
/** scrypt at 2^15 × 8: about 0.1 s and 32 MB once per export or import, slow for a guesser. */
const KDF = { name: 'scrypt', N: 2 ** 15, r: 8, p: 1 } as const;

function deriveKey(password: string, salt: Buffer, kdf: { N: number; r: number; p: number }): Promise<Buffer> {
  const opts: ScryptOptions = { N: kdf.N, r: kdf.r, p: kdf.p, maxmem: 256 * kdf.N * kdf.r };
  return new Promise((resolve, reject) => scrypt(password.normalize('NFC'), salt, 32, opts, (e, k) => (e ? reject(e) : resolve(k))));
}

/** What the file's encryption is bound to: changing the office or key id in the file breaks it. */
const aadOf = (f: { orgId: string; keyId: string }): Buffer => Buffer.from(`${KEY_FILE_FORMAT}\0${f.orgId}\0${f.keyId}`);

export async function exportOfficeKey(store: Store, password: string, at: string): Promise<{ fileName: string; content: string }> {
  const key = readOfficeKey(store);
  const r = row(store);
  if (!key || !r) throw new DomainError('conflict', 'เครื่องนี้ยังไม่มีกุญแจของสำนักงาน จึงส่งออกไม่ได้');
  const config = readConfig(store);
  const salt = randomBytes(16);
  const iv = randomBytes(12);
  const wrap = await deriveKey(password, salt, KDF);
  const header = { orgId: r.org_id, keyId: key.keyId };
  const cipher = createCipheriv('aes-256-gcm', wrap, iv);
  cipher.setAAD(aadOf(header));
  const ciphertext = Buffer.concat([cipher.update(key.key), cipher.final()]);
  const file: OfficeKeyFile = {
    format: KEY_FILE_FORMAT,
    version: 1,
    orgId: r.org_id,
    orgName: config?.orgName ?? '',
    keyId: key.keyId,
    exportedAt: at,
    kdf: { ...KDF, salt: salt.toString('base64') },
    iv: iv.toString('base64'),
    tag: cipher.getAuthTag().toString('base64'),
    ciphertext: ciphertext.toString('base64'),
  };
  return { fileName: `saraban-office-key-${key.keyId}.json`, content: `${JSON.stringify(file, null, 2)}\n` };
}

const WRONG_FILE = 'ไฟล์นี้ไม่ใช่ไฟล์กุญแจของสำนักงานจาก Saraban Desk หรือไฟล์เสียหาย';

/** Reads and checks a key file's shape; refuses anything else with a Thai message. */
function parseKeyFile(text: string): OfficeKeyFile {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    throw new DomainError('invalid_input', WRONG_FILE);
  }
  const f = raw as Partial<OfficeKeyFile> | null;
  const b64 = (v: unknown, bytes?: number) => typeof v === 'string' && /^[A-Za-z0-9+/]*={0,2}$/.test(v) && (bytes === undefined || Buffer.from(v, 'base64').length === bytes);
  const ok =
    f !== null && typeof f === 'object' &&
    f.format === KEY_FILE_FORMAT && f.version === 1 &&
    typeof f.orgId === 'string' && f.orgId.length > 0 && f.orgId.length <= 100 &&
    typeof f.keyId === 'string' && OFFICE_KEY_ID.test(f.keyId) &&
    typeof f.kdf === 'object' && f.kdf !== null && f.kdf.name === 'scrypt' &&
    // Only the work factors this program writes: a file cannot make the PC spend gigabytes.
    f.kdf.N === KDF.N && f.kdf.r === KDF.r && f.kdf.p === KDF.p && b64(f.kdf.salt, 16) &&
    b64(f.iv, 12) && b64(f.tag, 16) && b64(f.ciphertext, 32);
  if (!ok) throw new DomainError('invalid_input', WRONG_FILE);
  return f as OfficeKeyFile;
}

/**
 * Takes the office key from a file the admin exported on another PC. Refused, with nothing
 * changed: a wrong passphrase, a file of another organisation, a key other than the one the
 * server knows for this office, or a PC that holds a different key already.
 */
export async function importOfficeKey(store: Store, client: SyncClient | null, text: string, password: string, at: string): Promise<OfficeKeyStatus> {
  const f = parseKeyFile(text);
  const config = readConfig(store);
  if (!config) throw new DomainError('conflict', 'เชื่อมต่อเครื่องนี้กับเซิร์ฟเวอร์กลางของหน่วยงานก่อน แล้วจึงนำเข้ากุญแจของสำนักงาน');
  if (f.orgId !== config.orgId) {
    throw new DomainError('conflict', `ไฟล์กุญแจนี้เป็นของหน่วยงานอื่น${f.orgName ? ` (${f.orgName.slice(0, 200)})` : ''} ไม่ใช่ของ ${config.orgName} จึงนำเข้าไม่ได้`);
  }
  let key: Buffer;
  try {
    const wrap = await deriveKey(password, Buffer.from(f.kdf.salt, 'base64'), f.kdf);
    const decipher = createDecipheriv('aes-256-gcm', wrap, Buffer.from(f.iv, 'base64'));
    decipher.setAAD(aadOf(f));
    decipher.setAuthTag(Buffer.from(f.tag, 'base64'));
    key = Buffer.concat([decipher.update(Buffer.from(f.ciphertext, 'base64')), decipher.final()]);
  } catch {
    throw new DomainError('invalid_input', 'รหัสผ่านของไฟล์กุญแจไม่ถูกต้อง (หรือไฟล์ถูกแก้ไข) ยังไม่ได้นำเข้ากุญแจ', { password: 'รหัสผ่านไม่ถูกต้อง' });
  }
  if (key.length !== 32 || officeKeyId(key) !== f.keyId) throw new DomainError('invalid_input', WRONG_FILE);
  const mine = readOfficeKey(store);
  if (mine?.keyId === f.keyId) return officeKeyStatus(store);
  if (mine) {
    throw new DomainError('conflict', `เครื่องนี้มีกุญแจของสำนักงานอยู่แล้ว (รหัส ${mine.keyId}) ซึ่งไม่ตรงกับไฟล์นี้ (รหัส ${f.keyId}) จึงไม่นำเข้า`);
  }
  if (client) {
    // The server's word on which key is the office's, when it can be asked (offline: the file's office is enough).
    const server = await client.officeKey().then((v) => v.keyId, () => undefined);
    if (server !== undefined) serverKeyIds.set(store, server);
    if (server && server !== f.keyId) {
      throw new DomainError('conflict', `กุญแจในไฟล์นี้ (รหัส ${f.keyId}) ไม่ใช่กุญแจที่สำนักงานใช้อยู่บนเซิร์ฟเวอร์ (รหัส ${server}) จึงไม่นำเข้า`);
    }
    if (server === null) {
      const claimed = (await client.claimOfficeKey(f.keyId).catch(() => ({ keyId: null }))).keyId;
      serverKeyIds.set(store, claimed);
      if (claimed && claimed !== f.keyId) {
        throw new DomainError('conflict', `เครื่องอื่นของหน่วยงานเพิ่งสร้างกุญแจของสำนักงาน (รหัส ${claimed}) ให้นำเข้าไฟล์กุญแจจากเครื่องนั้นแทน`);
      }
    }
  }
  store.tx(() => saveOfficeKey(store, key, f.orgId, 'imported', at));
  return officeKeyStatus(store);
}
