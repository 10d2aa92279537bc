/**
 * docs/resources.md states, for every access level, exactly the actions the tables in
 * src/resolve/resources/access.ts grant (and no level that does not exist).
 */
import * as fs from 'fs';
import * as path from 'path';
import { RDS_ACCESS, RDS_DESCRIBE_ACCESS, SNS_ACCESS, SQS_ACCESS } from '../../src/resolve/resources/access';

const doc = fs.readFileSync(path.join(__dirname, '..', '..', 'docs', 'resources.md'), 'utf8');

/** `| level | actions |` rows of the doc: level → the backquoted actions of the row. */
function documentedLevels(): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const m of doc.matchAll(/^\| `([^`]+)` \| (.*) \|$/gm)) {
    out.set(m[1], [...m[2].matchAll(/`([a-z0-9-]+:[A-Za-z]+)`/g)].map((a) => a[1]));
  }
  return out;
}

test('every access level is documented with exactly its actions', () => {
  const documented = documentedLevels();
  const expected = new Map<string, readonly string[]>([
    ...Object.entries(SQS_ACCESS).map(([k, v]) => [k, v.actions] as const),
    ...Object.entries(SNS_ACCESS).map(([k, v]) => [k, v.actions] as const),
    ...Object.entries(RDS_ACCESS).map(([k, v]) => [k, v.actions] as const),
    ...Object.entries(RDS_DESCRIBE_ACCESS).flatMap(([key, table]) => Object.entries(table).map(([k, v]) => [`${key}: ${k}`, v.actions] as const)),
  ]);
  for (const [level, actions] of expected) {
    expect({ level, actions: documented.get(level) }).toEqual({ level, actions: [...actions] });
  }
  const levelRows = [...documented.keys()].filter((k) => !/^<NAME>/.test(k));
  expect(levelRows.sort()).toEqual([...expected.keys()].sort());
});
