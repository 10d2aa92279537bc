/**
 * Generated projects with backing services (x-sqs, x-sns, x-rds, x-s3, x-dynamodb, x-kms, x-ssm_parameter, x-elasticache granted to
 * services and families): rejected with diagnostics or rendered without a validator error (the
 * property of render.property.test.ts), and when rendered, the security invariants hold and each
 * family's task role grants exactly what the declarations imply: the actions of the declared level
 * on every queue, topic, bucket (its objects, itself, its KMS key) and table (and its indexes) a
 * service or family of it is listed under, and on nothing else; and a cache's security group admits
 * exactly the families listed under it, on its port.
 */
import * as fc from 'fast-check';
import type { AppModel, ResourceKind } from '../../src/resolve/model';
import { RESOURCE_KINDS, RESOURCE_SPECS } from '../../src/resolve/resources/registry';
import type { RenderedFile } from '../../src/render/render';
import { GeneratedProject, projectArbitrary, removeTemporaryDirs, writeProject } from '../helpers/generate-project';
import { BUCKET_ARN, BUCKET_KEY, DELIVERY_STREAM_ARN, KEY_ARN, PROFILING_GROUP_ARN, STREAM_ARN, TABLE_ARN, withResources, WORKSPACE_ARN } from '../helpers/generate-resources';
import { levelScopes } from '../../src/resolve/resources/access';
import { securityViolations } from '../helpers/invariants';
import { Outcome, rejectedOrValid, runs, seed } from '../helpers/property';
import { rolePairs, Tracer } from '../helpers/trace';

afterAll(removeTemporaryDirs);

type Services = Record<string, { Access: string }>;

