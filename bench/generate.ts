/**
 * Generated Compose projects for benchmarks and scale tests: `n` services in chains of
 * dependencies, each with a port, some published; optionally x-sqs queues (every other one with a
 * dead-letter queue, the first ones encrypted with x-kms keys), x-sns topics subscribed by queues, x-rds databases,
 * x-s3 buckets, x-dynamodb tables, x-kms keys, x-ssm_parameter parameters, x-kinesis streams (the
 * first ones encrypted with x-kms keys, every fourth one provisioned) and x-elasticache caches
 * (Valkey with a replica, Redis, Memcached), each
 * used by a few services spread over the project.
 */
export interface GeneratedProjectOptions {
  readonly services: number;
  readonly queues?: number;
  readonly topics?: number;
  readonly databases?: number;
  /** Every how many services one publishes a port (default 50). */
  readonly publishEvery?: number;
  readonly buckets?: number;
  readonly tables?: number;
  /** x-kms keys; queue i (for i < 2 × keys) is encrypted with key i mod keys. */
  readonly keys?: number;
  readonly parameters?: number;
  /** x-kinesis streams; stream i (for i < keys) is encrypted with x-kms key i. */
  readonly streams?: number;
  /** x-elasticache caches: Valkey with a replica, Redis, Memcached in turn. */
  readonly caches?: number;
}

const serviceName = (i: number) => `svc${String(i).padStart(4, '0')}`;

export function generateComposeYaml(options: GeneratedProjectOptions): string {
  const lines: string[] = [`name: bench${options.services}`, 'services:'];
  const publishEvery = options.publishEvery ?? 50;
  for (let i = 0; i < options.services; i++) {
    const name = serviceName(i);
    lines.push(`  ${name}:`);
    lines.push(`    image: registry.example.com/team/${name}:1.0.${i}`);
    lines.push('    environment:');
    lines.push(`      SERVICE_NAME: ${name}`);
    lines.push('      LOG_LEVEL: ${LOG_LEVEL:-info}');
    lines.push(`    expose: ["${8000 + (i % 100)}"]`);
    if (i % publishEvery === 0) lines.push(`    ports: ["${10000 + i}:${8000 + (i % 100)}"]`);
    if (i > 0 && i % 10 !== 0) lines.push(`    depends_on: [svc${String(i - 1).padStart(4, '0')}]`);
    lines.push('    healthcheck:');
    lines.push('      test: ["CMD", "true"]');
    lines.push('      interval: 30s');
    lines.push('    deploy:');
    lines.push('      resources:');
    lines.push('        limits: {cpus: "0.25", memory: 512M}');
  }
  const n = options.services;
  const pick = (i: number) => serviceName(((i % n) + n) % n);
  if (options.queues) {
    lines.push('x-sqs:');
    for (let i = 0; i < options.queues; i++) {
      lines.push(`  queue${i}:`);
      // Every other queue sends its failures to the next one; the first ones use x-kms keys.
      const properties = [
        ...(i % 2 === 0 && i + 1 < options.queues ? [`RedrivePolicy: {deadLetterTargetArn: x-sqs::queue${i + 1}, maxReceiveCount: 5}`] : []),
        ...(options.keys && i < 2 * options.keys ? [`KmsMasterKeyId: x-kms::key${i % options.keys}`] : []),
      ];
      if (properties.length > 0) lines.push(`    Properties: {${properties.join(', ')}}`);
      lines.push(`    Services: {${pick(2 * i)}: {Access: Producer}, ${pick(2 * i + 1)}: {Access: Consumer}}`);
    }
  }
  if (options.topics) {
    lines.push('x-sns:');
    for (let i = 0; i < options.topics; i++) {
      lines.push(`  topic${i}:`);
      if (options.queues && i < options.queues) lines.push(`    Properties: {Subscription: [{Endpoint: "x-sqs::queue${i}", Protocol: sqs}]}`);
      lines.push(`    Services: {${pick(3 * i)}: {Access: Publish}}`);
    }
  }
  if (options.databases) {
    lines.push('x-rds:');
    for (let i = 0; i < options.databases; i++) {
      const aurora = i % 5 === 4;
      lines.push(`  db${i}:`);
      lines.push(`    Properties: {Engine: ${aurora ? 'aurora-postgresql' : 'postgres'}, EngineVersion: "16.4"}`);
      lines.push(`    Services: {${pick(7 * i)}: {Access: RW}, ${pick(7 * i + 1)}: {Access: RW, SecretsMappings: {PrefixWithDbName: DB${i}}}}`);
    }
  }
  if (options.buckets) {
    lines.push('x-s3:');
    for (let i = 0; i < options.buckets; i++) {
      lines.push(`  bucket${i}:`);
      lines.push(`    Services: {${pick(5 * i)}: {Access: {objects: RW, bucket: ListOnly}}, ${pick(5 * i + 2)}: {Access: {objects: ReadOnly}}}`);
    }
  }
  if (options.tables) {
    lines.push('x-dynamodb:');
    for (let i = 0; i < options.tables; i++) {
      lines.push(`  table${i}:`);
      lines.push('    Properties: {AttributeDefinitions: [{AttributeName: id, AttributeType: S}], KeySchema: [{AttributeName: id, KeyType: HASH}]}');
      lines.push(`    Services: {${pick(11 * i)}: {Access: RW}, ${pick(11 * i + 3)}: {Access: RO}}`);
    }
  }
  if (options.keys) {
    lines.push('x-kms:');
    for (let i = 0; i < options.keys; i++) {
      lines.push(`  key${i}:`);
      lines.push(`    Services: {${pick(13 * i)}: {Access: EncryptDecrypt}}`);
    }
  }
  if (options.parameters) {
    lines.push('x-ssm_parameter:');
    for (let i = 0; i < options.parameters; i++) {
      lines.push(`  param${i}:`);
      lines.push(`    Properties: {Name: /bench/param${i}, Value: "value ${i}"}`);
      lines.push(`    Services: {${pick(17 * i)}: {Access: RO}, ${pick(17 * i + 5)}: {Access: RW}}`);
    }
  }
  if (options.streams) {
    lines.push('x-kinesis:');
    for (let i = 0; i < options.streams; i++) {
      lines.push(`  stream${i}:`);
      const properties = [
        ...(i % 4 === 3 ? ['ShardCount: 2'] : []),
        ...(options.keys && i < options.keys ? [`StreamEncryption: {EncryptionType: KMS, KeyId: x-kms::key${i}}`] : []),
      ];
      if (properties.length > 0) lines.push(`    Properties: {${properties.join(', ')}}`);
      lines.push(`    Services: {${pick(19 * i)}: {Access: Producer}, ${pick(19 * i + 7)}: {Access: Consumer}}`);
    }
  }
  if (options.caches) {
    lines.push('x-elasticache:');
    const engines = ['{Engine: valkey, EngineVersion: "8.0", NumCacheNodes: 2}', '{Engine: redis, EngineVersion: "7.1"}', '{Engine: memcached, EngineVersion: "1.6.22"}'];
    for (let i = 0; i < options.caches; i++) {
      lines.push(`  cache${i}:`);
      lines.push(`    MacroParameters: ${engines[i % engines.length]}`);
      lines.push(`    Services: {${pick(19 * i)}: {Access: RW}, ${pick(19 * i + 7)}: {}}`);
    }
  }
  return lines.join('\n') + '\n';
}
