/**
 * Everything deploy needs from the outside world besides AWS: output, the terminal, a clock,
 * sleeping and Ctrl-C. Injected, so tests run instantly and deterministically.
 */
import * as readline from 'readline';

export interface DeployIO {
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
  /** Output goes to a terminal: progress redrawn in place, colour. */
  readonly isTTY: boolean;
  /** Input comes from a terminal: confirmation can be asked (on stderr). */
  readonly interactive: boolean;
  /** Colour on (a TTY without NO_COLOR). */
  readonly color: boolean;
  /** Terminal width, when known: lines redrawn in place are cut to it so they never wrap. */
  readonly columns?: number;
  /** Asks a yes/no question on the terminal; resolves to true only for "y" / "yes". */
  readonly confirm: (question: string) => Promise<boolean>;
  /** Waits `ms`; resolves early when `signal` aborts. */
  readonly sleep: (ms: number, signal?: AbortSignal) => Promise<void>;
  readonly now: () => Date;
  /** Calls `handler` on Ctrl-C (SIGINT) until the returned function is called. */
  readonly onInterrupt: (handler: () => void) => () => void;
}

/** How often deploy polls CloudFormation (milliseconds). */
export interface PollIntervals {
  readonly changeSet: number;
  readonly stack: number;
}

export const DEFAULT_POLL: PollIntervals = { changeSet: 2000, stack: 5000 };

export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal?.aborted) return resolve();
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    }
    signal?.addEventListener('abort', done, { once: true });
  });
}

/** Asks on stderr so stdout stays clean for what a command prints. */
export function confirmOnTerminal(question: string): Promise<boolean> {
  const rl = readline.createInterface({ input: process.stdin, output: process.stderr });
  return new Promise((resolve) => {
    rl.question(question, (answer) => {
      rl.close();
      resolve(/^\s*y(es)?\s*$/i.test(answer));
    });
    rl.on('SIGINT', () => {
      rl.close();
      resolve(false);
    });
  });
}

/** The first Ctrl-C calls `handler`; a second one, if the first is not acted on, exits (130). */
export function onProcessInterrupt(handler: () => void): () => void {
  let presses = 0;
  const listener = () => {
    if (++presses > 1) process.exit(130);
    handler();
  };
  process.on('SIGINT', listener);
  return () => {
    process.off('SIGINT', listener);
  };
}

/** The process's terminal, with output going to `stdout` / `stderr`. */
export function processDeployIO(
  stdout: (text: string) => void,
  stderr: (text: string) => void,
  env: Readonly<Record<string, string | undefined>>,
): DeployIO {
  const isTTY = Boolean(process.stdout.isTTY);
  return {
    stdout,
    stderr,
    isTTY,
    interactive: Boolean(process.stdin.isTTY && process.stderr.isTTY),
    color: isTTY && env.NO_COLOR === undefined,
    ...(isTTY && process.stdout.columns ? { columns: process.stdout.columns } : {}),
    confirm: confirmOnTerminal,
    sleep,
    now: () => new Date(),
    onInterrupt: onProcessInterrupt,
  };
}

/** `text` in bold red on a colour terminal; as is otherwise. */
export function danger(io: Pick<DeployIO, 'color'>, text: string): string {
  return io.color ? `\x1b[1;31m${text}\x1b[0m` : text;
}

/** `text` in bold yellow on a colour terminal; as is otherwise. */
export function warn(io: Pick<DeployIO, 'color'>, text: string): string {
  return io.color ? `\x1b[1;33m${text}\x1b[0m` : text;
}
