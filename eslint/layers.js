// Which folder may import what: an allow-list per layer, checked on every import, export-from,
// dynamic import, require() and import type. A file in a layer may import only files of the
// layers listed for it (relative paths are resolved, so `../../src-main/x.js` is caught from any
// depth) and only the packages placed in it here; a new dependency is importable nowhere until
// it is placed in a layer on purpose. Like VS Code's layers and Signal's file kinds, the folder
// a file lives in says where its code may run.

import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');

const NODE = 'node:';
/** Packages of the Node side shared by the core and the server. */
const SERVER_SIDE = [NODE, 'zod', 'kysely', 'fastify'];

/**
 * The layers, most specific first. `layers`: the folders whose files this layer may import;
 * `packages`: the npm packages (and `node:` builtins) it may import.
 */
export const LAYERS = [
  { name: 'src-shared', layers: ['src-shared'], packages: ['zod'] },
  {
    name: 'src-renderer',
    layers: ['src-renderer', 'src-shared'],
    // papaparse reads a certificate recipients' CSV in the browser before anything is sent.
    packages: ['react', 'react-dom', '@fontsource/sarabun', 'papaparse'],
  },
  {
    name: 'src-main/electron',
    layers: ['src-main/electron', 'src-main', 'src-shared'],
    packages: [NODE, 'electron', 'electron-updater'],
  },
  {
    name: 'src-main',
    layers: ['src-main', 'src-shared'],
    packages: [
      ...SERVER_SIDE,
      'better-sqlite3',
      '@fastify/static',
      'exceljs',
      'papaparse',
      'pdf-lib',
      '@pdf-lib/fontkit',
      'qrcode',
      // The browser host's and the tests' printer drives Debian's Chromium (never downloads one).
      'playwright-core',
      // The rotating log (src-main/log.ts; sonic-boom is pino-roll's stream, named in its types).
      'pino',
      'pino-roll',
      'sonic-boom',
      // The diagnostics zip for the administrator (src-main/diagnostics.ts).
      'yazl',
    ],
  },
  // @fastify/static serves the desktop installer and latest.yml under /updates/ (src-server/updates.ts).
  // papaparse, exceljs: `npm run server -- school import` reads the office's CSV/xlsx school list.
  { name: 'src-server', layers: ['src-server', 'src-shared'], packages: [...SERVER_SIDE, 'pg', '@electric-sql/pglite', '@fastify/static', '@fastify/rate-limit', 'papaparse', 'exceljs'] },
];

function layerOf(absolutePath) {
  const rel = relative(ROOT, absolutePath).split(sep).join('/');
  return LAYERS.find((l) => rel === l.name || rel.startsWith(`${l.name}/`)) ?? null;
}

/** 'node:fs' -> 'node:', '@scope/pkg/x.css' -> '@scope/pkg', 'pkg/sub' -> 'pkg'. */
function packageOf(specifier) {
  if (specifier.startsWith(NODE)) return NODE;
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0];
}

const allowedImports = {
  meta: {
    type: 'problem',
    docs: { description: 'Each layer imports only the layers and packages placed in it (eslint/layers.js).' },
    schema: [],
    messages: {
      layer: "{{from}} may not import {{target}} ({{specifier}}): it may import only {{allowed}}.",
      package:
        '{{from}} may not import {{pkg}}: place it in this layer in eslint/layers.js if it belongs here (allowed: {{allowed}}).',
    },
  },
  create(context) {
    const file = context.filename;
    const layer = layerOf(file);
    if (!layer) return {};
    const check = (node, specifier) => {
      if (typeof specifier !== 'string') return;
      if (specifier.startsWith('.') || specifier.startsWith('/')) {
        const target = resolve(dirname(file), specifier);
        const targetLayer = layerOf(target);
        if (targetLayer && layer.layers.includes(targetLayer.name)) return;
        context.report({
          node,
          messageId: 'layer',
          data: {
            from: layer.name,
            target: targetLayer ? targetLayer.name : relative(ROOT, target).split(sep).join('/') || '.',
            specifier,
            allowed: layer.layers.join(', '),
          },
        });
        return;
      }
      const pkg = packageOf(specifier);
      if (layer.packages.includes(pkg)) return;
      const name = (p) => (p === NODE ? "Node's built-ins (node:*)" : p);
      context.report({ node, messageId: 'package', data: { from: layer.name, pkg: name(pkg), allowed: layer.packages.map(name).join(', ') } });
    };
    const fromSource = (node) => node.source && check(node.source, node.source.value);
    return {
      ImportDeclaration: fromSource,
      ExportNamedDeclaration: fromSource,
      ExportAllDeclaration: fromSource,
      ImportExpression: (node) => node.source.type === 'Literal' && check(node.source, node.source.value),
      CallExpression: (node) => {
        const [arg] = node.arguments;
        if (node.callee.type === 'Identifier' && node.callee.name === 'require' && arg?.type === 'Literal') check(arg, arg.value);
      },
      TSImportType: (node) => {
        const arg = node.argument?.type === 'TSLiteralType' ? node.argument.literal : node.argument;
        if (arg?.type === 'Literal') check(arg, arg.value);
      },
      TSExternalModuleReference: (node) => node.expression.type === 'Literal' && check(node.expression, node.expression.value),
    };
  },
};

export const layersPlugin = { rules: { 'allowed-imports': allowedImports } };

/** The folders the rule applies to (for the eslint config's files block). */
export const LAYER_FILES = LAYERS.map((l) => join(l.name, '**'));
