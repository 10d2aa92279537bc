/**
 * Stack events of one operation, across the root stack and every nested stack it touches.
 *
 * DescribeStackEvents lists a stack's events newest first, a page at a time (the SDK paginator
 * follows NextToken). The root is read back to the newest event seen before the operation (or to
 * the operation's first event when resuming); nested stacks are found through their
 * `AWS::CloudFormation::Stack` events in their parent and read back to the operation's start. A
 * nested stack is polled while its parent says it is in progress (and once more after), not on
 * every round, so large projects do not poll hundreds of idle stacks.
 */
import { CloudFormationClient, paginateDescribeStackEvents, type StackEvent } from '@aws-sdk/client-cloudformation';
import { step } from './errors';
import { isInProgress } from './stack';

export const NESTED_STACK_TYPE = 'AWS::CloudFormation::Stack';

export interface StackEventRecord {
  /** Logical ids of the nested stack from the root (`FamilyApiStack`); '' for the root stack. */
  readonly stackPath: string;
  /** What the event is about: the stack name for the root itself, else `path/LogicalId`. */
  readonly label: string;
  readonly event: StackEvent;
}

interface WatchedStack {
  readonly id: string;
  readonly path: string;
  /** Polled on every round (its parent says it is in progress). */
  active: boolean;
  readonly seen: Set<string>;
  /** Root only: the newest event before the operation. */
  boundary?: string;
}

/** Statuses that open an operation on a stack (what `status --watch` resumes from). */
const OPERATION_STARTS = new Set(['CREATE_IN_PROGRESS', 'UPDATE_IN_PROGRESS', 'DELETE_IN_PROGRESS', 'IMPORT_IN_PROGRESS', 'REVIEW_IN_PROGRESS']);

export class OperationEvents {
  private readonly stacks = new Map<string, WatchedStack>();
  private readonly root: WatchedStack;
  private start?: Date;
  /** Root events older than this are not part of the operation (resuming). */
  private since?: Date;
  private readonly records: StackEventRecord[] = [];

  constructor(
    private readonly cfn: CloudFormationClient,
    rootStackId: string,
  ) {
    this.root = { id: rootStackId, path: '', active: true, seen: new Set() };
    this.stacks.set(rootStackId, this.root);
  }

  /** True once the operation's first root event has been seen. */
  get started(): boolean {
    return this.start !== undefined;
  }

  /** Every event of the operation read so far, oldest first. */
  get all(): readonly StackEventRecord[] {
    return this.records;
  }

  /** Before starting an operation: every event the root has now is old. */
  async markExisting(): Promise<void> {
    await step('reading stack events', async () => {
      for await (const page of paginateDescribeStackEvents({ client: this.cfn }, { StackName: this.root.id })) {
        this.root.boundary = page.StackEvents?.[0]?.EventId;
        break;
      }
    });
  }

  /**
   * For an operation already running (or just finished): its events start at the root's latest
   * event that opens an operation (`UPDATE_IN_PROGRESS` "User Initiated", …).
   */
  async resumeCurrentOperation(): Promise<void> {
    await step('reading stack events', async () => {
      for await (const page of paginateDescribeStackEvents({ client: this.cfn }, { StackName: this.root.id })) {
        const start = (page.StackEvents ?? []).find((e) => isSelf(e) && OPERATION_STARTS.has(e.ResourceStatus ?? ''));
        if (start?.Timestamp) {
          this.since = start.Timestamp;
          return;
        }
      }
    });
  }

