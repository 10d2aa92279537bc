/**
 * ECS ComposeX's older form of `x-sns`, whose topics sit under a `Topics` key (its sns_stack.py
 * `Topic.keyword = "Topics"` up to b5e1d637; the sns.rst syntax reference still shows it):
 *
 *   x-sns:                              x-sns:
 *     Topics:                             topic-01:
 *       topic-01:                  →        Properties: {}
 *         Properties: {}
 *
 * Read as today's form, with a warning at `Topics` (CX3358), before anything else reads x-sns
 * (resolve, `composex lookup`). Only where the shape says so: `Topics` a mapping whose keys are
 * no topic keys (`Properties`, `Services`, …) and whose values are topic definitions (mappings of
 * those keys only). A topic named `Topics` in today's form (`x-sns: {Topics: {Properties: …}}`)
 * keeps its meaning. The older form's sibling `Subscriptions` (separate AWS::SNS::Subscription
 * resources) is not read, and a topic written both under `Topics` and beside it is ambiguous: both
 * are CX3359.
 */
import type { ComposeProject } from '../../compose/types';
import type { Diagnostic } from '../../diagnostics';
import { CODES } from '../codes';
import { ResolveContext } from '../context';
import { isPlainObject } from '../readers';
import { RESOURCE_DEFINITION_KEYS } from './common';

const SNS_KEY = 'x-sns';
const OLDER_TOPICS_KEY = 'Topics';
const OLDER_SUBSCRIPTIONS_KEY = 'Subscriptions';

/** The project with x-sns in today's form, and what was said about it. */
export function withCurrentTopicsForm(project: ComposeProject): { project: ComposeProject; diagnostics: Diagnostic[] } {
  const sns = project.extensions[SNS_KEY];
  if (!isPlainObject(sns) || !isOlderTopics(sns[OLDER_TOPICS_KEY])) return { project, diagnostics: [] };
  const ctx = new ResolveContext(project);
  const topics = sns[OLDER_TOPICS_KEY] as Record<string, unknown>;
  const rewritten: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(sns)) {
    if (name === OLDER_TOPICS_KEY) continue;
    if (name === OLDER_SUBSCRIPTIONS_KEY) {
      ctx.error(
        CODES.SNS_OLDER_TOPICS_FORM_INVALID,
        `x-sns.${OLDER_SUBSCRIPTIONS_KEY} beside x-sns.${OLDER_TOPICS_KEY} is ECS ComposeX's older form of subscriptions (separate AWS::SNS::Subscription resources), which composex does not read`,
        [SNS_KEY, name],
        `write each subscription in its topic's Properties: Subscription: [{Endpoint: x-sqs::<queue>, Protocol: sqs}], and remove x-sns.${OLDER_SUBSCRIPTIONS_KEY}`,
        'key',
      );
      continue;
    }
    if (Object.prototype.hasOwnProperty.call(topics, name)) {
      ctx.error(
        CODES.SNS_OLDER_TOPICS_FORM_INVALID,
        `topic '${name}' is written twice: under x-sns.${OLDER_TOPICS_KEY} (ECS ComposeX's older form, ${ctx.where([SNS_KEY, OLDER_TOPICS_KEY, name], 'key')}) and here`,
        [SNS_KEY, name],
        `keep one of them: today's form lists the topics directly under x-sns`,
        'key',
      );
      continue;
    }
    rewritten[name] = value;
  }
  for (const [name, value] of Object.entries(topics)) {
    if (name !== OLDER_TOPICS_KEY && Object.prototype.hasOwnProperty.call(sns, name)) continue; // said above
    rewritten[name] = value;
    ctx.project.sourceMap.aliasTree([SNS_KEY, OLDER_TOPICS_KEY, name], [SNS_KEY, name]);
  }
  const names = Object.keys(topics);
  ctx.warning(
    CODES.SNS_OLDER_TOPICS_FORM,
    `x-sns.${OLDER_TOPICS_KEY} is ECS ComposeX's older form of x-sns: its entries are read as the topics ${names.map((n) => `'${n}'`).join(', ')} (today's form lists them directly under x-sns)`,
    [SNS_KEY, OLDER_TOPICS_KEY],
    `move ${names.length > 1 ? 'them' : 'it'} up one level and remove the ${OLDER_TOPICS_KEY} key: x-sns: {${names[0]}: {…}${names.length > 1 ? ', …' : ''}}`,
    'key',
  );
  return { project: { ...project, extensions: { ...project.extensions, [SNS_KEY]: rewritten } }, diagnostics: ctx.diagnostics };
}

/** A mapping of topic names (no topic key among them) to topic definitions (topic keys only, or empty). */
function isOlderTopics(value: unknown): value is Record<string, unknown> {
  if (!isPlainObject(value)) return false;
  const entries = Object.entries(value);
  const keys: readonly string[] = RESOURCE_DEFINITION_KEYS;
  return (
    entries.length > 0 &&
    entries.every(([name, definition]) => !keys.includes(name) && (definition === null || (isPlainObject(definition) && Object.keys(definition).every((k) => keys.includes(k)))))
  );
}
