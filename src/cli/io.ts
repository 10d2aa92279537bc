/**
 * What every command shares with the outside world: exit codes, the streams and environment it
 * runs with (injected, so tests run commands in-process), and how diagnostics are printed.
 * Kept apart from `main.ts` so command modules import it without importing the program.
 */
import { Diagnostic, formatDiagnostic } from '../diagnostics';

/** Exit codes: 0 success, 1 invalid input, 2 usage error, 3 AWS-side failure, 70 internal error. */
export const EXIT = { ok: 0, invalidInput: 1, usage: 2, aws: 3, internal: 70 } as const;

export interface CliIO {
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly cwd: string;
}

export const defaultIO: CliIO = {
  stdout: (t) => process.stdout.write(t),
  stderr: (t) => process.stderr.write(t),
  env: process.env,
  cwd: process.cwd(),
};

/** Prints diagnostics (errors, warnings and notes) to stderr with code frames. */
export function reportDiagnostics(
  diagnostics: readonly Diagnostic[],
  io: CliIO,
  sources?: ReadonlyMap<string, string>,
): void {
  if (diagnostics.length === 0) return;
  const text = diagnostics.map((d) => formatDiagnostic(d, { sources, cwd: io.cwd })).join('\n\n');
  const errors = diagnostics.filter((d) => d.severity === 'error').length;
  const warnings = diagnostics.filter((d) => d.severity === 'warning').length;
  const notes = diagnostics.filter((d) => d.severity === 'info').length;
  const tally = [errors ? `${errors} error${errors > 1 ? 's' : ''}` : '', warnings ? `${warnings} warning${warnings > 1 ? 's' : ''}` : '', notes ? `${notes} note${notes > 1 ? 's' : ''}` : '']
    .filter(Boolean)
    .join(', ');
  io.stderr(`${text}\n\n${tally}\n`);
}
