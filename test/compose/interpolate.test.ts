import * as fc from 'fast-check';
import {
  interpolateString,
  interpolateTree,
  interpolationDiagnostic,
  InterpolationFailure,
  MAX_NESTING,
  VariableLookup,
} from '../../src/compose/interpolate';
import { SourceMap } from '../../src/compose/source-map';
import { OverrideTag, ResetTag } from '../../src/compose/tags';
import { parseYaml } from '../../src/compose/yaml';

const ENVIRONMENT: Record<string, string> = {
  FOO: 'first',
  BAR: 'second',
  EMPTY: '',
  JSON: '{"json":2}',
  lower: 'low',
  _U: 'underscore',
  A1: 'a-one',
  DOLLAR: '$HOME',
};
const lookup: VariableLookup = (name) =>
  Object.prototype.hasOwnProperty.call(ENVIRONMENT, name) ? ENVIRONMENT[name] : undefined;

function valueOf(text: string): string {
  const result = interpolateString(text, lookup);
  if ('error' in result) throw new Error(`unexpected failure for ${JSON.stringify(text)}: ${JSON.stringify(result.error)}`);
  return result.value;
}

function failureOf(text: string): InterpolationFailure {
  const result = interpolateString(text, lookup);
  if ('value' in result) throw new Error(`expected a failure for ${JSON.stringify(text)}, got ${JSON.stringify(result.value)}`);
  return result.error;
}

