/** cap_add / cap_drop on Fargate: SYS_PTRACE and any drop are mapped; other additions dropped with a warning. */
import { yaml } from '../helpers/project-dir';
import { resourcesOf } from '../helpers/templates';
import { at, compileText, located, renderText } from './helpers';

const TEXT = yaml`
  name: dialect
  services:
    app:
      image: nginx:1.27
      cap_add: [NET_ADMIN, CAP_SYS_PTRACE, SYS_ADMIN]
      cap_drop: [NET_RAW, MKNOD]
`;

function capabilities(text: string) {
  const [task] = resourcesOf(renderText(text), 'AWS::ECS::TaskDefinition');
  const containers = task.resource.Properties?.ContainerDefinitions as { Name: string; LinuxParameters?: { Capabilities?: unknown } }[];
  return containers.find((c) => c.Name === 'app')!.LinuxParameters?.Capabilities;
}

describe('capabilities on Fargate', () => {
  test('SYS_PTRACE is added and every drop kept; the others are dropped, each warned at its entry', () => {
    expect(capabilities(TEXT)).toEqual({ Add: ['SYS_PTRACE'], Drop: ['MKNOD', 'NET_RAW'] });
    const { model, diagnostics } = compileText(TEXT);
    expect(model).toBeDefined();
    expect(located(diagnostics.filter((d) => d.code === 'CX1302'), 'warning')).toEqual([`CX1302 ${at(TEXT, 'NET_ADMIN')}`, `CX1302 ${at(TEXT, 'SYS_ADMIN')}`]);
  });

  test('only capabilities Fargate cannot add: no Add at all', () => {
    const text = TEXT.replace('[NET_ADMIN, CAP_SYS_PTRACE, SYS_ADMIN]', '[NET_ADMIN]');
    expect(capabilities(text)).toEqual({ Drop: ['MKNOD', 'NET_RAW'] });
  });
});
