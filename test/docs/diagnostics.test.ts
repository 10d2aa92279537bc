import * as fs from 'fs';
import * as path from 'path';

const ROOT = path.join(__dirname, '..', '..');

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? sourceFiles(path.join(dir, e.name)) : e.name.endsWith('.ts') ? [path.join(dir, e.name)] : [],
  );
}

test('every diagnostic code used in src/ is documented in docs/diagnostics.md', () => {
  const doc = fs.readFileSync(path.join(ROOT, 'docs', 'diagnostics.md'), 'utf8');
  const documented = (code: string) => {
    if (doc.includes(code)) return true;
    const n = Number(code.slice(2));
    // Ranges ("CX1250–CX1264") and groups documented by their source file.
    for (const m of doc.matchAll(/CX(\d{4})–CX(\d{4})/g)) if (n >= Number(m[1]) && n <= Number(m[2])) return true;
    return (n >= 3000 && n < 4000 && doc.includes('src/resolve/codes.ts')) || (n >= 4000 && n < 5000 && doc.includes('src/resolve/ecs-check.ts'));
  };
  const used = new Set<string>();
  for (const file of sourceFiles(path.join(ROOT, 'src'))) {
    for (const m of fs.readFileSync(file, 'utf8').matchAll(/'(CX\d{4})'/g)) used.add(m[1]);
  }
  expect(used.size).toBeGreaterThan(50);
  expect([...used].filter((c) => !documented(c)).sort()).toEqual([]);
});