describe('interpolateString', () => {
  // Expected values checked against compose-go's template package (and its tests).
  test.each<[string, string]>([
    // plain references; unset and empty both give ''
    ['no references at all', 'no references at all'],
    ['$FOO', 'first'],
    ['${FOO}', 'first'],
    ['$UNSET', ''],
    ['${UNSET}', ''],
    ['${EMPTY}', ''],
    ['$FOO-bar', 'first-bar'],
    ['$FOO_bar', ''],
    ['${lower}', 'low'],
    ['$_U', 'underscore'],
    ['${A1}x', 'a-onex'],
    // :-  (unset or empty → default)
    ['${UNSET:-def}', 'def'],
    ['${EMPTY:-def}', 'def'],
    ['${FOO:-def}', 'first'],
    ['${UNSET:-}', ''],
    // -   (unset → default)
    ['${UNSET-def}', 'def'],
    ['${EMPTY-def}', ''],
    ['${FOO-def}', 'first'],
    // :?  and ?  when satisfied
    ['${FOO:?err}', 'first'],
    ['${FOO?err}', 'first'],
    ['${EMPTY?err}', ''],
    // :+  (set and non-empty → replacement)
    ['${UNSET:+alt}', ''],
    ['${EMPTY:+alt}', ''],
    ['${FOO:+alt}', 'alt'],
    // +   (set → replacement)
    ['${UNSET+alt}', ''],
    ['${EMPTY+alt}', 'alt'],
    ['${FOO+alt}', 'alt'],
    // nesting
    ['${UNSET:-${FOO}}', 'first'],
    ['${UNSET:-${UNSET2:-x}}', 'x'],
    ['${UNSET-$FOO}', 'first'],
    ['${UNSET:-${FOO} and ${BAR}}', 'first and second'],
    ['${FOO:+[${BAR}]}', '[second]'],
    ['${EMPTY+$FOO ${FOO:+second}}', 'first second'],
    ['+ok ${UNSET:-${EMPTY-inner}}', '+ok '],
    ['${UNSET:-{"json":1}}', '{"json":1}'],
    ['${JSON:-{"json":1}}', '{"json":2}'],
    // $$ is a literal $
    ['$$', '$'],
    ['$$FOO', '$FOO'],
    ['$${FOO}', '${FOO}'],
    ['$$$FOO', '$first'],
    ['${UNSET:-$$}', '$'],
    ['${UNSET:-$${FOO}}', '${FOO}'],
    // a $ that starts no reference is kept
    ['$', '$'],
    ['costs 5$', 'costs 5$'],
    ['$1', '$1'],
    ['$ x', '$ x'],
    ['$}', '$}'],
    ['$-', '$-'],
    ['^REGEX$', '^REGEX$'],
    ['${FOO}}', 'first}'],
    // several references in one string
    ['${FOO}:${BAR}', 'first:second'],
    ['$FOO/$BAR/${UNSET:-x}', 'first/second/x'],
    ['${UNSET:-a}${UNSET:-b}', 'ab'],
    ['postgres://${USER_NAME-app}:${FOO}@db/${BAR:-x}', 'postgres://app:first@db/second'],
    ['a ${FOO}\nb ${BAR}', 'a first\nb second'],
    ['héllo ${FOO} ✓', 'héllo first ✓'],
    // the operator is the one right after the name
    ['${UNSET-x?y}', 'x?y'],
    ['${UNSET:-a:-b}', 'a:-b'],
    ['${FOO?bar-baz}', 'first'],
    ['-ok ${EMPTY:-defaultValue}', '-ok defaultValue'],
    // named-mapping syntax is off in Compose: kept literally
    ['${missing[foo]}', '${missing[foo]}'],
    ['${FOO} ${missing[foo]:-x}', 'first ${missing[foo]:-x}'],
    // values are not interpolated again
    ['${DOLLAR}', '$HOME'],
  ])('%j → %j', (text, expected) => {
    expect(valueOf(text)).toBe(expected);
  });

  test.each<[string, InterpolationFailure['kind'], string]>([
    ['${UNSET:?set it in .env}', 'missing-required', 'required variable UNSET is missing a value: set it in .env'],
    ['${EMPTY:?must not be empty}', 'missing-required', 'required variable EMPTY is missing a value: must not be empty'],
    ['${UNSET?err}', 'missing-required', 'required variable UNSET is missing a value: err'],
    ['${UNSET:?}', 'missing-required', 'required variable UNSET is missing a value'],
    ['${UNSET?}', 'missing-required', 'required variable UNSET is missing a value'],
    ['${UNSET?bar-baz}', 'missing-required', 'required variable UNSET is missing a value: bar-baz'],
    ['x ${UNSET:-${INNER:?inner missing}}', 'missing-required', 'required variable INNER is missing a value: inner missing'],
    // defaults are evaluated before the variable is looked at (compose-go does the same)
    ['${FOO:-${INNER:?eager}}', 'missing-required', 'required variable INNER is missing a value: eager'],
    // the error text is shown as written, never with variable values substituted
    ['${UNSET:?need ${FOO}}', 'missing-required', 'required variable UNSET is missing a value: need ${FOO}'],
    // the first failure of a string is the one reported
    ['${A:?first} ${B:?second}', 'missing-required', 'required variable A is missing a value: first'],
    ['${', 'invalid-format', 'invalid interpolation format in "${"'],
    ['${}', 'invalid-format', 'invalid interpolation format in "${}"'],
    ['${ FOO}', 'invalid-format', 'invalid interpolation format in "${ FOO}"'],
    ['${FOO }', 'invalid-format', 'invalid interpolation format in "${FOO }"'],
    ['${1A}', 'invalid-format', 'invalid interpolation format in "${1A}"'],
    ['${FOO!}', 'invalid-format', 'invalid interpolation format in "${FOO!}"'],
    ['${FOO:x}', 'invalid-format', 'invalid interpolation format in "${FOO:x}"'],
    ['abc ${FOO', 'invalid-format', 'invalid interpolation format in "abc ${FOO" at character 5'],
    ['${UNSET:-${}}', 'invalid-format', 'invalid interpolation format in "${UNSET:-${}}" at character 10'],
    // a reference never spans a line break
    ['${FOO:-x\ny}', 'invalid-format', 'invalid interpolation format in "${FOO:-x\\ny}"'],
    ['${A[}]}', 'invalid-format', 'invalid interpolation format in "${A[}]}"'],
    ['$FOO ${', 'invalid-format', 'invalid interpolation format in "$FOO ${" at character 6'],
  ])('%j fails (%s): %s', (text, kind, message) => {
    const failure = failureOf(text);
    expect(failure.kind).toBe(kind);
    expect(interpolationDiagnostic(failure, undefined).message).toBe(message);
  });

  test('a missing required variable names the operator, whether it is set, and where the reference starts', () => {
    expect(failureOf('x ${EMPTY:?no}')).toEqual({
      kind: 'missing-required',
      variable: 'EMPTY',
      reason: 'no',
      operator: ':?',
      setButEmpty: true,
      offset: 2,
    });
    expect(failureOf('${UNSET?}')).toMatchObject({ operator: '?', setButEmpty: false, offset: 0 });
  });

  test('nesting up to MAX_NESTING levels works; deeper is a failure, not a stack overflow', () => {
    const nest = (levels: number) => '${UNSET:-'.repeat(levels) + 'x' + '}'.repeat(levels);
    expect(valueOf(nest(MAX_NESTING))).toBe('x');
    const failure = failureOf(nest(MAX_NESTING + 1));
    expect(failure.kind).toBe('too-deep');
    expect(interpolationDiagnostic(failure, undefined).code).toBe('CX1102');
    expect(failureOf(nest(20_000)).kind).toBe('too-deep');
  });

  test('many references on one line take linear time and no deep recursion', () => {
    const text = '${UNSET:-a}'.repeat(50_000);
    const started = Date.now();
    expect(valueOf(text)).toBe('a'.repeat(50_000));
    expect(Date.now() - started).toBeLessThan(2_000);
  });

  test('agrees with a literal transcription of compose-go on random templates', () => {
    // Structured templates: references nested in references, among stray braces, quotes and `$`s.
    const name = fc.constantFrom('A', 'E', 'U');
    const { template } = fc.letrec<{ template: string; part: string }>((tie) => ({
      template: fc.array(tie('part'), { maxLength: 5 }).map((parts) => parts.join('')),
      part: fc.oneof(
        { depthSize: 'small', withCrossShrink: true },
        fc.constantFrom('x', ' ', '{', '}', '{}', '}}', ':', '-', '[', ']', '1', '\n', '$', '$$', '${', '"'),
        name.map((n) => '$' + n),
        name.map((n) => '${' + n + '}'),
        fc
          .tuple(name, fc.constantFrom(':-', '-', ':+', '+', ':?', '?'), tie('template'))
          .map(([n, operator, inner]) => '${' + n + operator + inner + '}'),
        fc.tuple(name, tie('template')).map(([n, inner]) => '${' + n + '[' + inner + ']}'),
      ),
    }));
    // And noise, for the malformed shapes.
    const noise = fc
      .array(fc.constantFrom('${', '$', '$$', '{', '}', ':', ':-', '-', ':+', '+', ':?', '?', 'A', 'E', 'x', '[', ']', '\n', ' ', '1'), {
        maxLength: 16,
      })
      .map((tokens) => tokens.join(''));
    fc.assert(
      fc.property(fc.oneof(template, noise), (text) => {
        const expected = composeGoSubstitute(text, fuzzLookup);
        const actual = interpolateString(text, fuzzLookup);
        if ('value' in expected) {
          expect(actual).toEqual({ value: expected.value });
        } else {
          expect('error' in actual && actual.error.kind).toBe(expected.error.kind);
          if ('error' in actual && actual.error.kind === 'missing-required' && expected.error.kind === 'missing-required') {
            expect(actual.error.variable).toBe(expected.error.variable);
          }
        }
      }),
      { numRuns: 20_000 },
    );
  });

  test('lookups see names only, and the lookup is not asked for names inside $$', () => {
    const asked: string[] = [];
    interpolateString('$$NOT ${A:-$B} $C', (name) => {
      asked.push(name);
      return undefined;
    });
    expect(asked.sort()).toEqual(['A', 'B', 'C']);
  });
});

