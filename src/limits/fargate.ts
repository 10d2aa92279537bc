/**
 * Fargate task sizes and CPU architectures, as AWS documents them: the table of valid
 * CPU / memory combinations, the cheapest size that fits a requirement, and the platforms Fargate
 * runs. Plain data and functions, no CDK: the key classification (compose), the resolve stage and
 * the generate stage read the same table.
 */

/** A task size: CPU units (1024 = 1 vCPU) and memory in MiB. */
export interface FargateSize {
  readonly cpu: number;
  readonly memory: number;
}

function range(from: number, to: number, step: number): number[] {
  const out: number[] = [];
  for (let v = from; v <= to; v += step) out.push(v);
  return out;
}

/** Valid Fargate (Linux) CPU/memory combinations: for each CPU value, the memory values it accepts. */
export const FARGATE_CPU_MEMORY: ReadonlyArray<{ readonly cpu: number; readonly memory: readonly number[] }> = [
  { cpu: 256, memory: [512, 1024, 2048] },
  { cpu: 512, memory: range(1024, 4096, 1024) },
  { cpu: 1024, memory: range(2048, 8192, 1024) },
  { cpu: 2048, memory: range(4096, 16384, 1024) },
  { cpu: 4096, memory: range(8192, 30720, 1024) },
  { cpu: 8192, memory: range(16384, 61440, 4096) },
  { cpu: 16384, memory: range(32768, 122880, 8192) },
];

/** Hourly price weights (us-east-1, Linux/x86): one vCPU costs about as much as 9 GiB of memory. */
const PRICE_PER_VCPU = 0.04048;
const PRICE_PER_GIB = 0.004445;

function price(size: FargateSize): number {
  return (size.cpu / 1024) * PRICE_PER_VCPU + (size.memory / 1024) * PRICE_PER_GIB;
}

/** Every valid size, cheapest first (ties: fewer CPU units, then less memory). */
export const FARGATE_SIZES: readonly FargateSize[] = FARGATE_CPU_MEMORY.flatMap(({ cpu, memory }) =>
  memory.map((m) => ({ cpu, memory: m })),
).sort((a, b) => price(a) - price(b) || a.cpu - b.cpu || a.memory - b.memory);

export const LARGEST_FARGATE_SIZE: FargateSize = { cpu: 16384, memory: 122880 };

/**
 * The cheapest valid Fargate size with at least `cpu` units and `memory` MiB, or `undefined`
 * when nothing fits. With no requirement at all this is 256 / 512.
 */
export function chooseFargateSize(cpu: number, memory: number): FargateSize | undefined {
  return FARGATE_SIZES.find((s) => s.cpu >= cpu && s.memory >= memory);
}

export type CpuArchitecture = 'X86_64' | 'ARM64';

/**
 * Compose `platform` → ECS CPU architecture; `undefined` for platforms Fargate cannot run.
 * A variant (`linux/arm64/v8`, `linux/amd64/v2`) runs on its architecture.
 */
export function cpuArchitecture(platform: string): CpuArchitecture | undefined {
  const m = /^linux\/(amd64|x86_64|arm64|aarch64)(\/v\d+)?$/i.exec(platform.trim());
  if (!m) return undefined;
  return /^(amd64|x86_64)$/i.test(m[1]) ? 'X86_64' : 'ARM64';
}
