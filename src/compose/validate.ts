/**
 * Cross-reference checks of a normalized project, after the schema has checked shapes: every
 * name a service uses exists, dependencies have no cycle. (Two services publishing one port is
 * valid Compose; the load balancer refuses it, with both places, as CX3201 in resolve.)
 */
import { Diagnostic, error, suggestion } from '../diagnostics';
import { familyMembers } from './family-references';
import type { ComposeProject, ServiceConfig } from './types';

export function validateProject(project: ComposeProject): Diagnostic[] {
  const diagnostics: Diagnostic[] = [];
  const { sourceMap } = project;
  const serviceNames = Object.keys(project.services);
  const has = (section: Record<string, unknown>, key: string) => Object.prototype.hasOwnProperty.call(section, key);
  const familyNames = [...familyMembers(project).keys()].filter((f) => !has(project.services, f));

  for (const [name, service] of Object.entries(project.services)) {
    const at = (...rest: (string | number)[]) => ['services', name, ...rest];

    if (service.provider !== undefined) {
      diagnostics.push(providerService(name, service.provider, project));
    } else if (service.image === undefined && service.build === undefined) {
      diagnostics.push(
        error('CX1408', `service "${name}" has neither "image" nor "build"`, sourceMap.key(at()), 'add "image: <repository>:<tag>" to run a published image, or "build: <context directory>" for composex to build it'),
      );
    }
    Object.keys(service.depends_on).forEach((dep, index) => {
      const where = sourceMap.entry(at('depends_on'), dep, index);
      if (dep === name) {
        diagnostics.push(error('CX1410', `service "${name}" depends on itself`, where, 'remove it from depends_on'));
      } else if (!has(project.services, dep)) {
        diagnostics.push(
          error(
            'CX1401',
            `service "${name}" depends on undefined service "${dep}" (neither a service nor an ecs.task.family of one)`,
            where,
            suggestion(dep, [...serviceNames, ...familyNames], familyNames.length > 0 ? 'name' : 'service'),
          ),
        );
      }
    });
    service.links.forEach((link, i) => {
      const target = link.split(':')[0];
      if (!has(project.services, target)) {
        diagnostics.push(
          error('CX1402', `service "${name}" links to undefined service "${target}"`, sourceMap.value(at('links', i)), suggestion(target, serviceNames, 'service')),
        );
      }
    });
    if (service.network_mode !== undefined && Object.keys(service.networks).length > 0) {
      // compose-go (loader/validate.go): "declares mutually exclusive `network_mode` and `networks`".
      diagnostics.push(
        error(
          'CX1044',
          `service "${name}" declares both network_mode and networks; Compose refuses the two together`,
          sourceMap.key(at('networks')),
          'keep one: networks (composex runs every task in awsvpc mode, in the project VPC), or network_mode',
        ),
      );
    }
    Object.keys(service.networks).forEach((network, index) => {
      if (service.network_mode === undefined && !has(project.networks, network)) {
        diagnostics.push(
          error(
            'CX1403',
            `service "${name}" uses undefined network "${network}"`,
            sourceMap.entry(at('networks'), network, index),
            `declare it under the top-level "networks:" (${suggestion(network, Object.keys(project.networks), 'network')})`,
          ),
        );
      }
    });
    service.volumes.forEach((volume, i) => {
      if (volume.type === 'volume' && volume.source !== undefined && !has(project.volumes, volume.source)) {
        diagnostics.push(
          error(
            'CX1404',
            `service "${name}" mounts undefined volume "${volume.source}"`,
            sourceMap.value(at('volumes', i)),
            `declare it under the top-level "volumes:" (${suggestion(volume.source, Object.keys(project.volumes), 'volume')})`,
          ),
        );
      }
    });
    // Each file may give one of the two limits (a later file the other), so both are required
    // only once the files are merged.
    for (const [limit, value] of Object.entries(service.ulimits ?? {})) {
      const missing = (['soft', 'hard'] as const).filter((k) => typeof value?.[k] !== 'number');
      if (missing.length > 0) {
        diagnostics.push(
          error('CX1260', `ulimit ${limit} of service "${name}" has no ${missing.join(' and ')} limit`, sourceMap.key(at('ulimits', limit)) ?? sourceMap.key(at()), `give both, e.g. ${limit}: {soft: 1024, hard: 4096}, or one number for both`),
        );
      }
    }
    for (const kind of ['secrets', 'configs'] as const) {
      service[kind].forEach((ref, i) => {
        if (!has(project[kind], ref.source)) {
          diagnostics.push(
            error(
              kind === 'secrets' ? 'CX1405' : 'CX1406',
              `service "${name}" uses undefined ${kind.slice(0, -1)} "${ref.source}"`,
              sourceMap.value(at(kind, i)),
              `declare it under the top-level "${kind}:" (${suggestion(ref.source, Object.keys(project[kind]), kind.slice(0, -1))})`,
            ),
          );
        }
      });
    }
  }
  diagnostics.push(...checkDependencyCycles(project));
  return diagnostics;
}

