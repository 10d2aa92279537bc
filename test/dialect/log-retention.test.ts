/** `x-logging.RetentionInDays` as ECS ComposeX files write it: any number of days, rounded. */
import { yaml } from '../helpers/project-dir';
import { resourcesOf } from '../helpers/templates';
import { atAfter, compileText, located, renderText } from './helpers';

const compose = (days: string) => yaml`
  name: dialect
  services:
    app01:
      image: nginx:1.27
      x-logging:
        RetentionInDays: ${days}
`;

describe('x-logging.RetentionInDays', () => {
  test.each([
    ['42', 30],
    ['45', 60], // a tie keeps the longer retention
    ['13', 14],
    ['5000', 3653],
    ['"100"', 90],
  ])('%s days: the nearest value CloudWatch accepts (%i), a located warning', (days, nearest) => {
    const text = compose(days);
    const { model, diagnostics } = compileText(text);
    expect(model).toBeDefined();
    const warning = diagnostics.filter((d) => d.code === 'CX3350');
    expect(located(warning, 'warning')).toEqual([`CX3350 ${atAfter(text, 'RetentionInDays: ', days)}`]);
    expect(warning[0].message).toContain(`keeps its events ${nearest} days`);
    expect(warning[0].hint).toContain(`RetentionInDays: ${nearest}`);
    const groups = resourcesOf(renderText(text), 'AWS::Logs::LogGroup');
    expect(groups.map((g) => g.resource.Properties?.RetentionInDays)).toEqual([nearest]);
  });

  test('a value CloudWatch accepts renders without a warning', () => {
    const text = compose('30');
    expect(compileText(text).diagnostics.filter((d) => d.code === 'CX3350')).toEqual([]);
  });

  test.each(['0', '1.5', 'two weeks'])('%s is refused (CX3305)', (days) => {
    const text = compose(days);
    const { model, diagnostics } = compileText(text);
    expect(model).toBeUndefined();
    expect(located(diagnostics, 'error')).toEqual([`CX3305 ${atAfter(text, 'RetentionInDays: ', days)}`]);
  });
});
