/**
 * Generated Compose projects for benchmarks and scale tests: `n` services in chains of
 * dependencies, each with a port, some published, spread over a few networks.
 */
export interface GeneratedProjectOptions {
  readonly services: number;
}

export function generateComposeYaml(options: GeneratedProjectOptions): string {
  const lines: string[] = [`name: bench${options.services}`, 'services:'];
  for (let i = 0; i < options.services; i++) {
    const name = `svc${String(i).padStart(4, '0')}`;
    lines.push(`  ${name}:`);
    lines.push(`    image: registry.example.com/team/${name}:1.0.${i}`);
    lines.push('    environment:');
    lines.push(`      SERVICE_NAME: ${name}`);
    lines.push('      LOG_LEVEL: ${LOG_LEVEL:-info}');
    lines.push(`    expose: ["${8000 + (i % 100)}"]`);
    if (i % 50 === 0) lines.push(`    ports: ["${10000 + i}:${8000 + (i % 100)}"]`);
    if (i > 0 && i % 10 !== 0) lines.push(`    depends_on: [svc${String(i - 1).padStart(4, '0')}]`);
    lines.push('    healthcheck:');
    lines.push('      test: ["CMD", "true"]');
    lines.push('      interval: 30s');
    lines.push('    deploy:');
    lines.push('      resources:');
    lines.push('        limits: {cpus: "0.25", memory: 512M}');
  }
  return lines.join('\n') + '\n';
}
