/**
 * `command`, `entrypoint` and `healthcheck` rules of the canonical form: a string command is split
 * into words (`shell-words.ts`), a string healthcheck test runs in a shell.
 */
import { CANONICAL_CODES as C } from '../codes';
import { isPlainObject } from '../tags';
import { setOwn } from '../yaml';
import { splitShellWords } from './shell-words';
import { DROP, quote, Rule } from './walker';

export const command: Rule = (value, at, w) => {
  if (Array.isArray(value)) return value.map((v) => (typeof v === 'number' || typeof v === 'boolean' ? String(v) : v));
  if (typeof value !== 'string') return w.wrongType(at, value, 'a string or a list of strings');
  const parsed = splitShellWords(value);
  if ('error' in parsed) {
    w.report(C.command, at, `${quote(value)} ${parsed.error}`, parsed.hint);
    return DROP;
  }
  return parsed.value;
};

const HEALTHCHECK_KINDS = ['NONE', 'CMD', 'CMD-SHELL'];

export const healthcheck: Rule = (value, at, w) => {
  if (!isPlainObject(value)) return w.wrongType(at, value, 'a mapping');
  const out = w.children(value, at) as Record<string, unknown>;
  if (out.disable === true) setOwn(out, 'test', ['NONE']);
  return out;
};

export const healthcheckTest: Rule = (value, at, w) => {
  if (typeof value === 'string') return ['CMD-SHELL', value];
  if (!Array.isArray(value)) return w.wrongType(at, value, 'a string or a list of strings');
  const test = value.map((v) => (typeof v === 'number' || typeof v === 'boolean' ? String(v) : v));
  if (test.length > 0 && !HEALTHCHECK_KINDS.includes(test[0] as string)) {
    w.report(
      C.healthcheck,
      at,
      `the test list must start with "CMD", "CMD-SHELL" or "NONE", not ${quote(test[0])}`,
      'write ["CMD", "curl", "-f", "http://localhost"] to run a program, ["CMD-SHELL", "curl -f http://localhost || exit 1"] or a plain string to run a shell command',
    );
    return DROP;
  }
  return test;
};
