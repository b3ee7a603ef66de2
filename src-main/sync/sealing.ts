// Secret content sealed with the office key (src-main/sync/officeKey.ts), AES-256-GCM from
// Node's crypto. An entry's content (the fields the secret right protects, its files' names,
// descriptions and hashes) becomes one `sealed` field bound to the entry's id; each of its files
// becomes an encrypted copy that the server names by the copy's own SHA-256.
// A file's copy must be the same bytes on every upload attempt, so that a broken upload resumes:
// its key and nonce come from the office key and the file's SHA-256 (HMAC), one key per file, so
// no nonce is ever used twice with one key. The price: two offices' PCs holding the same file
// and key would make the same copy, which only tells the server that a file was sent twice.
import { createCipheriv, createDecipheriv, createHash, createHmac, randomBytes } from 'node:crypto';
import { closeSync, mkdirSync, openSync, readSync, renameSync, rmSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';
import type { AttachmentRef, Entry } from '../../src-shared/domain.js';
import type { SealedContent } from '../../src-shared/syncSchemas.js';
import { blobExists, blobPath, promoteToBlob, tmpPath } from '../attachments/blobFiles.js';
import type { Store } from '../db/store.js';
import { SECRET_FIELDS, redactEntry } from '../users/secrecy.js';
import { readOfficeKey, type OfficeKey } from './officeKey.js';

/** A sealed entry's file as the server sees it: the encrypted copy's hash and size, nothing else. */
export interface SealedFileRef {
  sha256: string;
  size: number;
}

/** A file as the sealed content lists it: the clerk's file, and where its encrypted copy is. */
export type SealedAttachment = AttachmentRef & { sealedSha256: string; sealedSize: number };

const TAG_BYTES = 16;
const PIECE = 1024 * 1024;

const b64 = (b: Buffer): string => b.toString('base64');

export function sealText(key: OfficeKey, aad: string, plain: string): SealedContent {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key.key, iv);
  cipher.setAAD(Buffer.from(aad));
  const ciphertext = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
  return { alg: 'A256GCM', keyId: key.keyId, iv: b64(iv), tag: b64(cipher.getAuthTag()), ciphertext: b64(ciphertext) };
}

/** The inverse of sealText; throws when the key, the entry or a byte differs. */
export function openText(key: OfficeKey, aad: string, sealed: SealedContent): string {
  const decipher = createDecipheriv('aes-256-gcm', key.key, Buffer.from(sealed.iv, 'base64'));
  decipher.setAAD(Buffer.from(aad));
  decipher.setAuthTag(Buffer.from(sealed.tag, 'base64'));
  return Buffer.concat([decipher.update(Buffer.from(sealed.ciphertext, 'base64')), decipher.final()]).toString('utf8');
}

function fileKeyAndIv(key: OfficeKey, plainSha: string): { fileKey: Buffer; iv: Buffer } {
  const fileKey = createHmac('sha256', key.key).update(`saraban-file-key\0${plainSha}`).digest();
  const iv = createHmac('sha256', key.key).update(`saraban-file-iv\0${plainSha}`).digest().subarray(0, 12);
  return { fileKey, iv };
}

/**
 * Streams the file's encrypted copy (ciphertext then the GCM tag) to `sink`, in 1 MB pieces.
 * Answers the copy's SHA-256 and size.
 */
function encryptFile(key: OfficeKey, plainPath: string, plainSha: string, sink: ((piece: Buffer) => void) | null): { sha256: string; size: number } {
  const { fileKey, iv } = fileKeyAndIv(key, plainSha);
  const cipher = createCipheriv('aes-256-gcm', fileKey, iv);
  const hash = createHash('sha256');
  let size = 0;
  const emit = (b: Buffer) => {
    if (b.length === 0) return;
    hash.update(b);
    size += b.length;
    sink?.(b);
  };
  const buf = Buffer.allocUnsafe(PIECE);
  const fd = openSync(plainPath, 'r');
  try {
    for (;;) {
      const n = readSync(fd, buf, 0, buf.length, null);
      if (n === 0) break;
      emit(cipher.update(buf.subarray(0, n)));
    }
  } finally {
    closeSync(fd);
  }
  emit(cipher.final());
  emit(cipher.getAuthTag());
  return { sha256: hash.digest('hex'), size };
}

const dataDirOf = (store: Store): string => dirname(store.sqlite.name);

/** The encrypted copy's hash and size for one file (worked out once per file and key). */
function sealedRefFor(store: Store, key: OfficeKey, plainSha: string): SealedFileRef {
  const known = store.raw<{ cipher_sha256: string; cipher_size: number }>(
    'SELECT cipher_sha256, cipher_size FROM sealed_files WHERE plain_sha256 = ? AND key_id = ?',
    [plainSha, key.keyId],
  )[0];
  if (known) return { sha256: known.cipher_sha256, size: known.cipher_size };
  const ref = encryptFile(key, blobPath(dataDirOf(store), plainSha), plainSha, null);
  store.sqlite
    .prepare('INSERT OR IGNORE INTO sealed_files (plain_sha256, key_id, cipher_sha256, cipher_size) VALUES (?, ?, ?, ?)')
    .run(plainSha, key.keyId, ref.sha256, ref.size);
  return ref;
}

/** The entry's public fields: what every secret entry may show the server. */
function publicFields(entry: Entry): Record<string, unknown> {
  const out: Record<string, unknown> = { contentWithheld: true };
  for (const [k, v] of Object.entries(entry)) if (!SECRET_FIELDS.has(k)) out[k] = v;
  return out;
}

