import * as fc from 'fast-check';
import { closest, editDistance, suggestion } from '../../src/diagnostics';

/** The plain definition: the nearest candidate by full edit distance, ties to the smallest name. */
function reference(name: string, candidates: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const c of candidates) {
    const d = editDistance(name.toLowerCase(), c.toLowerCase());
    if (d < bestDistance || (d === bestDistance && best !== undefined && c < best)) {
      best = c;
      bestDistance = d;
    }
  }
  return best !== undefined && bestDistance <= Math.max(2, Math.floor(name.length / 3)) ? best : undefined;
}

describe('"did you mean"', () => {
  test('typical typos', () => {
    expect(closest('VisibilityTimout', ['DelaySeconds', 'VisibilityTimeout'])).toBe('VisibilityTimeout');
    expect(closest('nofiles', ['nofile', 'nproc'])).toBe('nofile');
    expect(closest('completely-else', ['web', 'api'])).toBeUndefined();
    expect(suggestion('wbe', ['web', 'api'], 'service')).toBe("did you mean 'web'?");
    expect(suggestion('zzz', [], 'service')).toBe('no service is defined');
    const names = ['m', 'b', 'l', 'a', 'k', 'c', 'j', 'd', 'i', 'e', 'h', 'f', 'g', 'B'];
    expect(suggestion('zzzzzzzzz', names, 'service')).toBe(`valid services: ${[...names].sort().slice(0, 10).join(', ')}, …`);
    expect(suggestion('zzzzzzzzz', ['y', 'x'], 'service')).toBe('valid services: x, y');
  });

  test('the bounded search picks what the full edit distance picks (generated names)', () => {
    const word = fc.stringMatching(/^[a-dA-D_-]{0,9}$/);
    fc.assert(
      fc.property(word, fc.array(word, { maxLength: 12 }), (name, candidates) => {
        expect(closest(name, candidates)).toBe(reference(name, candidates));
      }),
      { seed: 1123, numRuns: 2000 },
    );
  });

  test('names around and beyond 32 characters (the bit-parallel word size) agree too', () => {
    const long = fc.stringMatching(/^[ab]{28,40}$/);
    fc.assert(
      fc.property(long, fc.array(long, { maxLength: 8 }), (name, candidates) => {
        expect(closest(name, candidates)).toBe(reference(name, candidates));
      }),
      { seed: 2311, numRuns: 1000 },
    );
  });
});
