// Draws resources/build/icon.png (256x256) and icon.ico (the same PNG inside an ICO, as Windows
// Vista and later read it) from the shapes of icon.svg, without an image tool: the build
// machine and CI need none. Run once when the icon changes: node scripts/make-icon.mjs
import { writeFileSync } from 'node:fs';
import { deflateSync } from 'node:zlib';

const S = 256;
const px = new Uint8Array(S * S * 4);
const inRoundRect = (x, y, x0, y0, w, h, r) => {
  const cx = Math.min(Math.max(x, x0 + r), x0 + w - r);
  const cy = Math.min(Math.max(y, y0 + r), y0 + h - r);
  return x >= x0 && x <= x0 + w && y >= y0 && y <= y0 + h && (x - cx) ** 2 + (y - cy) ** 2 <= r * r;
};
const shapes = [
  [(x, y) => inRoundRect(x, y, 8, 8, 240, 240, 44), [0x2f, 0x6f, 0xb3]],
  [(x, y) => inRoundRect(x, y, 58, 40, 140, 176, 10), [0xff, 0xff, 0xff]],
  [(x, y) => inRoundRect(x, y, 78, 70, 100, 10, 5), [0x9b, 0xb7, 0xd6]],
  [(x, y) => inRoundRect(x, y, 78, 96, 100, 10, 5), [0x9b, 0xb7, 0xd6]],
  [(x, y) => inRoundRect(x, y, 78, 122, 70, 10, 5), [0x9b, 0xb7, 0xd6]],
  [(x, y) => Math.abs(Math.hypot(x - 162, y - 172) - 30) <= 4.5, [0xc6, 0x28, 0x28]],
  [(x, y) => Math.abs(Math.hypot(x - 162, y - 172) - 17) <= 2.5, [0xc6, 0x28, 0x28]],
];
for (let y = 0; y < S; y++) {
  for (let x = 0; x < S; x++) {
    // 4x4 supersampling for smooth edges
    const acc = [0, 0, 0, 0];
    for (let sy = 0; sy < 4; sy++) {
      for (let sx = 0; sx < 4; sx++) {
        let c = null;
        for (const [inside, rgb] of shapes) if (inside(x + (sx + 0.5) / 4, y + (sy + 0.5) / 4)) c = rgb;
        if (c) {
          acc[0] += c[0];
          acc[1] += c[1];
          acc[2] += c[2];
          acc[3] += 255;
        }
      }
    }
    const n = acc[3] / 255;
    const i = (y * S + x) * 4;
    px[i] = n ? acc[0] / n : 0;
    px[i + 1] = n ? acc[1] / n : 0;
    px[i + 2] = n ? acc[2] / n : 0;
    px[i + 3] = acc[3] / 16;
  }
}

const crcTable = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
const crc32 = (buf) => {
  let c = 0xffffffff;
  for (const b of buf) c = crcTable[(c ^ b) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
};
const chunk = (type, data) => {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([len, body, crc]);
};
const ihdr = Buffer.alloc(13);
ihdr.writeUInt32BE(S, 0);
ihdr.writeUInt32BE(S, 4);
ihdr[8] = 8; // bit depth
ihdr[9] = 6; // RGBA
const raw = Buffer.alloc(S * (S * 4 + 1));
for (let y = 0; y < S; y++) Buffer.from(px.buffer, y * S * 4, S * 4).copy(raw, y * (S * 4 + 1) + 1);
const png = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', ihdr), chunk('IDAT', deflateSync(raw, { level: 9 })), chunk('IEND', Buffer.alloc(0))]);
writeFileSync('resources/build/icon.png', png);

// ICO: ICONDIR (6 bytes) + one ICONDIRENTRY (16 bytes) + the PNG (0 in width/height means 256).
const ico = Buffer.alloc(22);
ico.writeUInt16LE(0, 0);
ico.writeUInt16LE(1, 2);
ico.writeUInt16LE(1, 4);
ico.writeUInt8(0, 6);
ico.writeUInt8(0, 7);
ico.writeUInt16LE(1, 10);
ico.writeUInt16LE(32, 12);
ico.writeUInt32LE(png.length, 14);
ico.writeUInt32LE(22, 18);
writeFileSync('resources/build/icon.ico', Buffer.concat([ico, png]));
