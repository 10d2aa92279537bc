/**
 * Evaluates the intrinsic functions composex writes around names CloudFormation gives (Ref to a
 * parameter given a value, Fn::Join, Fn::Select, Fn::Split, Fn::Sub), so a test can read a value such as a
 * dashboard body or an alarm dimension as CloudFormation would pass it on.
 */
export function evaluate(value: unknown, parameters: Record<string, string>): unknown {
  if (typeof value !== 'object' || value === null) return value;
  if (Array.isArray(value)) return value.map((v) => evaluate(v, parameters));
  const [fn, arg] = Object.entries(value as Record<string, unknown>)[0];
  if (fn === 'Ref') {
    if (!(String(arg) in parameters)) throw new Error(`no value for ${String(arg)}`);
    return parameters[String(arg)];
  }
  if (fn === 'Fn::Sub') {
    const [text, variables] = typeof arg === 'string' ? [arg, {}] : (arg as [string, Record<string, unknown>]);
    return text.replace(/\$\{(!?)([^}]*)\}/g, (_all, literal: string, name: string) => {
      if (literal) return `\${${name}}`;
      return String(name in variables ? evaluate(variables[name], parameters) : evaluate({ Ref: name }, parameters));
    });
  }
  const args = arg as unknown[];
  if (fn === 'Fn::Join') return (evaluate(args[1], parameters) as string[]).join(args[0] as string);
  if (fn === 'Fn::Select') return (evaluate(args[1], parameters) as string[])[Number(args[0])];
  if (fn === 'Fn::Split') return (evaluate(args[1], parameters) as string).split(args[0] as string);
  throw new Error(`cannot evaluate ${fn}`);
}
