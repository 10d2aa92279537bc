/**
 * x-aws-min_percent / x-aws-max_percent (Docker's ECS integration): the family's deployment
 * percentages, their bounds (CX3347) and their conflicts (CX3348), each located.
 */
import { errorsOf, pos, resolveOk } from './fixtures';

const deploymentOf = (text: string, family: string) => resolveOk(text).families.find((f) => f.name === family)!.deployment;

describe('x-aws-min_percent / x-aws-max_percent', () => {
  test('on the service or in deploy.update_config: the percentages; one alone keeps the ECS default of the other', () => {
    expect(deploymentOf(`services: {api: {image: api, x-aws-min_percent: 50, x-aws-max_percent: 150}}`, 'api')).toMatchObject({ minimumHealthyPercent: 50, maximumPercent: 150 });
    expect(deploymentOf(`services: {api: {image: api, deploy: {update_config: {x-aws-min_percent: 0}}}}`, 'api')).toMatchObject({ minimumHealthyPercent: 0, maximumPercent: 200 });
    expect(deploymentOf(`services: {api: {image: api, x-aws-max_percent: 300}}`, 'api')).toMatchObject({ minimumHealthyPercent: 100, maximumPercent: 300 });
  });

  test('100/0 is a stop-first deployment, named by its keys; they win over the read-write volume default', () => {
    const text = `
      services:
        api: {image: api, x-aws-min_percent: 0, x-aws-max_percent: 100}
        db: {image: db, x-aws-min_percent: 50, x-aws-max_percent: 150, volumes: ["data:/var/lib/db"]}
      volumes: {data: {}}
    `;
    expect(deploymentOf(text, 'api')).toMatchObject({ minimumHealthyPercent: 0, maximumPercent: 100, stopFirstReason: 'x-aws-min_percent: 0, x-aws-max_percent: 100' });
    const db = deploymentOf(text, 'db');
    expect(db).toMatchObject({ minimumHealthyPercent: 50, maximumPercent: 150 });
    expect(db.stopFirstReason).toBeUndefined();
  });

  test('services of one family that agree: one deployment configuration', () => {
    const text = `
      services:
        a: {image: a, x-aws-min_percent: 50, deploy: {labels: {ecs.task.family: app}}}
        b: {image: b, deploy: {labels: {ecs.task.family: app}, update_config: {x-aws-min_percent: 50}}}
    `;
    expect(deploymentOf(text, 'app')).toMatchObject({ minimumHealthyPercent: 50, maximumPercent: 200 });
  });

  test.each([
    ['x-aws-min_percent: 101', '101', /x-aws-min_percent of service 'api' is 101: .*from 0 to 100/],
    ['x-aws-min_percent: -1', '-1', /x-aws-min_percent of service 'api' is -1/],
    ['x-aws-max_percent: 99', '99', /x-aws-max_percent of service 'api' is 99: .*at least 100/],
    ['x-aws-max_percent: 150.5', '150.5', /is 150.5/],
    ['x-aws-min_percent: fifty', 'fifty', /is "fifty"/],
    ['x-aws-max_percent: 100', '100', /MaximumPercent 100 and MinimumHealthyPercent 100 \(ECS's default 100 for the minimum\)/],
  ])('CX3347: %s', (written, value, message) => {
    const text = `services: {api: {image: api, ${written}}}`;
    const { model, errors } = errorsOf(text);
    expect(model).toBeUndefined();
    expect(errors.map((d) => [d.code, d.line, d.column])).toEqual([['CX3347', 1, pos(text, value).column]]);
    expect(errors[0].message).toMatch(message);
    expect(errors[0].hint).toBeTruthy();
  });

  test('CX3347: the maximum not above the minimum, at the maximum', () => {
    const text = `services: {api: {image: api, x-aws-min_percent: 100, x-aws-max_percent: 100}}`;
    const { errors } = errorsOf(text);
    expect(errors.map((d) => [d.code, d.column])).toEqual([['CX3347', pos(text, '100', 2).column]]);
    expect(errors[0].hint).toMatch(/raise x-aws-max_percent above x-aws-min_percent/);
  });

  test('CX3348: different values in one family, and beside deploy.update_config.order', () => {
    const text = `
      services:
        a: {image: a, x-aws-min_percent: 50, deploy: {labels: {ecs.task.family: app}}}
        b: {image: b, deploy: {labels: {ecs.task.family: app}, update_config: {x-aws-min_percent: 25}}}
        c: {image: c, x-aws-max_percent: 150, deploy: {update_config: {order: start-first}}}
    `;
    const { model, errors } = errorsOf(text);
    expect(model).toBeUndefined();
    const at = (needle: string) => [pos(text, needle).line, pos(text, needle).column];
    expect(errors.map((d) => [d.code, d.line, d.column])).toEqual([
      ['CX3348', ...at('25')],
      ['CX3348', ...at('150')],
    ]);
    expect(errors[0].message).toMatch(/x-aws-min_percent is 25 here and 50 at .*:2:/);
    expect(errors[1].message).toMatch(/deploy.update_config.order: start-first of service 'c'/);
    expect(errors[1].hint).toMatch(/start-first is 200\/100/);
  });
});
