import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import type { ResourceChange } from '@aws-sdk/client-cloudformation';
import { main } from '../../src/cli/main';
import { testCacheDir } from '../helpers/cli';
import type { DeployCliIO } from '../../src/cli/deploy';
import { loadAndCompile } from '../../src/compile';
import { renderModel } from '../../src/render/render';
import type { RenderedFile } from '../../src/render/types';
import { BUCKET, captureIO, FakeCloud, type CapturedIO } from './fake-aws';

export const EXAMPLES = path.join(__dirname, '..', '..', 'examples');
export const SHOP = path.join(EXAMPLES, 'shop');
/** A Postgres instance and an Aurora cluster, both with deletion protection (composex's default). */
export const POSTGRES = path.join(EXAMPLES, 'postgres');

export interface CliRun {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
  readonly io: CapturedIO;
}

/** Runs `composex <args>` in `cwd` against the fake cloud (no validator unless asked: it is slow to start). */
export async function runAws(
  cloud: FakeCloud,
  args: string[],
  cwd: string,
  options: { isTTY?: boolean; columns?: number; answers?: boolean[]; env?: Record<string, string>; onSleep?: (n: number, io: CapturedIO) => void } = {},
): Promise<CliRun> {
  const io: CapturedIO = captureIO(cloud, { ...options, onSleep: (n) => options.onSleep?.(n, io) });
  const cliIO: DeployCliIO = {
    stdout: io.stdout,
    stderr: io.stderr,
    env: { COMPOSEX_CACHE_DIR: testCacheDir(), ...(options.env ?? { HOME: '/home/test' }) },
    cwd,
    deploy: { clients: () => cloud.clients, terminal: io, poll: { changeSet: 2000, stack: 5000 } },
  };
  const code = await main(['node', 'composex', ...args], cliIO);
  return { code, stdout: io.out(), stderr: io.err(), io };
}

/** What deploy renders for a project: the same call with composex's default bucket. */
export function renderFor(cwd: string, files: string[] = []): readonly RenderedFile[] {
  const compiled = loadAndCompile({ files: files.length ? files : undefined, cwd, env: { HOME: '/home/test' } });
  if (!compiled.model) throw new Error(JSON.stringify(compiled.diagnostics));
  return renderModel(compiled.model, { format: 'json', bucket: BUCKET }).files;
}

/** "Add" changes for every resource of the rendered app (what CloudFormation plans for a new stack). */
export function creationPlan(files: readonly RenderedFile[]): { changes: ResourceChange[]; nested: Record<string, ResourceChange[]> } {
  const add = (id: string, type: string): ResourceChange => ({ Action: 'Add', LogicalResourceId: id, ResourceType: type });
  const root = files[0];
  const nested: Record<string, ResourceChange[]> = {};
  for (const f of files.slice(1)) nested[f.logicalId!] = Object.entries(f.template.Resources ?? {}).map(([id, r]) => add(id, r.Type));
  return { changes: Object.entries(root.template.Resources ?? {}).map(([id, r]) => add(id, r.Type)), nested };
}

/**
 * A cloud where the shop example has been created by a first `composex deploy` (with `--no-wait`
 * when `wait` is false); call histories are reset so a test sees only its own calls.
 */
export async function deployedShop(options: { wait?: boolean } = {}): Promise<FakeCloud> {
  return deployedProject(SHOP, options);
}

/** A cloud where the project in `dir` has been created by a first `composex deploy`. */
export async function deployedProject(dir: string, options: { wait?: boolean } = {}): Promise<FakeCloud> {
  const files = renderFor(dir);
  const cloud = new FakeCloud();
  cloud.nextChangeSet = creationPlan(files);
  cloud.onExecute = (cs) => cloud.applyTemplates(files, 'CREATE', cloud.stacks.get(cs.stackId)!);
  const args = ['deploy', '--region', 'eu-west-1', '--no-validate', '--yes', ...(options.wait === false ? ['--no-wait'] : [])];
  const r = await runAws(cloud, args, dir);
  if (r.code !== 0) throw new Error(`the first deploy failed (exit ${r.code}): ${r.stderr}`);
  cloud.cfn.resetHistory();
  cloud.s3Mock.resetHistory();
  cloud.rdsMock.resetHistory();
  return cloud;
}

export interface DockerCall {
  readonly args: string[];
  readonly stdin: string;
}

/** A PATH holding only the fake docker (and node, which runs it); its log of calls. */
export function fakeDocker(): { bin: string; log: string; calls: () => DockerCall[] } {
  const bin = fs.mkdtempSync(path.join(os.tmpdir(), 'composex-docker-'));
  fs.copyFileSync(path.join(__dirname, 'fake-docker', 'docker'), path.join(bin, 'docker'));
  fs.chmodSync(path.join(bin, 'docker'), 0o755);
  const log = path.join(bin, 'calls.jsonl');
  fs.writeFileSync(log, '');
  const calls = () =>
    fs
      .readFileSync(log, 'utf8')
      .split('\n')
      .filter(Boolean)
      .map((l) => JSON.parse(l) as DockerCall);
  return { bin, log, calls };
}