describe('interpolationDiagnostic', () => {
  test('CX1101 hints at where to set the variable, and says when it is set but empty', () => {
    const unset = interpolationDiagnostic(failureOf('${DB_PASSWORD:?set it in .env}'), { file: 'c.yml', line: 3, column: 5 });
    expect(unset).toEqual({
      severity: 'error',
      code: 'CX1101',
      message: 'required variable DB_PASSWORD is missing a value: set it in .env',
      file: 'c.yml',
      line: 3,
      column: 5,
      hint: 'set DB_PASSWORD in the shell environment, the .env file of the project directory, or a file given with --env-file',
    });
    const empty = interpolationDiagnostic(failureOf('${EMPTY:?}'), undefined);
    expect(empty.hint).toBe(
      'EMPTY is set but empty, and "${EMPTY:?…}" needs a non-empty value; set one in the shell environment, the .env file of the project directory, or a file given with --env-file',
    );
  });

  test('CX1102 quotes the text, unless a value name is given (dotenv values may be secrets)', () => {
    const failure = failureOf('s3cr3t${');
    expect(interpolationDiagnostic(failure, { file: 'c.yml' })).toEqual({
      severity: 'error',
      code: 'CX1102',
      message: 'invalid interpolation format in "s3cr3t${" at character 7',
      file: 'c.yml',
      hint: 'a reference is $NAME or ${NAME}, optionally with :-default, -default, :?error, ?error, :+alternate or +alternate; write $$ for a literal "$"',
    });
    expect(interpolationDiagnostic(failure, undefined, 'API_KEY').message).toBe('invalid interpolation format in the value of API_KEY');
  });

  test('a long text is quoted as a window around the bad reference', () => {
    const text = 'a'.repeat(100) + '${' + 'b'.repeat(100);
    expect(interpolationDiagnostic(failureOf(text), undefined).message).toBe(
      `invalid interpolation format in …${JSON.stringify('a'.repeat(20) + '${' + 'b'.repeat(58))}… at character 101`,
    );
  });

  test('values never appear in messages', () => {
    const secretLookup: VariableLookup = (name) => (name === 'TOKEN' ? 'hunter2' : undefined);
    for (const text of ['${MISSING:?token is $TOKEN}', '${TOKEN:+x}${', '${TOKEN} ${MISSING?}']) {
      const result = interpolateString(text, secretLookup);
      expect('error' in result).toBe(true);
      if ('error' in result) {
        const d = interpolationDiagnostic(result.error, undefined);
        expect(`${d.message} ${d.hint}`).not.toContain('hunter2');
      }
    }
  });
});

