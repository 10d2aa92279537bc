/** x-events read by resolve: rules per family, DeleteDefaultService, and every malformed or unsafe case located. */
import { pos, resolve, resolveOk } from './fixtures';

const base = 'services:\n  api: {image: api, expose: ["8080"]}\n  report: {image: report}\n';

describe('x-events', () => {
  test('one scheduled task per rule and family; a service name stands for its family; the older list form', () => {
    const model = resolveOk(`
      x-events:
        nightly:
          Properties: {ScheduleExpression: "cron(0 2 * * ? *)", Description: nightly report}
          Services: {report: {TaskCount: 2, DeleteDefaultService: true}}
        on-upload:
          Properties: {EventPattern: {source: [aws.s3]}, State: DISABLED}
          Services: [{name: batch, TaskCount: 1}]
      services:
        api: {image: api}
        report: {image: report}
        worker: {image: worker, deploy: {labels: {ecs.task.family: batch}}}
    `);
    expect(model.scheduledTasks!.map(({ path: _path, ...t }) => t)).toEqual([
      { rule: 'on-upload', family: 'batch', eventPattern: { source: ['aws.s3'] }, enabled: false, taskCount: 1 },
      { rule: 'nightly', family: 'report', scheduleExpression: 'cron(0 2 * * ? *)', description: 'nightly report', enabled: true, taskCount: 2 },
    ]);
    expect(model.families.map((f) => [f.name, f.ecsService])).toEqual([
      ['api', undefined],
      ['batch', undefined],
      ['report', false],
    ]);
  });

  test.each([
    ['no schedule and no pattern', `{Properties: {Description: x}, Services: {report: {}}}`, 'CX3330', 'x-events.r.Properties has neither ScheduleExpression nor EventPattern: the rule would never run', 'Properties'],
    ['a schedule EventBridge refuses', `{Properties: {ScheduleExpression: "every night"}, Services: {report: {}}}`, 'CX3330', 'ScheduleExpression "every night" is not an EventBridge schedule', '"every night"'],
    ['Targets written by hand', `{Properties: {ScheduleExpression: "rate(1 hour)", Targets: []}, Services: {report: {}}}`, 'CX3330', 'x-events.r.Properties.Targets is set by composex', 'Targets'],
    ['no Services', `{Properties: {ScheduleExpression: "rate(1 hour)"}}`, 'CX3330', 'x-events.r has no Services: the rule would run nothing', 'r:'],
    ['an unknown service, with did you mean', `{Properties: {ScheduleExpression: "rate(1 hour)"}, Services: {reprot: {}}}`, 'CX3001', "x-events Services entry 'reprot' is not a service or family of this project", 'reprot'],
    ['a task count RunTask refuses', `{Properties: {ScheduleExpression: "rate(1 hour)"}, Services: {report: {TaskCount: 11}}}`, 'CX3302', 'x-events.r.Services.report.TaskCount must be an integer from 1 to 10, not number 11', '11'],
    ['a bad State', `{Properties: {ScheduleExpression: "rate(1 hour)", State: ON}, Services: {report: {}}}`, 'CX3330', "State 'ON' is neither ENABLED nor DISABLED", 'ON'],
  ])('%s', (_name, rule, code, message, marker) => {
    const yaml = `x-events: {r: ${rule}}\n` + base;
    const { model, diagnostics } = resolve(yaml);
    expect(model).toBeUndefined();
    const at = pos(yaml, marker);
    expect(diagnostics.map((d) => ({ code: d.code, message: d.message, line: d.line, column: d.column }))).toEqual([{ code, message, line: at.line, column: at.column }]);
  });

  test('Properties.Name: the rule name, 64 characters at most', () => {
    const ok = resolveOk(`x-events: {r: {Properties: {ScheduleExpression: "rate(1 hour)", Name: ${'a'.repeat(61)}.-_}, Services: {report: {}}}}\n` + base);
    expect((ok.scheduledTasks ?? []).map((t) => t.ruleName)).toEqual(['a'.repeat(61) + '.-_']);
  });

  test.each([
    ['a character EventBridge refuses (a space, as in ECS ComposeX\'s events page)', '"batch-application example"', "letters, digits, '.', '-' and '_' only"],
    ['a slash', '"night/ly"', "letters, digits, '.', '-' and '_' only"],
    ['over 64 characters', 'n'.repeat(65), '65 characters, at most 64'],
  ])('a Name EventBridge would refuse is left out with a warning at it (CX3335): %s', (_what, name, why) => {
    const yaml = `x-events: {r: {Properties: {ScheduleExpression: "rate(1 hour)", Name: ${name}}, Services: {report: {}}}}\n` + base;
    const { model, diagnostics } = resolve(yaml);
    const at = pos(yaml, name);
    expect(diagnostics.map((d) => [d.severity, d.code, d.line, d.column])).toEqual([['warning', 'CX3335', at.line, at.column]]);
    expect(diagnostics[0].message).toContain(`(${why}): EventBridge would refuse it at deploy time. The rule is created without this Name`);
    expect(model!.scheduledTasks!.map((t) => [t.rule, t.family, t.ruleName])).toEqual([['r', 'report', undefined]]);
  });

  test("a Name on an entry of two families: the first family's rule takes it, the other's gets a generated one, with a warning (CX3335)", () => {
    const yaml = `x-events: {r: {Properties: {ScheduleExpression: "rate(1 hour)", Name: nightly}, Services: {report: {}, api: {}}}}\n` + base;
    const { model, diagnostics } = resolve(yaml);
    const at = pos(yaml, 'nightly');
    expect(diagnostics.map((d) => [d.severity, d.code, d.line, d.column])).toEqual([['warning', 'CX3335', at.line, at.column]]);
    expect(diagnostics[0].message).toContain("x-events 'r' is named 'nightly' and runs 2 families (report, api): composex writes one rule per family, and one name names one rule, so the rule of 'report' is named 'nightly' and that of 'api' is created under a name CloudFormation generates");
    expect(model!.scheduledTasks!.map((t) => [t.family, t.ruleName, t.scheduleExpression])).toEqual([['api', undefined, 'rate(1 hour)'], ['report', 'nightly', 'rate(1 hour)']]);
  });

  test('a Name an earlier entry took is left out of the later one, with a warning naming the first (CX3335)', () => {
    const yaml = `x-events:\n  a: {Properties: {ScheduleExpression: "rate(1 hour)", Name: nightly}, Services: {report: {}}}\n  b: {Properties: {ScheduleExpression: "rate(2 hours)", Name: nightly}, Services: {api: {}}}\n` + base;
    const { model, diagnostics } = resolve(yaml);
    const [first, at] = [pos(yaml, 'nightly', 1), pos(yaml, 'nightly', 2)];
    expect(diagnostics.map((d) => [d.severity, d.code, d.line, d.column])).toEqual([['warning', 'CX3335', at.line, at.column]]);
    expect(diagnostics[0].message).toContain(`the rule name 'nightly' is already taken at compose.yaml:${first.line}:${first.column}`);
    expect(model!.scheduledTasks!.map((t) => [t.rule, t.ruleName])).toEqual([['b', undefined], ['a', 'nightly']]);
  });

  test('a family without an ECS service cannot publish ports (its x-scaling: test/ecs-composex/blog-features-dialect.test.ts)', () => {
    const yaml = `
      x-events: {r: {Properties: {ScheduleExpression: "rate(1 hour)"}, Services: {web: {DeleteDefaultService: true}}}}
      services:
        web: {image: web, ports: ["80:8080"]}
    `;
    const { diagnostics } = resolve(yaml);
    expect(diagnostics.map((d) => [d.code, d.message, d.line])).toEqual([
      ['CX3331', "family 'web' would have no ECS service (DeleteDefaultService), but it publishes ports behind the load balancer, which needs a running service", pos(yaml, 'true').line],
    ]);
  });

  test('warnings: a service-less family others call, and a scheduled task that calls other families (no Service Connect)', () => {
    const yaml = `
      x-events: {r: {Properties: {ScheduleExpression: "rate(1 hour)"}, Services: {report: {DeleteDefaultService: true}}}}
      services:
        api: {image: api, expose: ["8080"], depends_on: [report]}
        report: {image: report, expose: ["9000"], depends_on: [db]}
        db: {image: db, expose: ["5432"]}
    `;
    const { model, diagnostics } = resolve(yaml);
    expect(model).toBeDefined();
    expect(diagnostics.map((d) => [d.severity, d.code, d.message])).toEqual([
      ['warning', 'CX3333', "the tasks rule 'r' starts for family 'report' are not ECS service tasks, so they get no Service Connect: the names of 'db' do not resolve in them"],
      ['warning', 'CX3332', "family 'report' has no ECS service (DeleteDefaultService), yet 'api' may call it: a task a rule starts is not in Service Connect, so its name does not resolve"],
    ]);
  });
});