/** `Allow action on queue:jobs.Arn` for every grant the compose file declares, by family. */
function declaredPairs(doc: GeneratedProject['doc'], model: AppModel): Map<string, Set<string>> {
  const out = new Map(model.families.map((f) => [f.name, new Set<string>()]));
  const grant = (services: Services | undefined, actionsOf: (level: string) => readonly string[], target: string) => {
    for (const [name, { Access }] of Object.entries(services ?? {})) {
      // A service name grants every family it belongs to; a family name, that family.
      const families = model.families.filter((f) => f.name === name || f.containers.some((s) => s.name === name));
      for (const f of families) for (const action of actionsOf(Access)) out.get(f.name)!.add(`Allow ${action} on ${target}`);
    }
  };
  // An x-kms key: its levels on the key; a queue it encrypts adds the queue level's KMS actions on it.
  const keys = (doc['x-kms'] ?? {}) as Record<string, { Services?: Services; Lookup?: { Arn: string } }>;
  const keyTarget = (key: string) => (keys[key]?.Lookup ? keys[key].Lookup!.Arn : `key:${key}.Arn`);
  for (const [key, k] of Object.entries(keys)) grant(k.Services, (level) => RESOURCE_SPECS.key.access.levels[level].actions, keyTarget(key));
  for (const [queue, q] of Object.entries((doc['x-sqs'] ?? {}) as Record<string, { Services?: Services; Properties?: { KmsMasterKeyId?: string } }>)) {
    grant(q.Services, (level) => RESOURCE_SPECS.queue.access.levels[level].actions, `queue:${queue}.Arn`);
    const key = q.Properties?.KmsMasterKeyId?.replace(/^x-kms::/, '');
    if (key !== undefined) grant(q.Services, (level) => RESOURCE_SPECS.queue.access.levels[level].kmsActions, keyTarget(key));
  }
  // An SSM parameter: on arn:…:parameter/<name> (its name starts with /).
  for (const [, p] of Object.entries((doc['x-ssm_parameter'] ?? {}) as Record<string, { Services?: Services; Properties?: { Name: string }; Lookup?: { Name: string } }>)) {
    const name = p.Lookup ? p.Lookup.Name : p.Properties!.Name;
    grant(p.Services, (level) => RESOURCE_SPECS.parameter.access.levels[level].actions, `arn:AWS::Partition:ssm:AWS::Region:AWS::AccountId:parameter${name}`);
  }
  // x-neptune: the NeptuneDB level's actions on the cluster's data resource.
  for (const [cluster, c] of Object.entries((doc['x-neptune'] ?? {}) as Record<string, { Services?: Record<string, { Access: { NeptuneDB: string } }> }>)) {
    const data = `arn:AWS::Partition:neptune-db:AWS::Region:AWS::AccountId:neptune:${cluster}.ClusterResourceId/*`;
    for (const [name, { Access }] of Object.entries(c.Services ?? {})) {
      const families = model.families.filter((f) => f.name === name || f.containers.some((s) => s.name === name));
      for (const f of families) for (const action of RESOURCE_SPECS.neptune.access.keyed!.NeptuneDB[Access.NeptuneDB].actions) out.get(f.name)!.add(`Allow ${action} on ${data}`);
    }
  }
  for (const [topic, t] of Object.entries((doc['x-sns'] ?? {}) as Record<string, { Services?: Services }>)) {
    grant(t.Services, (level) => RESOURCE_SPECS.topic.access.levels[level].actions, `topic:${topic}.Ref`);
  }
  // x-s3: objects levels on <bucket>/*, bucket levels on the bucket, KMS actions on its key.
  for (const [bucket, b] of Object.entries((doc['x-s3'] ?? {}) as Record<string, { Services?: Record<string, { Access: Record<string, string> }>; Lookup?: { Arn: string }; Properties?: unknown }>)) {
    const arn = b.Lookup ? b.Lookup.Arn : `bucket:${bucket}.Arn`;
    const keyed = RESOURCE_SPECS.bucket.access.keyed!;
    for (const [name, { Access }] of Object.entries(b.Services ?? {})) {
      const families = model.families.filter((f) => f.name === name || f.containers.some((s) => s.name === name));
      for (const f of families) {
        for (const [key, level] of Object.entries(Access)) {
          for (const [suffix, actions] of levelScopes(keyed[key][level])) for (const action of actions) out.get(f.name)!.add(`Allow ${action} on ${arn}${suffix}`);
          if (b.Properties) for (const action of keyed[key][level].kmsActions) out.get(f.name)!.add(`Allow ${action} on ${BUCKET_KEY}`);
        }
      }
    }
  }
  for (const [table, t] of Object.entries((doc['x-dynamodb'] ?? {}) as Record<string, { Services?: Services; Lookup?: { Arn: string } }>)) {
    const arn = t.Lookup ? t.Lookup.Arn : `table:${table}.Arn`;
    for (const [name, { Access }] of Object.entries(t.Services ?? {})) {
      const families = model.families.filter((f) => f.name === name || f.containers.some((s) => s.name === name));
      for (const f of families) for (const [suffix, actions] of levelScopes(RESOURCE_SPECS.table.access.levels[Access])) for (const action of actions) out.get(f.name)!.add(`Allow ${action} on ${arn}${suffix}`);
    }
  }
  // x-kinesis: on the stream and its fan-out consumers; the level's KMS actions on an x-kms key.
  for (const [stream, s] of Object.entries((doc['x-kinesis'] ?? {}) as Record<string, { Services?: Services; Lookup?: { Arn: string }; Properties?: { StreamEncryption?: { KeyId?: string } } }>)) {
    const arn = s.Lookup ? s.Lookup.Arn : `stream:${stream}.Arn`;
    for (const [name, { Access }] of Object.entries(s.Services ?? {})) {
      const families = model.families.filter((f) => f.name === name || f.containers.some((c) => c.name === name));
      const level = RESOURCE_SPECS.stream.access.levels[Access];
      for (const f of families) for (const [suffix, actions] of levelScopes(level)) for (const action of actions) out.get(f.name)!.add(`Allow ${action} on ${arn}${suffix}`);
    }
    const key = s.Properties?.StreamEncryption?.KeyId?.replace(/^x-kms::/, '');
    if (key !== undefined) grant(s.Services, (level) => RESOURCE_SPECS.stream.access.levels[level].kmsActions, keyTarget(key));
  }
  // x-aps: the level's actions on the workspace ARN.
  for (const [workspace, w] of Object.entries((doc['x-aps'] ?? {}) as Record<string, { Services?: Services; Lookup?: { Arn: string } }>)) {
    grant(w.Services, (level) => RESOURCE_SPECS.workspace.access.levels[level].actions, w.Lookup ? w.Lookup.Arn : `workspace:${workspace}.Arn`);
  }
  // x-codeguru_profiler: the level's actions on the profiling group ARN.
  for (const [group, g] of Object.entries((doc['x-codeguru_profiler'] ?? {}) as Record<string, { Services?: Services; Lookup?: { Arn: string } }>)) {
    grant(g.Services, (level) => RESOURCE_SPECS.profilingGroup.access.levels[level].actions, g.Lookup ? g.Lookup.Arn : `profilingGroup:${group}.Arn`);
  }
  // x-kinesis_firehose: the level's actions on the delivery stream ARN.
  for (const [stream, d] of Object.entries((doc['x-kinesis_firehose'] ?? {}) as Record<string, { Services?: Services; Lookup?: { Arn: string } }>)) {
    grant(d.Services, (level) => RESOURCE_SPECS.deliveryStream.access.levels[level].actions, d.Lookup ? d.Lookup.Arn : `deliveryStream:${stream}.Arn`);
  }
  // x-cognito_userpool: the level's actions on the pool.
  for (const [pool, p] of Object.entries((doc['x-cognito_userpool'] ?? {}) as Record<string, { Services?: Services }>)) {
    grant(p.Services, (level) => RESOURCE_SPECS.userPool.access.levels[level].actions, `userPool:${pool}.Arn`);
  }
  return out;
}

