/** ECS ComposeX's list form of `Services` writes the queue's step scaling as lowercase `scaling`. */
import { yaml } from '../helpers/project-dir';
import { at, atAfter, compileText, located } from './helpers';

const text = (steps: string, kind = 'x-sqs', access = 'RWMessages') => yaml`
  name: dialect
  services:
    worker:
      image: nginx:1.27
      x-scaling: {Range: "1-10"}
  ${kind}:
    jobs:
      Services:
        - name: worker
          access: ${access}
          scaling:
            Steps:
              ${steps}
`;

describe('list-form scaling', () => {
  test('read as Scaling: the step policies of the family', () => {
    const { model, diagnostics } = compileText(text('- {LowerBound: 1, UpperBound: 10, Count: 2}\n              - {LowerBound: 10, Count: 5}'));
    expect(located(diagnostics, 'error')).toEqual([]);
    expect(model!.grants.find((g) => g.resource === 'jobs')!.scaling).toBeDefined();
  });

  test('a problem inside it is located where it is written', () => {
    const source = text('- {LowerBound: 1, UpperBound: 10, Count: 2}\n              - {LowerBound: 5, Count: 5}');
    const { model, diagnostics } = compileText(source);
    expect(model).toBeUndefined();
    expect(located(diagnostics, 'error')).toEqual([`CX3322 ${atAfter(source, '- {LowerBound: ', '5')}`]); // the LowerBound of the second step
  });

  test('on a kind without scaling (x-sns), scaling is an unknown key (CX3301)', () => {
    const source = text('- {LowerBound: 1, Count: 2}', 'x-sns', 'Publish');
    expect(located(compileText(source).diagnostics, 'error')).toEqual([`CX3301 ${atAfter(source, ' ', 'scaling:')}`]);
  });
});
