/** SourceMap.merge is graft(other, [], []) without rewriting pointers: the same entries, in the same order. */
import { SourceMap } from '../../src/compose/source-map';
import { hasTags, OverrideTag, ResetTag } from '../../src/compose/tags';

function filled(file: string, marks: string[][]): SourceMap {
  const map = new SourceMap();
  map.setKey(['services', 'web'], { file, line: 2, column: 3 });
  map.setValue(['services', 'web', 'image'], { file, line: 3, column: 12 });
  map.setValue(['services', 'web', 'environment', 'A'], { file, line: 5, column: 10 });
  map.setKey(['services', 'a/b~c'], { file, line: 7, column: 3 });
  for (const m of marks) map.markInterpolated(m);
  return map;
}

const dump = (m: SourceMap) => JSON.stringify(m, (_k, v) => (v instanceof Map || v instanceof Set ? [...v] : v));

describe('SourceMap.merge', () => {
  test.each([
    ['into an empty map', () => new SourceMap()],
    ['over a map with its own entries and marks', () => filled('base.yaml', [['services', 'web', 'image'], ['services', 'web', 'environment', 'A']])],
  ])('%s: the same as graft at the root', (_name, base) => {
    const other = filled('over.yaml', [['services', 'web', 'environment', 'A']]);
    const merged = base();
    merged.merge(other);
    const grafted = base();
    grafted.graft(other, [], []);
    expect(dump(merged)).toBe(dump(grafted));
    expect(merged.interpolated(['services', 'web', 'image'])).toBe(false);
    expect(merged.interpolated(['services', 'web', 'environment', 'A'])).toBe(true);
    expect(merged.key(['services', 'web'])).toEqual({ file: 'over.yaml', line: 2, column: 3 });
  });
});

describe('hasTags', () => {
  test('finds a marker at any depth, and none in a plain tree', () => {
    expect(hasTags({ services: { web: { ports: ['80:80'], environment: { A: '1' } } } })).toBe(false);
    expect(hasTags({ services: { web: { ports: new ResetTag([]) } } })).toBe(true);
    expect(hasTags({ services: { web: { command: ['a', new OverrideTag('b')] } } })).toBe(true);
    expect(hasTags(JSON.parse('{"__proto__": {"x": 1}}'))).toBe(false);
  });
});
