// The folders' import rules (eslint/layers.js), run through the project's own eslint config on
// code placed in each layer: what a layer has not been given is refused, what it has is not.
import { ESLint } from 'eslint';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { appRoot } from '../../src-main/paths.js';

const eslint = new ESLint({ cwd: appRoot() });

/** The layer rule's complaints about one import placed in a file of that folder. */
async function complaints(file: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: join(appRoot(), file) });
  return (result?.messages ?? []).filter((m) => m.ruleId === 'layers/allowed-imports').map((m) => m.message);
}

describe('import rules: an allow-list per folder', () => {
  it('keeps src-shared pure: zod and its own files only', async () => {
    expect(await complaints('src-shared/x.ts', "import { z } from 'zod';\nimport { ok } from './result.js';\nexport { z, ok };")).toEqual([]);
    expect(await complaints('src-shared/x.ts', "import { readFileSync } from 'node:fs';\nexport { readFileSync };")).toHaveLength(1);
    expect(await complaints('src-shared/x.ts', "import { PDFDocument } from 'pdf-lib';\nexport { PDFDocument };")).toHaveLength(1);
    expect(await complaints('src-shared/x.ts', "import type { Core } from '../src-main/core.js';\nexport type { Core };")).toHaveLength(1);
  });

  it('lets the renderer use react, its own files and src-shared, never the core, node or print tools', async () => {
    const file = 'src-renderer/features/x/y.tsx';
    expect(await complaints(file, "import { useState } from 'react';\nimport { call } from '../../api/client.js';\nimport { contract } from '../../../src-shared/contract.js';\nexport { useState, call, contract };")).toEqual([]);
    for (const bad of ["'../../../src-main/core.js'", "'../../../src-server/paths.js'", "'../../../tests/support/core.js'", "'playwright-core'", "'node:fs'", "'electron'"]) {
      expect([bad, (await complaints(file, `import * as m from ${bad};\nexport { m };`)).length]).toEqual([bad, 1]);
    }
  });

  it('keeps the core off the renderer, the server and electron; only src-main/electron has electron', async () => {
    expect(await complaints('src-main/registers/x.ts', "import Database from 'better-sqlite3';\nexport { Database };")).toEqual([]);
    for (const bad of ["'electron'", "'../../src-server/paths.js'", "'../../src-renderer/App.js'", "'../electron/main.js'", "'pg'"]) {
      expect([bad, (await complaints('src-main/registers/x.ts', `import * as m from ${bad};\nexport { m };`)).length]).toEqual([bad, 1]);
    }
    expect(await complaints('src-main/electron/x.ts', "import { app } from 'electron';\nimport { openCore } from '../core.js';\nexport { app, openCore };")).toEqual([]);
    expect(await complaints('src-main/electron/x.ts', "import { App } from '../../src-renderer/App.js';\nexport { App };")).toHaveLength(1);
  });

  it('keeps the server to src-shared and its own packages, and refuses a package no layer was given', async () => {
    expect(await complaints('src-server/x.ts', "import pg from 'pg';\nimport { contract } from '../src-shared/contract.js';\nexport { pg, contract };")).toEqual([]);
    expect(await complaints('src-server/x.ts', "import { openCore } from '../src-main/core.js';\nexport { openCore };")).toHaveLength(1);
    expect(await complaints('src-main/x.ts', "import leftPad from 'left-pad';\nexport { leftPad };")).toHaveLength(1);
    expect(await complaints('src-main/x.ts', "export const later = () => import('left-pad');")).toHaveLength(1);
  });
});