/** `family → cache port` for every family a service or family of it is listed under the cache. */
function declaredCacheIngress(doc: GeneratedProject['doc'], model: AppModel): string[] {
  const out = new Set<string>();
  for (const [cache, c] of Object.entries((doc['x-elasticache'] ?? {}) as Record<string, { Services?: Services; MacroParameters: { Engine: string } }>)) {
    const port = c.MacroParameters.Engine === 'memcached' ? 11211 : 6379;
    for (const name of Object.keys(c.Services ?? {})) {
      for (const f of model.families.filter((f) => f.name === name || f.containers.some((s) => s.name === name))) {
        out.add(`${cache} <- ${model.families.find((x) => x.name === f.name)!.logicalId} tcp/${port}`);
      }
    }
  }
  return [...out].sort();
}

/** The ingress rules of the caches' security groups, read from the templates. */
function cacheIngress(files: readonly RenderedFile[], model: AppModel): string[] {
  const tracer = new Tracer(files);
  const out: string[] = [];
  for (const f of files) {
    for (const r of Object.values(f.template.Resources ?? {})) {
      if (r.Type !== 'AWS::EC2::SecurityGroupIngress') continue;
      const target = /^AWS::EC2::SecurityGroup:Cache(\w+)SecurityGroup\.GroupId$/.exec(tracer.trace(f.path, r.Properties!.GroupId));
      if (!target) continue;
      const cache = model.resources.cache.find((c) => c.logicalId === target[1])!.name;
      const source = /^AWS::EC2::SecurityGroup:Family(\w+)SecurityGroup\.GroupId$/.exec(tracer.trace(f.path, r.Properties!.SourceSecurityGroupId));
      out.push(`${cache} <- ${source ? source[1] : 'not a family'} ${String(r.Properties!.IpProtocol)}/${String(r.Properties!.FromPort)}`);
    }
  }
  return out.sort();
}

/** `family → 27017` for every family a service or family of it is listed under the x-docdb cluster. */
function declaredDocDbIngress(doc: GeneratedProject['doc'], model: AppModel): string[] {
  const out = new Set<string>();
  for (const [cluster, c] of Object.entries((doc['x-docdb'] ?? {}) as Record<string, { Services?: Services }>)) {
    for (const name of Object.keys(c.Services ?? {})) {
      for (const f of model.families.filter((f) => f.name === name || f.containers.some((s) => s.name === name))) out.add(`${cluster} <- ${f.logicalId} tcp/27017`);
    }
  }
  return [...out].sort();
}

