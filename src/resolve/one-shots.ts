/**
 * One-shot services: Compose runs a service that others wait for with `condition:
 * service_completed_successfully` once, to completion, before them. ECS runs the essential
 * containers of a service's tasks for ever (a task that stops is replaced), so composex runs a
 * one-shot service only as a non-essential container of the task of each service that waits for
 * it, which waits for it with the `SUCCESS` condition: it runs to completion each time such a task
 * starts (once per task, so once per deploy and again when a task is replaced or scaled out).
 *
 * - waited for to complete from another family: ECS would run it as a service of its own and
 *   start it again every time it exits (CX3011, error, hint: the family list that works);
 * - waited for to complete, but also in a family where no service waits for it: there it would be
 *   an essential container, restarted for ever (CX3011);
 * - `restart: "no"` waited for (any condition) from another family: it may be such a job, or a
 *   server that Compose simply would not restart (CX3012, warning).
 */
import { CODES } from './codes';
import { compareStrings, ResolveContext } from './context';
import type { ServiceEdge } from './edges';
import { familiesOf, Membership } from './families';

interface Wait {
  readonly edge: ServiceEdge;
  readonly caller: string;
  readonly completes: boolean;
}

export function checkOneShots(ctx: ResolveContext, membership: Membership, edges: readonly ServiceEdge[]): void {
  const waitsOn = new Map<string, Wait[]>();
  for (const edge of edges) {
    if (edge.kind !== 'depends_on') continue;
    const caller = edge.callers[0];
    const completes = ctx.project.services[caller].depends_on?.[edge.callee]?.condition === 'service_completed_successfully';
    if (!completes && !isNoRestart(ctx.project.services[edge.callee].restart)) continue;
    waitsOn.set(edge.callee, [...(waitsOn.get(edge.callee) ?? []), { edge, caller, completes }]);
  }
  for (const [callee, waits] of [...waitsOn].sort(([a], [b]) => compareStrings(a, b))) {
    const calleeFamilies = familiesOf(membership, callee);
    const completing = waits.filter((w) => w.completes);
    // The families the one-shot should be in: exactly those of the services waiting for it.
    const wanted = [...new Set((completing.length > 0 ? completing : waits).flatMap((w) => w.edge.callerFamilies))].sort(compareStrings);
    const labels = `deploy.labels: {${'ecs.task.family'}: "${wanted.join(',')}"} on '${callee}'`;
    let refused = false;
    for (const { edge, caller, completes } of waits) {
      const apart = edge.callerFamilies.filter((f) => !calleeFamilies.includes(f));
      if (apart.length === 0) continue;
      if (completes) {
        refused = true;
        ctx.error(
          CODES.ONE_SHOT_ACROSS_FAMILIES,
          `'${caller}' waits for '${callee}' to complete (service_completed_successfully), but '${callee}' is not in its family '${apart[0]}': ECS would run '${callee}' as a service of its own and start it again every time it exits, so it never completes once`,
          edge.path,
          `run '${callee}' inside the task of each service that waits for it: set ${labels}; it then runs to completion each time such a task starts, before '${caller}'`,
          edge.anchor,
        );
      } else {
        ctx.warning(
          CODES.NO_RESTART_ACROSS_FAMILIES,
          `'${caller}' waits for '${callee}', which has restart: "no", in another family ('${apart[0]}'): ECS runs '${callee}' as a service and starts it again whenever it exits; if it is a job that runs once, it never settles`,
          edge.path,
          `if '${callee}' is a job, set ${labels} and wait for it with condition: service_completed_successfully; if it is a server, remove restart: "no" (ECS replaces tasks that stop)`,
          edge.anchor,
        );
      }
    }
    // Reported once: the hint above already gives the family list that works.
    if (completing.length === 0 || refused) continue;
    const waitingFamilies = new Set(completing.flatMap((w) => w.edge.callerFamilies));
    const idle = calleeFamilies.filter((f) => !waitingFamilies.has(f));
    if (idle.length > 0) {
      const path = ctx.project.services[callee].deploy?.labels?.['ecs.task.family'] !== undefined ? ['services', callee, 'deploy', 'labels', 'ecs.task.family'] : ['services', callee];
      ctx.error(
        CODES.ONE_SHOT_ACROSS_FAMILIES,
        `'${callee}' is waited for to complete (service_completed_successfully), but in family '${idle[0]}' no service waits for it: there it would be an essential container, and ECS would start it again every time it exits`,
        path,
        `set ${labels}`,
        path.length === 2 ? 'key' : 'value',
      );
    }
  }
}

function isNoRestart(restart: string | undefined): boolean {
  return restart !== undefined && /^["']?no["']?$/.test(restart.trim());
}
