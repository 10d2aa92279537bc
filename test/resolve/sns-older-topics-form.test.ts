/**
 * ECS ComposeX's older x-sns form, `x-sns: {Topics: {<name>: {...}}}`: read as today's form with
 * warning CX3358 at `Topics`, only when the shape is unambiguous; a topic named Topics in today's
 * form keeps its meaning; Subscriptions beside it and a topic written twice are CX3359.
 */
import { yaml } from '../helpers/project-dir';
import { collectLookupRequests } from '../../src/resolve/lookup-requests';
import { loadProject } from '../../src/compose/load';
import { projectDir } from '../helpers/project-dir';
import { at, atAfter, compileText, located } from '../dialect/helpers';

const text = (sns: string) => yaml`
  name: topics
  services:
    api:
      image: ghcr.io/example/api:1.0
  x-sns:
    ${sns}
`;

const OLDER = `Topics:
      orders:
        Properties: {FifoTopic: false}
        Services: {api: {Access: Publish}}
      alerts: {}`;

describe('the older x-sns form', () => {
  test('its entries are the topics, one warning at Topics naming them; grants and variables as in today\'s form', () => {
    const source = text(OLDER);
    const { model, diagnostics } = compileText(source);
    expect(located(diagnostics, 'error')).toEqual([]);
    expect(located(diagnostics, 'warning').filter((l) => /^CX33(58|59)/.test(l))).toEqual([`CX3358 ${at(source, 'Topics:')}`]);
    const warning = diagnostics.find((d) => d.code === 'CX3358')!;
    expect(warning.message).toContain("read as the topics 'orders', 'alerts'");
    expect(warning.hint).toBe('move them up one level and remove the Topics key: x-sns: {orders: {…}, …}');
    expect(model!.resources.topic.map((t) => t.name).sort()).toEqual(['alerts', 'orders']);
    expect(model!.grants.filter((g) => g.kind === 'topic').map((g) => [g.resource, g.family, g.access])).toEqual([['orders', 'api', 'Publish']]);
  });

  test('a problem inside an older-form topic is located where it is written', () => {
    const source = text(OLDER.replace('FifoTopic: false', 'FifoTopik: false'));
    const { diagnostics } = compileText(source);
    expect(located(diagnostics, 'error')).toEqual([`CX3605 ${at(source, 'FifoTopik')}`]);
  });

  test('today\'s form: a topic named Topics keeps its meaning, no warning', () => {
    const source = text('Topics:\n      Properties: {}\n      Services: {api: {Access: Publish}}');
    const { model, diagnostics } = compileText(source);
    expect(located(diagnostics, 'error')).toEqual([]);
    expect(located(diagnostics).filter((l) => /^CX33(58|59)/.test(l))).toEqual([]);
    expect(model!.resources.topic.map((t) => t.name)).toEqual(['Topics']);
  });

  test('a shape that is not clearly the older form is read as today\'s (a topic named Topics)', () => {
    const source = text('Topics:\n      orders: {Properties: {}}\n      Properties: {}');
    const { diagnostics } = compileText(source);
    expect(located(diagnostics).filter((l) => /^CX33(58|59)/.test(l))).toEqual([]);
    expect(located(diagnostics, 'error')).toEqual([`CX3301 ${at(source, 'orders:')}`]);
  });

  test('today\'s topics beside the older form are read too', () => {
    const source = text(`${OLDER}\n    billing: {}`);
    const { model, diagnostics } = compileText(source);
    expect(located(diagnostics, 'error')).toEqual([]);
    expect(model!.resources.topic.map((t) => t.name).sort()).toEqual(['alerts', 'billing', 'orders']);
  });

  test('Subscriptions beside the older Topics: CX3359 at it', () => {
    const source = text(`${OLDER}\n    Subscriptions:\n      sub-01: {Properties: {Protocol: sqs}}`);
    const { diagnostics } = compileText(source);
    expect(located(diagnostics, 'error')).toEqual([`CX3359 ${at(source, 'Subscriptions:')}`]);
    expect(diagnostics.find((d) => d.code === 'CX3359')!.hint).toContain("its topic's Properties: Subscription");
  });

  test('a topic both under Topics and beside it: CX3359 at the second, naming the first', () => {
    const source = text(`${OLDER}\n    orders: {}`);
    const { diagnostics } = compileText(source);
    expect(located(diagnostics, 'error')).toEqual([`CX3359 ${atAfter(source, '  ', 'orders: {}')}`]);
    expect(diagnostics.find((d) => d.code === 'CX3359')!.message).toContain(`compose.yaml:${at(source, 'orders:')}`);
  });

  test('composex lookup asks for an older-form topic as resolve reads it', () => {
    const source = text(OLDER.replace('alerts: {}', 'alerts: {Lookup: {Name: alerts}}'));
    const cwd = projectDir({ 'compose.yaml': source });
    const { project } = loadProject({ cwd, files: ['compose.yaml'], env: { HOME: '/home/test' } });
    const { requests, diagnostics } = collectLookupRequests(project!);
    expect(requests.map((r) => [r.key, r.location?.line])).toEqual([['x-sns.alerts', Number(at(source, 'Lookup').split(':')[0])]]);
    expect(located(diagnostics)).toEqual([`CX3358 ${at(source, 'Topics:')}`]);
  });
});
