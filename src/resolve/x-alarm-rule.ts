/**
 * The rule of a composite alarm: ECS ComposeX's `MacroParameters.CompositeExpression`
 * (`ALARM(alarm-01) and (OK(service-alarm) or INSUFFICIENT_DATA(service-alarm))`, names unquoted,
 * operators in any case: its alarms_stack.py upper-cases every word that is not a function) or
 * `Properties.AlarmRule` (CloudWatch's own syntax, names quoted).
 *
 * CloudWatch (PutCompositeAlarm, AlarmRule): functions `ALARM("name or ARN")`, `OK(…)`,
 * `INSUFFICIENT_DATA(…)`, the constants `TRUE` and `FALSE`, the operators `AND`, `OR` and `NOT`,
 * parentheses; at most 10240 characters, and "as many as 100 underlying alarms". composex parses
 * the rule (so that a typo is an error at the place, not a failed deployment) and writes it back
 * in CloudWatch's spelling: operators upper case, each name quoted.
 */

export const ALARM_RULE_MAX_LENGTH = 10240;
export const ALARM_RULE_MAX_ALARMS = 100;

const FUNCTIONS = ['ALARM', 'OK', 'INSUFFICIENT_DATA'] as const;

export interface ParsedRule {
  /** The rule in CloudWatch's spelling, `ALARM("name")`: generate swaps each name for the alarm's ARN. */
  readonly rule: string;
  /** Every alarm name or ARN it refers to, in order of first mention. */
  readonly names: readonly string[];
}

export interface RuleError {
  /** 1-based position in the expression. */
  readonly column: number;
  readonly message: string;
}

type Token = { readonly kind: 'word' | 'name' | '(' | ')'; readonly text: string; readonly column: number };

/** Parses a rule; an error names the column in the expression where it goes wrong. */
export function parseAlarmRule(expression: string): ParsedRule | RuleError {
  const tokens = tokenize(expression);
  if ('message' in tokens) return tokens;
  const names: string[] = [];
  let i = 0;
  const peek = (): Token | undefined => tokens[i];
  const end = expression.length + 1;
  const fail = (message: string, token = peek()): RuleError => ({ column: token?.column ?? end, message });
  const word = (t: Token | undefined, ...w: string[]) => t?.kind === 'word' && w.includes(t.text.toUpperCase());

  const primary = (): string | RuleError => {
    const t = peek();
    if (!t) return fail('the expression ends where an alarm function, TRUE, FALSE, NOT or "(" was expected');
    if (t.kind === '(') {
      i++;
      const inner = or();
      if (typeof inner !== 'string') return inner;
      if (peek()?.kind !== ')') return fail(`"(" at column ${t.column} is not closed`);
      i++;
      return `(${inner})`;
    }
    if (word(t, 'TRUE', 'FALSE')) {
      i++;
      return t.text.toUpperCase();
    }
    if (word(t, ...FUNCTIONS)) {
      i++;
      if (peek()?.kind !== '(') return fail(`${t.text} takes an alarm in parentheses: ${t.text.toUpperCase()}(<alarm>)`);
      i++;
      const name = peek();
      if (!name || (name.kind !== 'name' && name.kind !== 'word')) return fail(`${t.text.toUpperCase()}( names no alarm`);
      i++;
      if (peek()?.kind !== ')') return fail(`${t.text.toUpperCase()}(${name.text} takes one alarm name, then ")"`);
      i++;
      if (!names.includes(name.text)) names.push(name.text);
      return `${t.text.toUpperCase()}(${JSON.stringify(name.text)})`;
    }
    return fail(`'${t.text}' is not ALARM(…), OK(…), INSUFFICIENT_DATA(…), TRUE, FALSE, NOT or "("`);
  };
  const unary = (): string | RuleError => {
    if (word(peek(), 'NOT')) {
      i++;
      const operand = unary();
      return typeof operand === 'string' ? `NOT ${operand}` : operand;
    }
    return primary();
  };
  const sequence = (operator: 'AND' | 'OR', operand: () => string | RuleError) => (): string | RuleError => {
    let left = operand();
    while (typeof left === 'string' && word(peek(), operator)) {
      i++;
      const right = operand();
      left = typeof right === 'string' ? `${left} ${operator} ${right}` : right;
    }
    return left;
  };
  const and = sequence('AND', unary);
  const or = sequence('OR', and);

  const rule = or();
  if (typeof rule !== 'string') return rule;
  if (i < tokens.length) return fail(`'${tokens[i].text}' follows a complete expression: join the parts with AND or OR`);
  return { rule, names };
}

function tokenize(expression: string): Token[] | RuleError {
  const tokens: Token[] = [];
  let i = 0;
  while (i < expression.length) {
    const c = expression[i];
    if (/\s/.test(c)) {
      i++;
    } else if (c === '(' || c === ')') {
      tokens.push({ kind: c, text: c, column: i + 1 });
      i++;
    } else if (c === '"') {
      const close = expression.indexOf('"', i + 1);
      if (close < 0) return { column: i + 1, message: 'the quoted name is not closed' };
      tokens.push({ kind: 'name', text: expression.slice(i + 1, close).trim(), column: i + 1 });
      i = close + 1;
    } else {
      const start = i;
      while (i < expression.length && !/[\s()"]/.test(expression[i])) i++;
      tokens.push({ kind: 'word', text: expression.slice(start, i), column: start + 1 });
    }
  }
  return tokens;
}
