// The Sarabun font (SIL Open Font License, from npm @fontsource/sarabun) embedded in every
// report as data: URLs, so a printed register never depends on the fonts of the PC that prints it.
import type { Font } from '@pdf-lib/fontkit';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const FACES = [
  // Thai first: its unicode-range covers the Thai block; Latin covers digits and punctuation.
  { subset: 'thai', range: 'U+02D7,U+0303,U+0331,U+0E01-0E5B,U+200C-200D,U+25CC' },
  {
    subset: 'latin',
    range:
      'U+0000-00FF,U+0131,U+0152-0153,U+02BB-02BC,U+02C6,U+02DA,U+02DC,U+0304,U+0308,U+0329,U+2000-206F,U+20AC,U+2122,U+2191,U+2193,U+2212,U+2215,U+FEFF,U+FFFD',
  },
] as const;
const WEIGHTS = [400, 700] as const;

function fontDir(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const candidate = join(dir, 'node_modules', '@fontsource', 'sarabun', 'files');
    if (existsSync(candidate)) return candidate;
    const parent = dirname(dir);
    if (parent === dir) throw new Error('the Sarabun font (@fontsource/sarabun) is not installed');
    dir = parent;
  }
}

/** One Sarabun face as a font file: woff2 for the browser, woff for pdf-lib (which has no brotli). */
export function sarabunFontFile(subset: (typeof FACES)[number]['subset'], weight: (typeof WEIGHTS)[number], format: 'woff' | 'woff2'): Buffer {
  return readFileSync(join(fontDir(), `sarabun-${subset}-${weight}-normal.${format}`));
}

let cached: string | null = null;

/** @font-face rules for Sarabun 400/700, Thai and Latin subsets, as data: URLs (built once). */
export function sarabunFontFaces(): string {
  if (cached) return cached;
  const rules: string[] = [];
  for (const weight of WEIGHTS) {
    for (const face of FACES) {
      const data = sarabunFontFile(face.subset, weight, 'woff2').toString('base64');
      rules.push(
        `@font-face{font-family:'Sarabun';font-style:normal;font-weight:${weight};font-display:block;` +
          `src:url(data:font/woff2;base64,${data}) format('woff2');unicode-range:${face.range};}`,
      );
    }
  }
  cached = rules.join('\n');
  return cached;
}

const THAI_RUNS = /[\u0E00-\u0E7F]+|[^\u0E00-\u0E7F]+/g;

/** Text split as the @font-face unicode-ranges split it: runs for the Thai face and the Latin one. */
export function sarabunRuns(text: string): { text: string; thai: boolean }[] {
  return (text.match(THAI_RUNS) ?? []).map((t) => ({ text: t, thai: /[\u0E00-\u0E7F]/.test(t) }));
}

let faces: { thai: Font; latin: Font } | null = null;

/** Loaded on the first report, not at the app's start (fontkit is 1.5 MB of script). */
function loadFaces(): { thai: Font; latin: Font } {
  const fontkit = createRequire(import.meta.url)('@pdf-lib/fontkit') as typeof import('@pdf-lib/fontkit');
  return { thai: fontkit.create(sarabunFontFile('thai', 400, 'woff')), latin: fontkit.create(sarabunFontFile('latin', 400, 'woff')) };
}
const advances = new Map<string, number>();

/**
 * The width of one line of regular Sarabun text in points, close to what a browser sets: the
 * sum of each character's advance (Thai marks take none; kerning is left out). Enough to tell
 * whether a name fits a printed column without asking Chromium, and fast enough for every row
 * of a year's register.
 */
export function sarabunTextWidthPt(text: string, sizePt: number): number {
  let units = 0;
  for (const ch of text) {
    let advance = advances.get(ch);
    if (advance === undefined) {
      faces ??= loadFaces();
      const font = /[\u0E00-\u0E7F]/.test(ch) ? faces.thai : faces.latin;
      advance = (font.layout(ch).advanceWidth * 1000) / font.unitsPerEm;
      advances.set(ch, advance);
    }
    units += advance;
  }
  return (units * sizePt) / 1000;
}