  /**
   * New events since the last poll, oldest first. `everything`: poll every known stack, idle or
   * not (the last round, once the root has settled).
   */
  async poll(everything = false): Promise<StackEventRecord[]> {
    const fresh: { record: StackEventRecord; order: number }[] = [];
    const queue: WatchedStack[] = [...this.stacks.values()].filter((s) => everything || s.active);
    const polled = new Set<string>();
    while (queue.length > 0) {
      const stack = queue.shift()!;
      if (polled.has(stack.id)) continue;
      polled.add(stack.id);
      const events = await this.newEvents(stack);
      if (stack === this.root && !this.start && events.length > 0) this.start = events[0].Timestamp;
      for (const event of events) {
        if (stack !== this.root && isSelf(event)) continue; // the parent reports the nested stack itself
        fresh.push({ record: { stackPath: stack.path, label: label(stack.path, event), event }, order: fresh.length });
        if (stack === this.root && isSelf(event) && /CLEANUP_IN_PROGRESS$/.test(event.ResourceStatus ?? '')) {
          for (const s of this.stacks.values()) s.active = true; // replaced resources are deleted now
        }
        const child = this.nestedStackOf(stack, event);
        if (child) {
          child.active = isInProgress(event.ResourceStatus);
          if (!polled.has(child.id)) queue.push(child);
        }
      }
    }
    fresh.sort((a, b) => time(a.record.event) - time(b.record.event) || a.order - b.order);
    const out = fresh.map((f) => f.record);
    this.records.push(...out);
    return out;
  }

  /** The nested stack an event of `parent` is about (registered on first sight). */
  private nestedStackOf(parent: WatchedStack, event: StackEvent): WatchedStack | undefined {
    const id = event.PhysicalResourceId;
    if (event.ResourceType !== NESTED_STACK_TYPE || !id || id === event.StackId || !id.startsWith('arn:')) return undefined;
    let child = this.stacks.get(id);
    if (!child) {
      child = { id, path: parent.path ? `${parent.path}/${event.LogicalResourceId}` : event.LogicalResourceId ?? '?', active: true, seen: new Set() };
      this.stacks.set(id, child);
    }
    return child;
  }

  /** The stack's events not seen yet and belonging to the operation, oldest first. */
  private async newEvents(stack: WatchedStack): Promise<StackEvent[]> {
    const out: StackEvent[] = [];
    await step(`reading the events of ${stack.path || 'the stack'}`, async () => {
      for await (const page of paginateDescribeStackEvents({ client: this.cfn }, { StackName: stack.id })) {
        let done = false;
        for (const e of page.StackEvents ?? []) {
          const id = e.EventId ?? '';
          if ((stack.boundary !== undefined && id === stack.boundary) || stack.seen.has(id)) {
            done = true;
            break;
          }
          const from = stack === this.root ? this.since : this.start;
          if (from && e.Timestamp && e.Timestamp < from) {
            done = true;
            break;
          }
          out.push(e);
        }
        if (done) break;
      }
    });
    for (const e of out) stack.seen.add(e.EventId ?? '');
    return out.reverse();
  }
}

/** An event about the stack itself (not one of its resources). */
export function isSelf(e: StackEvent): boolean {
  return e.ResourceType === NESTED_STACK_TYPE && (e.PhysicalResourceId === e.StackId || e.LogicalResourceId === e.StackName);
}

function label(path: string, e: StackEvent): string {
  const id = e.LogicalResourceId ?? '?';
  return path ? `${path}/${id}` : id;
}

function time(e: StackEvent): number {
  return e.Timestamp ? new Date(e.Timestamp).getTime() : 0;
}

export function isFailed(e: StackEvent): boolean {
  return /_FAILED$/.test(e.ResourceStatus ?? '');
}

/** Failures that only report another failure, or cancellation because of one. */
const CONSEQUENCES = [
  /Resource (creation|update|deletion) cancelled/i,
  /The following resource\(s\) failed to/i,
  /Embedded stack .* was not successfully/i,
];

/**
 * The root cause of a failed operation: the failed events (with their reasons) that are not mere
 * consequences of another failure, in time order, the first one first. Falls back to every failed
 * event when each one looks like a consequence.
 */
export function rootCauses(records: readonly StackEventRecord[]): StackEventRecord[] {
  const failed = records.filter((r) => isFailed(r.event) && r.event.ResourceStatusReason);
  const causes = failed.filter((r) => !isSelf(r.event) && !CONSEQUENCES.some((re) => re.test(r.event.ResourceStatusReason ?? '')));
  return causes.length > 0 ? causes : failed;
}
