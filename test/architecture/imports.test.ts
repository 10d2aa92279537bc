/**
 * The folder tree is the pipeline (CONTRIBUTING.md): imports run one way, from a stage to the
 * stages before it, never back; the stages after resolve never read the Compose front end; loading
 * and resolving do not need aws-cdk-lib; and no import cycle.
 */
import * as fs from 'fs';
import * as path from 'path';

const SRC = path.join(__dirname, '..', '..', 'src');

/** Each place of src/ in pipeline order: a file may import its own rank or lower. */
const RANKS: readonly [string, number][] = [
  ['diagnostics.ts', 0],
  ['secret-names.ts', 0],
  ['limits/', 0],
  ['diagnostic-codes/', 0],
  // each stage's list of codes lives next to it but is data that diagnostics.ts types itself from
  ['compose/codes.ts', 0],
  ['resolve/codes.ts', 0],
  ['compose/', 1],
  ['resolve/', 2],
  ['compile.ts', 3],
  ['graph/', 3],
  ['aws/', 4],
  ['render/', 5],
  ['deploy/', 6],
  ['cdk/', 7],
  ['cli/', 7],
  ['index.ts', 8],
];

function rank(file: string): number {
  const rel = path.relative(SRC, file).split(path.sep).join('/');
  // the most specific entry wins (a file entry over its folder's)
  const found = [...RANKS].sort((a, b) => b[0].length - a[0].length).find(([prefix]) => (prefix.endsWith('/') ? rel.startsWith(prefix) : rel === prefix));
  if (!found) throw new Error(`src/${rel} is in no stage of the pipeline: add it to RANKS (and CONTRIBUTING.md)`);
  return found[1];
}

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? sourceFiles(path.join(dir, e.name)) : e.name.endsWith('.ts') ? [path.join(dir, e.name)] : [],
  );
}

/** Module specifiers of every import and re-export (type-only ones too). */
function specifiers(file: string): string[] {
  const text = fs.readFileSync(file, 'utf8');
  return [...text.matchAll(/^\s*(?:import|export)\s[^;]*?\sfrom\s+'([^']+)'/gms)].map((m) => m[1]);
}

function resolveImport(from: string, spec: string): string | undefined {
  if (!spec.startsWith('.')) return undefined;
  const base = path.resolve(path.dirname(from), spec);
  for (const candidate of [`${base}.ts`, path.join(base, 'index.ts')]) if (fs.existsSync(candidate)) return candidate;
  throw new Error(`${path.relative(SRC, from)}: cannot resolve '${spec}'`);
}

const files = sourceFiles(SRC);
const edges = new Map(files.map((f) => [f, specifiers(f)]));
const local = new Map(files.map((f) => [f, edges.get(f)!.map((s) => resolveImport(f, s)).filter((t): t is string => t !== undefined)]));
const rel = (f: string) => path.relative(SRC, f).split(path.sep).join('/');

test('every import runs down the pipeline, never back up', () => {
  const against: string[] = [];
  for (const [file, targets] of local) {
    for (const target of targets) if (rank(target) > rank(file)) against.push(`${rel(file)} → ${rel(target)}`);
  }
  expect(against).toEqual([]);
});

test('generate, render and deploy read the model, never the Compose front end', () => {
  const back = [...local]
    .filter(([file]) => /^(aws|render|deploy)\//.test(rel(file)))
    .flatMap(([file, targets]) => targets.filter((t) => rel(t).startsWith('compose/')).map((t) => `${rel(file)} → ${rel(t)}`));
  expect(back).toEqual([]);
});

test('loading and resolving need no aws-cdk-lib', () => {
  const cdkFree = files.filter((f) => rank(f) <= 3);
  const seen = new Set<string>();
  const offenders: string[] = [];
  const visit = (file: string, via: string[]) => {
    if (seen.has(file)) return;
    seen.add(file);
    for (const spec of edges.get(file)!) {
      if (/^(aws-cdk-lib|constructs)(\/|$)/.test(spec)) offenders.push([...via, rel(file), spec].join(' → '));
    }
    for (const target of local.get(file)!) visit(target, [...via, rel(file)]);
  };
  for (const file of cdkFree) visit(file, []);
  expect(offenders).toEqual([]);
});

test('only the deploy stage talks to AWS: the SDK is imported in src/deploy/ alone, and render never reaches it', () => {
  const outside = [...edges].filter(([file, specs]) => !rel(file).startsWith('deploy/') && specs.some((s) => s.startsWith('@aws-sdk/'))).map(([file]) => rel(file));
  expect(outside).toEqual([]);
  // Load, resolve, generate and render (composex.lock.json is read, never answered, there).
  const offline = files.filter((f) => rank(f) <= 5);
  const reached = new Set<string>();
  const visit = (file: string) => {
    if (reached.has(file)) return;
    reached.add(file);
    for (const target of local.get(file)!) visit(target);
  };
  for (const file of offline) visit(file);
  expect([...reached].filter((f) => rel(f).startsWith('deploy/')).map(rel)).toEqual([]);
});

test('no import cycle', () => {
  // Tarjan's strongly connected components over the file graph.
  let index = 0;
  const indexOf = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const cycles: string[][] = [];
  const connect = (v: string) => {
    indexOf.set(v, index);
    low.set(v, index++);
    stack.push(v);
    onStack.add(v);
    for (const w of local.get(v)!) {
      if (!indexOf.has(w)) {
        connect(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, indexOf.get(w)!));
    }
    if (low.get(v) === indexOf.get(v)) {
      const component: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        onStack.delete(w);
        component.push(rel(w));
      } while (w !== v);
      if (component.length > 1 || local.get(v)!.includes(v)) cycles.push(component.sort());
    }
  };
  for (const f of files) if (!indexOf.has(f)) connect(f);
  expect(cycles).toEqual([]);
});

test('the checks see the whole tree', () => {
  expect(files.length).toBeGreaterThan(100);
  expect([...local.values()].flat().length).toBeGreaterThan(300);
});
