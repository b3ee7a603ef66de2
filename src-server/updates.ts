// The desktop app's updates, served by the office's own server: `npm run server -- publish-update
// FILE` copies the installer into <data-dir>/updates/ and writes latest.yml (version, size,
// sha512) the way electron-builder's generic provider expects; GET /updates/<name> serves only
// latest.yml and the files it names (with Range, for electron-updater's resumed downloads).
// The app checks the sha512 before it installs anything.
import fastifyStatic from '@fastify/static';
import type { FastifyInstance } from 'fastify';
import { createHash } from 'node:crypto';
import { copyFileSync, createReadStream, existsSync, mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';

export const updatesDir = (dataDir: string): string => join(dataDir, 'updates');
export const FEED_FILE = 'latest.yml';

const VERSION = /^\d+\.\d+\.\d+(?:-[0-9A-Za-z.-]+)?$/;
const SAFE_NAME = /^[0-9A-Za-z][0-9A-Za-z._-]*$/;

export interface PublishedUpdate {
  version: string;
  file: string;
  size: number;
  sha512: string;
}

function sha512Base64(file: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const hash = createHash('sha512');
    createReadStream(file)
      .on('data', (chunk) => hash.update(chunk))
      .on('error', reject)
      .on('end', () => resolve(hash.digest('base64')));
  });
}

/** The version in "Saraban-Desk-Setup-0.2.0.exe" (electron-builder's artifact name). */
export function versionFromInstallerName(name: string): string | null {
  const m = /(\d+\.\d+\.\d+(?:-[0-9A-Za-z.-]+)?)\.exe$/i.exec(name);
  return m?.[1] ?? null;
}

export function feedYaml(u: PublishedUpdate, releaseDate: string): string {
  // The names and version are checked against SAFE_NAME/VERSION, so they need no YAML quoting.
  return [
    `version: ${u.version}`,
    'files:',
    `  - url: ${u.file}`,
    `    sha512: ${u.sha512}`,
    `    size: ${u.size}`,
    `path: ${u.file}`,
    `sha512: ${u.sha512}`,
    `releaseDate: '${releaseDate}'`,
    '',
  ].join('\n');
}

/** Names latest.yml lists (the installer and its .blockmap): the only files the route serves. */
export function listedFiles(yaml: string): Set<string> {
  const names = new Set<string>([FEED_FILE]);
  for (const m of yaml.matchAll(/^\s*(?:-\s*url|path):\s*(\S+)\s*$/gm)) {
    const name = m[1] as string;
    if (SAFE_NAME.test(name)) {
      names.add(name);
      names.add(`${name}.blockmap`);
    }
  }
  return names;
}

export async function publishUpdate(dataDir: string, installer: string, opts: { version?: string; now?: Date } = {}): Promise<PublishedUpdate> {
  if (!existsSync(installer) || !statSync(installer).isFile()) throw new Error(`ไม่พบไฟล์ตัวติดตั้ง: ${installer}`);
  if (!/\.exe$/i.test(installer)) throw new Error('ไฟล์ตัวติดตั้งต้องเป็น .exe (ตัวติดตั้ง NSIS จาก npm run dist)');
  const version = opts.version ?? versionFromInstallerName(basename(installer));
  if (!version || !VERSION.test(version)) throw new Error('ไม่ทราบรุ่นของตัวติดตั้ง: ระบุด้วย --version เช่น --version 0.2.0');
  const file = `Saraban-Desk-Setup-${version}.exe`;
  const dir = updatesDir(dataDir);
  mkdirSync(dir, { recursive: true });
  // Copy under a temporary name, then rename: a PC never downloads a half-copied installer.
  const tmp = join(dir, `${file}.part`);
  copyFileSync(installer, tmp);
  const sha512 = await sha512Base64(tmp);
  if (sha512 !== (await sha512Base64(installer))) throw new Error('คัดลอกตัวติดตั้งไม่ครบ กรุณาลองใหม่');
  renameSync(tmp, join(dir, file));
  const blockmap = `${installer}.blockmap`;
  if (existsSync(blockmap)) copyFileSync(blockmap, join(dir, `${file}.blockmap`));
  const published: PublishedUpdate = { version, file, size: statSync(join(dir, file)).size, sha512 };
  // latest.yml last: until it is replaced, PCs keep seeing the previous complete release.
  const feedTmp = join(dir, `${FEED_FILE}.part`);
  writeFileSync(feedTmp, feedYaml(published, (opts.now ?? new Date()).toISOString()));
  renameSync(feedTmp, join(dir, FEED_FILE));
  return published;
}

/** GET /updates/latest.yml and the files it lists; nothing else in the folder is reachable. */
export function registerUpdateRoutes(app: FastifyInstance, dataDir: string): void {
  const dir = updatesDir(dataDir);
  mkdirSync(dir, { recursive: true });
  const allowed = (name: string): boolean => {
    const feed = join(dir, FEED_FILE);
    if (!existsSync(feed)) return false;
    return listedFiles(readFileSync(feed, 'utf8')).has(name);
  };
  // Registered like any plugin: fastify loads it before the server listens.
  void app.register(fastifyStatic, {
    root: dir,
    prefix: '/updates/',
    decorateReply: false,
    index: false,
    list: false,
    dotfiles: 'deny',
    allowedPath: (pathName) => dirname(pathName) === '/' && allowed(basename(pathName)),
    setHeaders: (reply, path) => {
      // The feed changes with each release; installers never change under one name.
      reply.header('Cache-Control', basename(path) === FEED_FILE ? 'no-cache' : 'public, max-age=86400, immutable');
      if (path.endsWith('.yml')) reply.header('Content-Type', 'text/yaml; charset=utf-8');
    },
  });
}
