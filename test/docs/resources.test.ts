/**
 * docs/resources.md has a section per resource kind of the registry (`## \`x-sqs\`: queues`),
 * and its `| level | actions |` table states exactly the actions each level grants (and no level
 * that does not exist). The page title names every kind.
 */
import * as fs from 'fs';
import * as path from 'path';
import { documentedLevels, RESOURCE_KINDS, RESOURCE_SPECS } from '../../src/resolve/resources/registry';

const doc = fs.readFileSync(path.join(__dirname, '..', '..', 'docs', 'resources.md'), 'utf8');

/** The text of the `## ` section with this heading, up to the next `## `. */
function section(heading: string): string | undefined {
  const start = doc.indexOf(`\n## ${heading}\n`);
  if (start < 0) return undefined;
  const end = doc.indexOf('\n## ', start + 1);
  return doc.slice(start, end < 0 ? undefined : end);
}

/** `| level | actions |` rows: level → the backquoted actions of the row. */
function levelRows(text: string): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const m of text.matchAll(/^\| `([^`]+)` \| (.*) \|$/gm)) {
    if (/^<NAME>/.test(m[1])) continue; // the variables table of x-rds
    out.set(m[1], [...m[2].matchAll(/`([a-z0-9-]+:[A-Za-z]+)`/g)].map((a) => a[1]));
  }
  return out;
}

test.each(RESOURCE_KINDS)('%s: the docs section lists every access level with exactly its actions', (kind) => {
  const spec = RESOURCE_SPECS[kind];
  const heading = `\`${spec.key}\`: ${spec.docs.title}`;
  const text = section(heading);
  expect({ heading, found: text !== undefined }).toEqual({ heading, found: true });
  const documented = levelRows(text!);
  const expected = documentedLevels(spec);
  for (const [level, actions] of expected) {
    expect({ level, actions: documented.get(level) }).toEqual({ level, actions: [...actions] });
  }
  expect([...documented.keys()].sort()).toEqual([...expected.keys()].sort());
});

test('the page title names every kind', () => {
  const title = doc.split('\n')[0];
  for (const kind of RESOURCE_KINDS) expect(title).toContain(`\`${RESOURCE_SPECS[kind].key}\``);
});