/**
 * A secret entry as it leaves the PC. ลับ/ลับมาก with the office key on this PC: the public
 * fields, the content sealed, and the encrypted copies of its files. ลับที่สุด, or a PC
 * without the key: the public fields only (withheld; the files stay here).
 */
export function sealedEntry(store: Store, entry: Entry): Record<string, unknown> {
  const out = publicFields(entry);
  if (entry.secrecy !== 'secret' && entry.secrecy !== 'very_secret') return out;
  const key = readOfficeKey(store);
  if (!key) return out;
  let files: SealedAttachment[];
  try {
    files = entry.attachments.map((a) => {
      const ref = sealedRefFor(store, key, a.sha256);
      return { ...a, sealedSha256: ref.sha256, sealedSize: ref.size };
    });
  } catch {
    // A file that cannot be read here cannot be sealed either: the entry goes withheld, as
    // without a key, rather than stop the clerk's registration.
    return out;
  }
  const content: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(entry)) if (SECRET_FIELDS.has(k)) content[k] = v;
  content.attachments = files;
  out.sealed = sealText(key, entry.id, JSON.stringify(content));
  out.attachments = files.map((f) => ({ sha256: f.sealedSha256, size: f.sealedSize }));
  return out;
}

/**
 * An entry as the server holds it, as this PC can read it: a sealed one opened with the office
 * key (its files listed with where their encrypted copies are), or, without the key (or for a
 * withheld one), its content shown as the secrecy level ("ลับ") and no files.
 */
export function openServerEntry(store: Store, row: Record<string, unknown>): Entry & { attachments: (AttachmentRef | SealedAttachment)[] } {
  const sealed = row.sealed as SealedContent | undefined;
  const base = { ...row } as Record<string, unknown>;
  delete base.sealed;
  delete base.contentWithheld;
  if (sealed) {
    const key = readOfficeKey(store);
    if (key && key.keyId === sealed.keyId) {
      try {
        const content = JSON.parse(openText(key, String(row.id), sealed)) as Record<string, unknown>;
        return { ...base, ...content } as unknown as Entry & { attachments: SealedAttachment[] };
      } catch {
        // A damaged or swapped sealed field reads as unreadable, like a missing key.
      }
    }
  }
  if (!sealed && row.contentWithheld !== true) return row as unknown as Entry;
  return { ...redactEntry({ from: '', to: '', remark: '', signer: '', recipient: '', cancelReason: null, subject: '', ...base } as unknown as Entry), attachments: [] };
}

/**
 * Writes the encrypted copy of the file the server knows as `cipherSha` into the attachments'
 * temp folder, for an upload; null when this PC has no such sealed file (or no key for it).
 * The caller removes it when the upload is done.
 */
export function writeSealedCopy(store: Store, cipherSha: string): string | null {
  const r = store.raw<{ plain_sha256: string; key_id: string }>('SELECT plain_sha256, key_id FROM sealed_files WHERE cipher_sha256 = ?', [cipherSha])[0];
  const key = readOfficeKey(store);
  if (!r || !key || key.keyId !== r.key_id) return null;
  const dataDir = dataDirOf(store);
  if (!blobExists(dataDir, r.plain_sha256)) return null;
  const path = tmpPath(dataDir, `sealed-${cipherSha}`);
  mkdirSync(dirname(path), { recursive: true });
  const part = `${path}.${process.pid}`;
  const fd = openSync(part, 'w');
  let made;
  try {
    made = encryptFile(key, blobPath(dataDir, r.plain_sha256), r.plain_sha256, (b) => {
      writeSync(fd, b);
    });
  } finally {
    closeSync(fd);
  }
  if (made.sha256 !== cipherSha) {
    rmSync(part, { force: true });
    return null;
  }
  renameSync(part, path);
  return path;
}

/**
 * Opens a file's encrypted copy from the server and keeps the file on this PC (content-addressed,
 * like any attachment). Refused unless the bytes decrypt and hash to the file's own SHA-256.
 */
export function keepOpenedFile(store: Store, file: SealedAttachment, copy: Buffer): void {
  const key = readOfficeKey(store);
  if (!key) throw new Error('no office key');
  if (copy.length < TAG_BYTES) throw new Error('sealed file too short');
  const { fileKey, iv } = fileKeyAndIv(key, file.sha256);
  const decipher = createDecipheriv('aes-256-gcm', fileKey, iv);
  decipher.setAuthTag(copy.subarray(copy.length - TAG_BYTES));
  const plain = Buffer.concat([decipher.update(copy.subarray(0, copy.length - TAG_BYTES)), decipher.final()]);
  if (createHash('sha256').update(plain).digest('hex') !== file.sha256) throw new Error('opened file does not match its hash');
  keepFile(store, file.sha256, plain);
}

/** Keeps bytes whose SHA-256 was checked as an attachment file of this PC. */
export function keepFile(store: Store, sha256: string, bytes: Buffer): void {
  const dataDir = dataDirOf(store);
  if (blobExists(dataDir, sha256)) return;
  const tmp = tmpPath(dataDir, `restore-${sha256.slice(0, 32)}-${process.pid}`);
  mkdirSync(dirname(tmp), { recursive: true });
  const fd = openSync(tmp, 'w');
  try {
    writeSync(fd, bytes);
  } finally {
    closeSync(fd);
  }
  promoteToBlob(dataDir, tmp, sha256);
}
