/**
 * Watching a stack until it settles, with live progress: on a terminal a block redrawn in place
 * (the stack status, counts, what is in progress now; failures stay on screen as they happen),
 * otherwise one line per event. Ctrl-C stops watching, never the operation.
 */
import type { CloudFormationClient, StackEvent } from '@aws-sdk/client-cloudformation';
import { isFailed, isSelf, OperationEvents, rootCauses, type StackEventRecord } from './events';
import { danger, type DeployIO } from './io';
import { describeStack, isSettled } from './stack';

export interface WatchOptions {
  /** Shown in the live header. */
  readonly stackName: string;
  readonly stackId: string;
  readonly pollMs: number;
  readonly io: DeployIO;
  /** Called with each round's new events, in order (e.g. to set secret values as they appear). */
  readonly onEvents?: (records: readonly StackEventRecord[]) => Promise<void>;
}

export interface WatchResult {
  /** The stack's final status (`DELETE_COMPLETE` once it is gone), or the last one seen when interrupted. */
  readonly status: string;
  readonly statusReason?: string;
  readonly interrupted: boolean;
  readonly records: readonly StackEventRecord[];
}

/** Polls until the operation `events` follows has started and the stack has settled. */
export async function watchStack(cfn: CloudFormationClient, events: OperationEvents, options: WatchOptions): Promise<WatchResult> {
  const { io } = options;
  const view: ProgressView = io.isTTY ? new LiveView(io, options.stackName, io.now()) : new LineView(io);
  const interrupt = new AbortController();
  const stopListening = io.onInterrupt(() => interrupt.abort());
  let status = '';
  let statusReason: string | undefined;
  try {
    for (;;) {
      const startedBefore = events.started;
      const stack = await describeStack(cfn, options.stackId);
      status = stack?.StackStatus ?? 'DELETE_COMPLETE';
      statusReason = stack?.StackStatusReason;
      // A status read before the operation's first event may still be the previous operation's.
      const settled = startedBefore && isSettled(status);
      const fresh = await events.poll(settled);
      // Until the operation's first event, the status read may still be the previous operation's.
      view.update(fresh, events.started ? status : 'starting');
      if (options.onEvents && fresh.length > 0) await options.onEvents(fresh);
      if (settled) return { status, ...(statusReason ? { statusReason } : {}), interrupted: false, records: events.all };
      if (interrupt.signal.aborted) break;
      await io.sleep(options.pollMs, interrupt.signal);
      if (interrupt.signal.aborted) break;
    }
  } finally {
    stopListening();
    view.end();
  }
  return { status, ...(statusReason ? { statusReason } : {}), interrupted: true, records: events.all };
}

interface ProgressView {
  update(records: readonly StackEventRecord[], rootStatus: string): void;
  end(): void;
}

/** `10:15:42  CREATE_FAILED  FamilyApiStack/Service  AWS::ECS::Service  reason` */
export function formatEvent(record: StackEventRecord): string {
  const e = record.event;
  const reason = e.ResourceStatusReason ? `  ${oneLine(e.ResourceStatusReason)}` : '';
  return `${clock(e)}  ${(e.ResourceStatus ?? '?').padEnd(20)}  ${record.label}  ${e.ResourceType ?? ''}${reason}`;
}

class LineView implements ProgressView {
  constructor(private readonly io: DeployIO) {}

  update(records: readonly StackEventRecord[]): void {
    for (const r of records) this.io.stdout(`${formatEvent(r)}\n`);
  }

  end(): void {}
}

/** Lines of in-progress resources shown under the header. */
const LIVE_ROWS = 8;

class LiveView implements ProgressView {
  private drawn = 0;
  private readonly latest = new Map<string, StackEvent>();

  constructor(
    private readonly io: DeployIO,
    private readonly stackName: string,
    private readonly started: Date,
  ) {}

  update(records: readonly StackEventRecord[], rootStatus: string): void {
    const permanent: string[] = [];
    for (const r of records) {
      if (isSelf(r.event) && r.stackPath === '') continue;
      this.latest.set(r.label, r.event);
      if (isFailed(r.event)) permanent.push(danger(this.io, formatEvent(r)));
    }
    const width = this.io.columns;
    const block = this.block(rootStatus).map((line) => (width && line.length >= width ? `${line.slice(0, width - 2)}…` : line));
    this.io.stdout(this.erase() + permanent.map((l) => l + '\n').join('') + block.map((l) => l + '\n').join(''));
    this.drawn = block.length;
  }

  end(): void {
    this.io.stdout(this.erase());
    this.drawn = 0;
  }

  private erase(): string {
    return this.drawn > 0 ? `\x1b[${this.drawn}F\x1b[J` : '';
  }

  private block(rootStatus: string): string[] {
    const all = [...this.latest.entries()];
    const running = all.filter(([, e]) => /_IN_PROGRESS$/.test(e.ResourceStatus ?? ''));
    const complete = all.filter(([, e]) => /_COMPLETE$/.test(e.ResourceStatus ?? '')).length;
    const failed = all.filter(([, e]) => isFailed(e)).length;
    const elapsed = duration(this.io.now().getTime() - this.started.getTime());
    const header = `${this.stackName}  ${rootStatus}  ${elapsed}  ·  ${complete} complete, ${running.length} in progress${failed ? `, ${failed} failed` : ''}`;
    const rows = running.slice(0, LIVE_ROWS).map(([label, e]) => `  ${label}  ${e.ResourceType ?? ''}  ${e.ResourceStatus}`);
    if (running.length > LIVE_ROWS) rows.push(`  … and ${running.length - LIVE_ROWS} more in progress`);
    return [header, ...rows];
  }
}

/** The explanation of a failed operation: its root cause first, then the other failures. */
export function formatFailure(records: readonly StackEventRecord[], maxOthers = 5): string {
  const causes = rootCauses(records);
  if (causes.length === 0) return '  (no failed resource events were found)\n';
  const [first, ...others] = causes;
  const lines = ['Root cause:', `  ${describeFailure(first)}`];
  if (others.length > 0) {
    lines.push('Then:');
    for (const r of others.slice(0, maxOthers)) lines.push(`  ${describeFailure(r)}`);
    if (others.length > maxOthers) lines.push(`  … and ${others.length - maxOthers} more failed events`);
  }
  return lines.join('\n') + '\n';
}

function describeFailure(r: StackEventRecord): string {
  const e = r.event;
  return `${r.label} (${e.ResourceType ?? '?'}) ${e.ResourceStatus} at ${clock(e)}: ${oneLine(e.ResourceStatusReason ?? 'no reason given')}`;
}

/** `HH:MM:SS` UTC of an event. */
function clock(e: StackEvent): string {
  return e.Timestamp ? new Date(e.Timestamp).toISOString().slice(11, 19) : '--:--:--';
}

export function duration(ms: number): string {
  const s = Math.max(0, Math.round(ms / 1000));
  return s < 60 ? `${s}s` : `${Math.floor(s / 60)}m ${String(s % 60).padStart(2, '0')}s`;
}

function oneLine(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

/** `text` with every non-empty line indented by two spaces. */
export function indent(text: string): string {
  return text
    .split('\n')
    .map((l) => (l ? `  ${l}` : l))
    .join('\n');
}
