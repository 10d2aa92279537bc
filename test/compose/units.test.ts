import { parseBytes, parseCpus, parseDuration, parseFileMode } from '../../src/compose/units';

describe('parseDuration (go-str2duration, as compose-go): seconds', () => {
  test.each<[string | number, number]>([
    ['10s', 10],
    ['1m30s', 90],
    ['500ms', 0.5],
    ['1h', 3600],
    ['2us', 0.000002],
    ['2µs', 0.000002],
    ['2μs', 0.000002],
    ['100ns', 1e-7],
    ['1.5h', 5400],
    ['1.5s', 1.5],
    ['.5s', 0.5],
    ['5.s', 5],
    ['2h45m', 9900],
    ['1h0m0s', 3600],
    ['1d', 86400],
    ['1w', 604800],
    ['1w2d3h4m5s', 604800 + 2 * 86400 + 3 * 3600 + 4 * 60 + 5],
    ['0', 0],
    ['+0', 0],
    ['0s', 0],
    ['+5s', 5],
    ['-5s', -5],
    ['1m0.5s', 60.5],
    [0, 0],
  ])('%p → %p', (input, seconds) => {
    expect(parseDuration(input)).toBeCloseTo(seconds, 12);
  });

  test.each<[string | number]>([
    [''],
    ['10'], // a unit is required, as in Go
    [10], // compose-go formats the number and parses "10": missing unit
    [1.5],
    ['s'],
    ['.s'],
    ['1sec'],
    ['1 s'],
    [' 1s'],
    ['1s '],
    ['1S'], // units are case-sensitive
    ['1y'],
    ['-'],
    ['1.2.3s'],
    ['9999999999999999999s'], // overflows int64 nanoseconds
    ['3000000h'], // 342 years: more than int64 nanoseconds hold (~292 years)
  ])('%p is invalid', (input) => {
    expect(parseDuration(input)).toBeUndefined();
  });
});

describe('parseBytes (docker/go-units RAMInBytes): bytes', () => {
  const KiB = 1024;
  const MiB = 1024 * KiB;
  const GiB = 1024 * MiB;
  test.each<[string | number, number]>([
    ['1GB', GiB],
    ['1g', GiB],
    ['1G', GiB],
    ['512m', 512 * MiB],
    ['512M', 512 * MiB],
    ['512MiB', 512 * MiB],
    ['64000kB', 64000 * KiB],
    ['32k', 32 * KiB],
    ['32Kb', 32 * KiB],
    ['32KIB', 32 * KiB],
    ['134217728b', 134217728],
    ['134217728B', 134217728],
    ['134217728', 134217728],
    [134217728, 134217728],
    ['1.5G', 1610612736],
    ['0.5g', 512 * MiB],
    ['32.3 mb', Math.trunc(32.3 * MiB)],
    ['0.3MB', Math.trunc(0.3 * MiB)],
    ['32.3', 32],
    ['1t', 1024 * GiB],
    ['2P', 2 * 1024 ** 5],
    ['0', 0],
    [0, 0],
    [1.9, 1],
  ])('%p → %p', (input, bytes) => {
    expect(parseBytes(input)).toBe(bytes);
  });

  test.each<[string | number]>([
    [''],
    ['hello'],
    ['-32'],
    [-1],
    [' 32 '],
    ['32m b'],
    ['32bm'],
    ['32mib b'],
    ['1x'],
    ['1kibb'],
    ['1ki'],
    ['1gb '],
    ['1  gb'],
    ['g'],
    [Number.NaN],
    [Number.POSITIVE_INFINITY],
  ])('%p is invalid', (input) => {
    expect(parseBytes(input)).toBeUndefined();
  });
});

describe('parseCpus (strconv.ParseFloat)', () => {
  test.each<[string | number, number]>([
    ['0.25', 0.25],
    [0.5, 0.5],
    [2, 2],
    ['2', 2],
    ['.5', 0.5],
    ['1.', 1],
    ['1e-1', 0.1],
    ['+1.5', 1.5],
    ['0', 0],
    ['0.1', 0.1], // float64, not compose-go's float32 0.10000000149
  ])('%p → %p', (input, cpus) => {
    expect(parseCpus(input)).toBe(cpus);
  });

  test.each<[string | number]>([['-1'], [-0.5], ['a lot'], [''], ['1 cpu'], ['Inf'], ['NaN'], [Number.POSITIVE_INFINITY], ['0x1']])(
    '%p is invalid',
    (input) => {
      expect(parseCpus(input)).toBeUndefined();
    },
  );
});

describe('parseFileMode (octal strings, numbers as read)', () => {
  test.each<[string | number, number]>([
    ['0440', 0o440],
    ['440', 0o440],
    ['0o440', 0o440],
    ['0O755', 0o755],
    ['0', 0],
    ['7777', 0o7777],
    [0o400, 0o400],
    [292, 292],
  ])('%p → %p', (input, mode) => {
    expect(parseFileMode(input)).toBe(mode);
  });

  test.each<[string | number]>([['0800'], ['rw'], [''], ['17777'], [-1], [1.5], [0o10000]])('%p is invalid', (input) => {
    expect(parseFileMode(input)).toBeUndefined();
  });
});