/**
 * A `provider` service (Compose 2.36+) has no container: Docker Compose runs the named provider
 * plugin (`docker-<type>` or a binary) to create the backing resource and passes what it
 * returns to the services that depend on it as variables. composex deploys containers and the
 * AWS resources of its `x-` keys; it runs no provider plugin.
 */
function providerService(name: string, provider: unknown, project: ComposeProject): Diagnostic {
  const type = provider && typeof provider === 'object' ? (provider as { type?: unknown }).type : undefined;
  return error(
    'CX1043',
    `service "${name}" is a provider service (provider.type: ${typeof type === 'string' ? type : '?'}): Docker Compose runs that provider's plugin to create it; composex runs no plugin, and the service has no image to deploy`,
    project.sourceMap.key(['services', name, 'provider']),
    'declare the resource the provider would create as a composex x- resource (x-rds for a database, x-sqs or x-sns for messaging, x-s3 for a bucket) and give its Services the access they need; or give the service an image to run it as a container',
  );
}

function checkDependencyCycles(project: ComposeProject): Diagnostic[] {
  const diagnostics: Diagnostic[] = [];
  // Entries ECS ComposeX orders no start by, where they would close a cycle (CX1425, family-references.ts).
  const unordered = new Set((project.unorderedDependsOn ?? []).map((d) => `${d.service}\0${d.dependency}`));
  const state = new Map<string, 'visiting' | 'done'>();
  const reported = new Set<string>();
  const report = (cycle: string[]) => {
    const key = [...cycle].sort().join(',');
    if (reported.has(key)) return;
    reported.add(key);
    const name = cycle[cycle.length - 1];
    const from = cycle[cycle.length - 2];
    const deps = Object.keys(project.services[from]?.depends_on ?? {});
    diagnostics.push(
      error(
        'CX1411',
        `dependency cycle: ${cycle.join(' → ')}`,
        project.sourceMap.entry(['services', from, 'depends_on'], name, deps.indexOf(name)),
        'services cannot wait for each other; remove one depends_on in the cycle',
      ),
    );
  };
  // Depth-first with an explicit stack: a chain of thousands of services must not overflow the call stack.
  const path: string[] = [];
  const frames: { name: string; deps: string[]; next: number }[] = [];
  const enter = (name: string) => {
    state.set(name, 'visiting');
    path.push(name);
    const service: ServiceConfig | undefined = project.services[name];
    const deps = Object.keys(service?.depends_on ?? {}).filter(
      (dep) => dep !== name && Object.prototype.hasOwnProperty.call(project.services, dep) && !unordered.has(`${name}\0${dep}`),
    );
    frames.push({ name, deps, next: 0 });
  };
  for (const root of Object.keys(project.services).sort()) {
    if (state.has(root)) continue;
    enter(root);
    while (frames.length > 0) {
      const top = frames[frames.length - 1];
      if (top.next === top.deps.length) {
        state.set(top.name, 'done');
        frames.pop();
        path.pop();
        continue;
      }
      const dep = top.deps[top.next++];
      const seen = state.get(dep);
      if (seen === 'visiting') report([...path.slice(path.indexOf(dep)), dep]);
      else if (seen === undefined) enter(dep);
    }
  }
  return diagnostics;
}
