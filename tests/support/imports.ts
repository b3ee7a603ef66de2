// The packages a program loads at start: bare names imported statically (not `import type`,
// not `import()`) from an entry file and, through relative imports, every file it reaches.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';

export function staticPackages(entry: string): Map<string, string> {
  const seen = new Set<string>();
  const packages = new Map<string, string>();
  const queue = [entry];
  while (queue.length > 0) {
    const file = queue.pop() as string;
    if (seen.has(file)) continue;
    seen.add(file);
    const text = readFileSync(file, 'utf8');
    for (const m of text.matchAll(/^\s*(import|export)\s+(?!type\b)[^'"]*?from\s+'([^']+)'|^\s*import\s+'([^']+)'/gm)) {
      const spec = (m[2] ?? m[3]) as string;
      if (spec.startsWith('.')) {
        const ts = resolve(dirname(file), spec.replace(/\.js$/, '.ts'));
        const cts = resolve(dirname(file), spec.replace(/\.cjs$/, '.cts'));
        queue.push(existsSync(ts) ? ts : cts);
      } else if (!spec.startsWith('node:')) {
        const name = spec.startsWith('@') ? spec.split('/').slice(0, 2).join('/') : (spec.split('/')[0] as string);
        packages.set(name, file);
      }
    }
  }
  return packages;
}