describe('interpolateTree', () => {
  const composeText = [
    'services:', //                                          1
    '  web:', //                                             2
    '    image: "nginx:${TAG:?set TAG in .env}"', //          3
    '    environment:', //                                   4
    '      GOOD: ${FOO}', //                                 5
    '      BAD: x${BROKEN', //                               6
    "    command: [echo, '${EMPTY:?}', ok]", //              7
    '  ${KEY_NOT_INTERPOLATED}:', //                          8
    '    image: ${FOO}:${UNSET:-latest}', //                  9
    '    ports: !override ["${P:?port please}"]', //          10
    '    volumes: !reset []', //                              11
    '    read_only: true', //                                 12
    '    scale: 2', //                                        13
    '',
  ].join('\n');

  function load(text: string) {
    const parsed = parseYaml(text, 'compose.yaml');
    expect(parsed.diagnostics).toEqual([]);
    return parsed;
  }

  test('reports every failure in the tree, each at the line and column of its value', () => {
    const parsed = load(composeText);
    const { diagnostics } = interpolateTree(parsed.value, lookup, 'compose.yaml', parsed.sourceMap);
    expect(diagnostics.map((d) => [d.code, d.line, d.column, d.message])).toEqual([
      ['CX1101', 3, 12, 'required variable TAG is missing a value: set TAG in .env'],
      ['CX1102', 6, 12, 'invalid interpolation format in "x${BROKEN" at character 2'],
      ['CX1101', 7, 21, 'required variable EMPTY is missing a value'],
      ['CX1101', 10, 23, 'required variable P is missing a value: port please'],
    ]);
    expect(diagnostics.every((d) => d.file === 'compose.yaml' && d.severity === 'error')).toBe(true);
  });

  test('interpolates values only, keeps failing strings as written, and handles the merge tags', () => {
    const parsed = load(composeText);
    const { value } = interpolateTree(parsed.value, lookup, 'compose.yaml', parsed.sourceMap);
    const services = (value as { services: Record<string, Record<string, unknown>> }).services;
    expect(Object.keys(services)).toEqual(['web', '${KEY_NOT_INTERPOLATED}']);
    expect(services.web.image).toBe('nginx:${TAG:?set TAG in .env}');
    expect(services.web.environment).toEqual({ GOOD: 'first', BAD: 'x${BROKEN' });
    expect(services.web.command).toEqual(['echo', '${EMPTY:?}', 'ok']);
    const other = services['${KEY_NOT_INTERPOLATED}'];
    expect(other.image).toBe('first:latest');
    expect(other.ports).toBeInstanceOf(OverrideTag);
    expect(other.volumes).toBeInstanceOf(ResetTag);
    expect(other.read_only).toBe(true);
    expect(other.scale).toBe(2);
  });

  test('interpolates inside !override and returns the !reset marker itself', () => {
    const parsed = load('x:\n  a: !override ["${FOO}", {k: "${BAR}"}]\n  b: !reset null\n');
    const input = parsed.value as { x: { a: OverrideTag; b: ResetTag } };
    const out = interpolateTree(parsed.value, lookup, 'compose.yaml', parsed.sourceMap).value as typeof input;
    expect(out.x.a).toBeInstanceOf(OverrideTag);
    expect(out.x.a.value).toEqual(['first', { k: 'second' }]);
    expect(out.x.b).toBe(input.x.b);
  });

  test('builds a new tree and leaves the input untouched', () => {
    const parsed = load(composeText);
    const before = JSON.stringify(parsed.value);
    const { value } = interpolateTree(parsed.value, lookup, 'compose.yaml', parsed.sourceMap);
    expect(JSON.stringify(parsed.value)).toBe(before);
    expect(value).not.toBe(parsed.value);
    const inputOverride = (parsed.value as { services: Record<string, { ports: OverrideTag }> }).services['${KEY_NOT_INTERPOLATED}'].ports;
    expect(inputOverride.value).toEqual(['${P:?port please}']);
  });

  test('a hostile __proto__ key stays an ordinary own key', () => {
    const parsed = load('services:\n  __proto__:\n    image: ${FOO}\n');
    const { value } = interpolateTree(parsed.value, lookup, 'compose.yaml', parsed.sourceMap);
    const services = (value as { services: Record<string, unknown> }).services;
    expect(Object.prototype.hasOwnProperty.call(services, '__proto__')).toBe(true);
    expect(Object.getPrototypeOf(services)).toBe(Object.prototype);
    expect(Object.getOwnPropertyDescriptor(services, '__proto__')?.value).toEqual({ image: 'first' });
    expect(({} as Record<string, unknown>).image).toBeUndefined();
  });

  test('with no position known, the diagnostic still names the file', () => {
    const { diagnostics } = interpolateTree({ a: '${X:?}' }, lookup, 'other.yaml', new SourceMap());
    expect(diagnostics).toEqual([
      {
        severity: 'error',
        code: 'CX1101',
        message: 'required variable X is missing a value',
        file: 'other.yaml',
        hint: 'set X in the shell environment, the .env file of the project directory, or a file given with --env-file',
      },
    ]);
  });

  test('scalars other than strings pass through', () => {
    const { value, diagnostics } = interpolateTree([1, true, null, 2.5, '$FOO'], lookup, 'f', new SourceMap());
    expect(value).toEqual([1, true, null, 2.5, 'first']);
    expect(diagnostics).toEqual([]);
  });
});

