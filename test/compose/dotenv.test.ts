import { expandEscapes, parseDotenv } from '../../src/compose/dotenv';
import { VariableLookup } from '../../src/compose/interpolate';

const SHELL: Record<string, string> = { SHELL_VAR: 'from-shell', FOO: 'first', EMPTY: '' };
const lookup: VariableLookup = (name) => (Object.prototype.hasOwnProperty.call(SHELL, name) ? SHELL[name] : undefined);

function parse(text: string) {
  return parseDotenv(text, '/project/.env', lookup);
}

describe('parseDotenv', () => {
  // Expected values checked against compose-go's dotenv package (and its tests).
  test.each<[string, string, Record<string, string>]>([
    ['a plain assignment', 'A=b', { A: 'b' }],
    ['spaces around =', 'A = b', { A: 'b' }],
    ['trailing spaces trimmed', 'A= b  ', { A: 'b' }],
    ['export prefix', 'export A=b', { A: 'b' }],
    ['indented export with a tab', '  export\tA=b', { A: 'b' }],
    ['a name starting with export', 'exportA=1\nexport_B =2\nexport.C= 3', { exportA: '1', export_B: '2', 'export.C': '3' }],
    ['a variable named export', 'export=1', { export: '1' }],
    ['YAML style', 'A: b', { A: 'b' }],
    ['YAML style with = in the value', 'A: b=c', { A: 'b=c' }],
    ['= style with : in the value', 'A=1:B', { A: '1:B' }],
    ['a URL', 'A=postgres://h:5432/db?sslmode=disable', { A: 'postgres://h:5432/db?sslmode=disable' }],
    ['several = in the value', 'A=foobar=', { A: 'foobar=' }],
    ['comments and blank lines', '# comment\n\n  # indented comment\n\t\nA=1\n#B=2\n', { A: '1' }],
    ['an inline comment', 'A=b # comment', { A: 'b' }],
    ['an inline comment without a space after #', 'A=b #comment', { A: 'b' }],
    ['# without a space before it is part of the value', 'A=123#not-a-comment', { A: '123#not-a-comment' }],
    ['only " #" starts a comment (not tab-#)', 'A=b\t#c', { A: 'b\t#c' }],
    ['a value starting with #', 'A=#b', { A: '#b' }],
    ['an empty value', 'A=\nB=', { A: '', B: '' }],
    ['empty quotes', 'A=""\nB=\'\'', { A: '', B: '' }],
    ['# inside single quotes', "A='b # c' # comment", { A: 'b # c' }],
    ['# inside double quotes, comment after', 'A="b#c" # comment', { A: 'b#c' }],
    ['a comment glued to the closing quote', 'A="b#c"#', { A: 'b#c' }],
    ['single quotes are literal', "A='$FOO \\n ${FOO}'", { A: '$FOO \\n ${FOO}' }],
    ['an escaped quote in single quotes', "A='it\\'s'", { A: "it's" }],
    ['double quotes inside single quotes', `A='say "hi"'`, { A: 'say "hi"' }],
    ['single quotes inside double quotes', `A="'d'"`, { A: "'d'" }],
    ['\\n in double quotes', 'A="line1\\nline2"', { A: 'line1\nline2' }],
    ['\\t in double quotes', 'A="a\\tb"', { A: 'a\tb' }],
    ['all XSI escapes', 'A="Z\\aZ\\bZ\\fZ\\nZ\\rZ\\tZ\\vZ\\\\Z\\0123Z"', { A: 'Z\x07Z\bZ\fZ\nZ\rZ\tZ\vZ\\ZSZ' }],
    ['an escaped double quote', 'A="q\\"uote"', { A: 'q"uote' }],
    ['a value that is one quoted word', 'A="\\"quoted\\""', { A: '"quoted"' }],
    ['a trailing escaped backslash', 'A="ends with \\\\"', { A: 'ends with \\' }],
    ['escapes Go does not know stay', 'A="\\x41 \\u12e4 \\c \\q"', { A: '\\x41 \\u12e4 \\c \\q' }],
    ['\\0 alone becomes a backslash (compose-go)', 'A="a\\0b"', { A: 'a\\b' }],
    ['no escapes in unquoted values', 'A=a\\tb', { A: 'a\\tb' }],
    ['a double-quoted value over several lines', 'A="first line\nsecond line"\nB=2', { A: 'first line\nsecond line', B: '2' }],
    ['a single-quoted value over several lines', "A='one\ntwo'", { A: 'one\ntwo' }],
    ['an earlier variable, unquoted', 'A=1\nB=${A}2', { A: '1', B: '12' }],
    ['an earlier variable, double-quoted', 'A=1\nB="<$A>"', { A: '1', B: '<1>' }],
    ['the lookup', 'B=$FOO', { B: 'first' }],
    ['the lookup wins over the file for interpolation', 'FOO=file\nB=$FOO', { FOO: 'file', B: 'first' }],
    ['defaults', 'B=${NOPE:-dflt}\nC="${EMPTY:-e}"', { B: 'dflt', C: 'e' }],
    ['\\$ in double quotes is a literal $', 'B="\\$FOO \\${FOO}"', { B: '$FOO ${FOO}' }],
    ['$$ is a literal $', 'B=$$FOO', { B: '$FOO' }],
    ['a lone $', 'B="$"\nC=5$', { B: '$', C: '5$' }],
    ['the last definition wins', 'A=1\nA=2', { A: '2' }],
    ['parsing resumes after a closing quote', 'A="x"B=1', { A: 'x', B: '1' }],
    ['CRLF line endings', 'A=1\r\nB="2"\r\n# c\r\nC=3\r\n', { A: '1', B: '2', C: '3' }],
    ['a byte order mark', '\uFEFFA=1', { A: '1' }],
    ['names with [ ] . - and letters of any script', 'a[1]=c\na.b=d\nVAR-X=x\nárvíztűrő=ÁRVÍZ', {
      'a[1]': 'c',
      'a.b': 'd',
      'VAR-X': 'x',
      árvíztűrő: 'ÁRVÍZ',
    }],
    ['export alone on a line is ignored', 'export\nA=1', { A: '1' }],
  ])('%s', (_name, text, values) => {
    const parsed = parse(text);
    expect(parsed.diagnostics).toEqual([]);
    expect(parsed.values).toEqual(values);
  });

  test('an unset variable is empty, with the warning Compose gives in the compose file (CX1104), at the value', () => {
    const parsed = parse('A=1\nB=x${NOPE}y\nC="${NOPE} ${NOPE2:-d} ${GONE}"\nD=${NOPE:-} $$NOPE');
    expect(parsed.values).toEqual({ A: '1', B: 'xy', C: ' d ', D: ' $NOPE' });
    expect(parsed.diagnostics.map((d) => [d.code, d.severity, d.line, d.column, d.message])).toEqual([
      ['CX1104', 'warning', 2, 3, 'The NOPE variable is not set. Defaulting to a blank string.'],
      ['CX1104', 'warning', 3, 3, 'The NOPE variable is not set. Defaulting to a blank string.'],
      ['CX1104', 'warning', 3, 3, 'The GONE variable is not set. Defaulting to a blank string.'],
    ]);
  });

  test.each<[string, string, Record<string, string>, string[]]>([
    ['a bare name known to the lookup', 'SHELL_VAR\n', { SHELL_VAR: 'from-shell' }, ['SHELL_VAR']],
    ['a bare name set but empty', 'EMPTY\n', { EMPTY: '' }, ['EMPTY']],
    ['a bare name the lookup does not know is left out', 'NOT_SET\nA=1', { A: '1' }, ['NOT_SET']],
    ['a bare name on the last line without a line break', 'A=1\nSHELL_VAR', { A: '1', SHELL_VAR: 'from-shell' }, ['SHELL_VAR']],
    ['a bare name with trailing spaces and CRLF', 'FOO  \r\nNOPE\r\n', { FOO: 'first' }, ['FOO', 'NOPE']],
    ['an indented, exported bare name', '  export FOO\n', { FOO: 'first' }, ['FOO']],
    ['bare names are listed once', 'NOPE\nNOPE\n', {}, ['NOPE']],
    ['a bare name replaces an earlier value only when the lookup knows it', 'FOO=1\nFOO\nX=1\nX', { FOO: 'first', X: '1' }, ['FOO', 'X']],
    // compose-go: text after a closing quote starts a new statement, here a bare name
    ['text after a closing quote', 'A="x" FOO\n', { A: 'x', FOO: 'first' }, ['FOO']],
  ])('%s', (_name, text, values, bare) => {
    const parsed = parse(text);
    expect(parsed.diagnostics).toEqual([]);
    expect(parsed.values).toEqual(values);
    expect(parsed.bare).toEqual(bare);
  });

  // [text, [code, line, column, message]...]
  test.each<[string, [string, number, number, string][]]>([
    ['lol$wut', [['CX1103', 1, 4, 'invalid character "$" in a variable name']]],
    ['A=1\n%!(EXTRA string)=foo', [['CX1103', 2, 1, 'invalid character "%" in a variable name']]],
    ['KEY # a comment after a bare name', [['CX1103', 1, 5, 'invalid character "#" in a variable name']]],
    ['"QUOTED"=1', [['CX1103', 1, 1, 'invalid character "\\"" in a variable name']]],
    ['A=1\n  FOO BAR=1', [['CX1103', 2, 6, 'a variable name cannot contain a space']]],
    ['MY SECRET PHRASE\n', [['CX1103', 1, 3, 'a variable name cannot contain a space']]],
    ['=value', [['CX1103', 1, 1, 'missing variable name before "="']]],
    ['A=1\n  : value', [['CX1103', 2, 3, 'missing variable name before ":"']]],
    ['A="unterminated', [['CX1103', 1, 3, 'unterminated quoted value for A']]],
    ["x=1\nA = 'unterminated\nB=2", [['CX1103', 2, 5, 'unterminated quoted value for A']]],
    ['A="value\\"', [['CX1103', 1, 3, 'unterminated quoted value for A']]],
    ["A='value\"", [['CX1103', 1, 3, 'unterminated quoted value for A']]],
    ['A=${NOPE:?set it}', [['CX1101', 1, 3, 'required variable NOPE is missing a value: set it']]],
    ['A=x ${EMPTY:?}', [['CX1101', 1, 5, 'required variable EMPTY is missing a value']]],
    ['A=x ${BROKEN', [['CX1102', 1, 5, 'invalid interpolation format in the value of A']]],
    ['A = "x\n ${BROKEN"', [['CX1102', 1, 5, 'invalid interpolation format in the value of A']]],
    ['A="x ${NOPE?}"', [['CX1101', 1, 3, 'required variable NOPE is missing a value']]],
    // every bad statement is reported, and the good ones around them are kept
    [
      'A=1\nB C=2\n"D"=3\n=4\nE=${X:?}\nF="open\n',
      [
        ['CX1103', 2, 2, 'a variable name cannot contain a space'],
        ['CX1103', 3, 1, 'invalid character "\\"" in a variable name'],
        ['CX1103', 4, 1, 'missing variable name before "="'],
        ['CX1101', 5, 3, 'required variable X is missing a value'],
        ['CX1103', 6, 3, 'unterminated quoted value for F'],
      ],
    ],
  ])('%j is reported', (text, expected) => {
    const parsed = parse(text);
    expect(parsed.diagnostics.map((d) => [d.code, d.line, d.column, d.message])).toEqual(expected);
    for (const d of parsed.diagnostics) {
      expect(d.file).toBe('/project/.env');
      expect(d.severity).toBe('error');
      expect(d.hint).toBeTruthy();
    }
  });

  test('statements around errors are still read', () => {
    // After a bad statement, reading goes on at the next line (Compose would stop at the first error).
    expect(parse('A=1\nB C=2\nD="open\nE=5').values).toEqual({ A: '1', E: '5' });
    // A quote closed on a later line is a multi-line value, not an error.
    expect(parse('D="open\nE=5"\nF=6').values).toEqual({ D: 'open\nE=5', F: '6' });
  });

  test('the exact hints', () => {
    const hints = parse('a$=1\nA B=1\n=1\nC="x').diagnostics.map((d) => d.hint);
    expect(hints).toEqual([
      'write NAME=value; a name may contain letters, digits, "_", ".", "-", "[" and "]"',
      'write NAME=value, or a bare NAME on its own line to take the value from the environment',
      'write NAME=value',
      'end the value with the quote it starts with ("); inside it, write \\" for a literal "',
    ]);
  });

  test('values never appear in messages', () => {
    const secret = 'hunter2';
    const text = [`A="${secret}`, `B=${secret} \${`, `C="${secret} \${X:?}"`, `D E=${secret}`, `F='${secret}`].join('\n');
    const parsed = parse(text);
    expect(parsed.diagnostics.length).toBeGreaterThan(0);
    for (const d of parsed.diagnostics) expect(`${d.message} ${d.hint}`).not.toContain(secret);
  });

  test('a __proto__ name is an ordinary own key', () => {
    const parsed = parse('__proto__=x\nB=${__proto__}y');
    expect(Object.prototype.hasOwnProperty.call(parsed.values, '__proto__')).toBe(true);
    expect(Object.getPrototypeOf(parsed.values)).toBe(Object.prototype);
    expect(Object.getOwnPropertyDescriptor(parsed.values, '__proto__')?.value).toBe('x');
    expect(parsed.values.B).toBe('xy');
  });

  test('values keep file order', () => {
    expect(Object.keys(parse('Z=1\nA=2\nM=3\nSHELL_VAR').values)).toEqual(['Z', 'A', 'M', 'SHELL_VAR']);
  });

  test('an empty file and a file of comments define nothing', () => {
    for (const text of ['', '\n\n', '# only\n   # comments']) {
      expect(parse(text)).toEqual({ values: {}, bare: [], origins: {}, diagnostics: [] });
    }
  });
});

describe('expandEscapes', () => {
  test.each<[string, string]>([
    ['\\n\\r\\t', '\n\r\t'],
    ['\\a\\b\\f\\v', '\x07\b\f\v'],
    ['\\\\', '\\'],
    ['\\"', '"'],
    ['\\$FOO', '$$FOO'],
    ['\\0123', 'S'],
    ['\\0000', '\0'],
    ['\\01234', 'S4'],
    ['\\0777', '\\777'],
    ['\\012', '\\12'],
    ['\\0189', '\\189'],
    ['\\0', '\\'],
    ['\\c', '\\c'],
    ['\\x41', '\\x41'],
    ['\\\\n', '\\n'],
  ])('%j → %j', (input, expected) => {
    expect(expandEscapes(input)).toBe(expected);
  });
});