/** The ingress rules of the x-docdb clusters' security groups, read from the templates. */
function docDbIngress(files: readonly RenderedFile[], model: AppModel): string[] {
  const tracer = new Tracer(files);
  const out: string[] = [];
  for (const f of files) {
    for (const r of Object.values(f.template.Resources ?? {})) {
      if (r.Type !== 'AWS::EC2::SecurityGroupIngress') continue;
      const target = /^AWS::EC2::SecurityGroup:DocDb(\w+)SecurityGroup\.GroupId$/.exec(tracer.trace(f.path, r.Properties!.GroupId));
      if (!target) continue;
      const cluster = model.resources.docdb.find((c) => c.logicalId === target[1])!.name;
      const source = /^AWS::EC2::SecurityGroup:Family(\w+)SecurityGroup\.GroupId$/.exec(tracer.trace(f.path, r.Properties!.SourceSecurityGroupId));
      out.push(`${cluster} <- ${source ? source[1] : 'not a family'} ${String(r.Properties!.IpProtocol)}/${String(r.Properties!.FromPort)}`);
    }
  }
  return out.sort();
}

/** What each family's task role grants on queues and topics, read from the templates. */
function grantedPairs(files: readonly RenderedFile[], model: AppModel): Map<string, Set<string>> {
  const tracer = new Tracer(files);
  return new Map(
    model.families.map((f) => [f.name, new Set(rolePairs(tracer, tracer.familyFile(f.logicalId), 'TaskRole').filter((p) => / on (queue:|topic:|bucket:|table:|key:|stream:|workspace:|profilingGroup:|userPool:|deliveryStream:|arn:AWS::Partition:ssm:|arn:AWS::Partition:neptune-db:)/.test(p) || [BUCKET_ARN, TABLE_ARN, KEY_ARN, STREAM_ARN, WORKSPACE_ARN, PROFILING_GROUP_ARN, DELIVERY_STREAM_ARN].some((arn) => p.includes(` on ${arn}`)) || p.endsWith(` on ${BUCKET_KEY}`)))]),
  );
}

test('generated projects with queues, topics and databases: the property, the invariants, exact grants', () => {
  const outcomes: Outcome[] = [];
  const seen = new Map<ResourceKind | 'grants', number>();
  const count = (what: ResourceKind | 'grants', n: number) => seen.set(what, (seen.get(what) ?? 0) + n);
  fc.assert(
    fc.property(withResources(projectArbitrary), (project) => {
      const checked = rejectedOrValid(writeProject(project), ['compose.yaml']);
      outcomes.push(checked.outcome);
      if (checked.outcome === 'rejected') return;
      expect(securityViolations(checked.files, project.secretValues)).toEqual([]);
      const declared = declaredPairs(project.doc, checked.model);
      const granted = grantedPairs(checked.files, checked.model);
      expect(Object.fromEntries([...granted].map(([f, p]) => [f, [...p].sort()]))).toEqual(Object.fromEntries([...declared].map(([f, p]) => [f, [...p].sort()])));
      expect(cacheIngress(checked.files, checked.model)).toEqual(declaredCacheIngress(project.doc, checked.model));
      expect(docDbIngress(checked.files, checked.model)).toEqual(declaredDocDbIngress(project.doc, checked.model));
      for (const kind of RESOURCE_KINDS) count(kind, checked.model.resources[kind].length);
      count('grants', checked.model.grants.length);
    }),
    { seed: seed(20261124), numRuns: runs(80) },
  );
  // Both outcomes, and every kind of the registry, are exercised by this seed (a new kind needs
  // its generator in test/helpers/generate-resources.ts).
  expect(outcomes.filter((o) => o === 'rendered').length).toBeGreaterThanOrEqual(15);
  expect(outcomes.filter((o) => o === 'rejected').length).toBeGreaterThanOrEqual(5);
  for (const what of [...RESOURCE_KINDS, 'grants' as const]) expect({ what, seen: (seen.get(what) ?? 0) > 0 }).toEqual({ what, seen: true });
});