// ---------------------------------------------------------------------------------------------
// compose-go's template.Substitute (v2, named mappings off), transcribed as literally as JS allows:
// a global replace with the full pattern, the recursive `rest`, the operator chosen by its first
// index in the whole match. The implementation under test is written differently (no recursion on
// the rest, no greedy scan in the common case); this is the oracle for the property test above.

const fuzzValues: Record<string, string> = { A: 'a', E: '' };
const fuzzLookup: VariableLookup = (name) => (Object.prototype.hasOwnProperty.call(fuzzValues, name) ? fuzzValues[name] : undefined);

type OracleResult = { value: string } | { error: { kind: 'invalid-format' } | { kind: 'missing-required'; variable: string } };
const GO_NAME = '[_A-Za-z\\u017F\\u212A][_A-Za-z0-9\\u017F\\u212A]*';
const GO_PATTERN = `\\$(?:(\\$)|(${GO_NAME})|\\{(?:(${GO_NAME}(?::?[-+?][^\\n]*)?)\\}|(${GO_NAME}\\[[^\\n]*\\](?::?[-+?}][^\\n]*)?)\\}|()))`;

function composeGoSubstitute(template: string, mapping: VariableLookup): OracleResult {
  let firstError: OracleResult | undefined;
  const result = template.replace(new RegExp(GO_PATTERN, 'g'), (substring) => {
    const replaced = goReplacement(substring, mapping);
    if ('value' in replaced) return replaced.value;
    firstError ??= replaced;
    return '';
  });
  return firstError ?? { value: result };
}

function goFirstBraceClosingIndex(s: string): number {
  let open = 0;
  for (let i = 0; i < s.length; i++) {
    if (s[i] === '}') {
      open--;
      if (open === 0) return i;
    }
    if (s[i] === '{') {
      open++;
      i++;
    }
  }
  return -1;
}

function goReplacement(matched: string, mapping: VariableLookup): OracleResult {
  const template = matched;
  let substring = matched;
  let rest = '';
  const closing = goFirstBraceClosingIndex(substring);
  if (closing > -1) {
    rest = substring.slice(closing + 1);
    substring = substring.slice(0, closing + 1);
  }
  const groups = new RegExp(GO_PATTERN).exec(substring);
  if (!groups) throw new Error('unreachable: the substring starts with a match');
  let value: string;
  if (groups[1] !== undefined) {
    return { value: '$' }; // escaped: compose-go returns before looking at the rest
  } else if (groups[2] !== undefined) {
    value = mapping(groups[2]) ?? '';
  } else if (groups[3] !== undefined) {
    const operators = [':?', '?', ':-', '-', ':+', '+']
      .map((op) => ({ op, index: template.indexOf(op) }))
      .filter((o) => o.index >= 0)
      .sort((a, b) => a.index - b.index);
    if (operators.length === 0) {
      value = mapping(groups[3]) ?? '';
    } else {
      const op = operators[0].op;
      const at = groups[3].indexOf(op);
      const name = groups[3].slice(0, at);
      const argument = composeGoSubstitute(groups[3].slice(at + op.length), mapping);
      if (!('value' in argument)) return argument;
      const v = mapping(name);
      if (op === ':-') value = v === undefined || v === '' ? argument.value : v;
      else if (op === '-') value = v === undefined ? argument.value : v;
      else if (op === ':+') value = v !== undefined && v !== '' ? argument.value : (v ?? '');
      else if (op === '+') value = v !== undefined ? argument.value : (v ?? '');
      else if (v === undefined || (op === ':?' && v === '')) return { error: { kind: 'missing-required', variable: name } };
      else value = v;
    }
  } else if (groups[4] !== undefined) {
    value = substring; // named mappings are off: kept as written
  } else {
    return { error: { kind: 'invalid-format' } };
  }
  if (rest !== '') {
    const nested = composeGoSubstitute(rest, mapping);
    if (!('value' in nested)) return nested;
    value += nested.value;
  }
  return { value };
}
