/**
 * docs/x-keys.md against the readers: every key each x- reader accepts is documented in its
 * section, and the section documents no key the reader would refuse.
 */
import * as fs from 'fs';
import * as path from 'path';
import { X_CLUSTER_KEYS } from '../../src/resolve/cluster';
import { EXEC_LOGGING_KEYS } from '../../src/resolve/cluster-exec-logging';
import { X_CLOUDMAP_KEYS } from '../../src/resolve/x-cloudmap';
import { RESOURCE_CLOUDMAP_KEYS } from '../../src/resolve/resource-cloudmap';
import { X_SECRETS_KEYS } from '../../src/resolve/secrets';
import { EXISTING_KEYS, NEW_KEYS, VPC_LOOKUP_KEYS, WRAPPERS } from '../../src/resolve/vpc';
import { CAPACITY_PROVIDER_KEYS, X_ECS_KEYS } from '../../src/resolve/x-ecs';
import { X_IAM_KEYS } from '../../src/resolve/x-iam';
import { X_LOGGING_KEYS } from '../../src/resolve/x-logging';
import { EVENT_PROPERTY_KEYS, EVENT_SERVICE_KEYS, X_EVENTS_KEYS } from '../../src/resolve/x-events';
import { TARGET_SCALING_KEYS, X_SCALING_KEYS } from '../../src/resolve/x-scaling';
import { X_XRAY_KEYS } from '../../src/resolve/x-xray';
import { ALARM_MACRO_KEYS, ALARM_TOPIC_KEYS, SERVICE_ALARMS_KEYS, SERVICE_PREDEFINED_KEYS, X_ALARMS_KEYS } from '../../src/resolve/x-alarms';
import { ALARM_SERVICE_KEYS } from '../../src/resolve/x-alarm-services';
import { PREDEFINED_RESOURCE_ALARMS, PREDEFINED_SERVICE_ALARMS, PREDEFINED_SETTINGS_KEYS } from '../../src/resolve/x-alarm-tables';
import { CLUSTER_PROPERTY_KEYS } from '../../src/resolve/cluster-properties';
import { DASHBOARD_SERVICE_KEYS, X_DASHBOARDS_KEYS } from '../../src/resolve/x-dashboards';
import { AWS_SOURCE_KEYS, EXT_SOURCE_KEYS, INGRESS_KEYS, X_NETWORK_KEYS } from '../../src/resolve/x-network';

const doc = fs.readFileSync(path.join(__dirname, '..', '..', 'docs', 'x-keys.md'), 'utf8');

/** The text of a `## heading` section. */
function section(heading: string): string {
  const start = doc.indexOf(`\n## ${heading}\n`);
  if (start < 0) throw new Error(`docs/x-keys.md has no section ${heading}`);
  const end = doc.indexOf('\n## ', start + 1);
  return doc.slice(start, end < 0 ? undefined : end);
}

/** Keys written as the first cell of a table row: | `Key` | … */
function tableKeys(text: string): string[] {
  return [...text.matchAll(/^\| `([A-Za-z_][A-Za-z0-9_-]*)`(?:, `([A-Za-z_][A-Za-z0-9_-]*)`)* \|/gm)].flatMap((m) => m[0].match(/`[A-Za-z_][A-Za-z0-9_-]*`/g)!.map((k) => k.slice(1, -1)));
}

test.each<[string, readonly string[]]>([
  ['`x-vpc`', [...NEW_KEYS, ...EXISTING_KEYS, ...VPC_LOOKUP_KEYS]],
  ['`x-cluster`', [...X_CLUSTER_KEYS, ...CLUSTER_PROPERTY_KEYS, ...EXEC_LOGGING_KEYS]],
  ['`x-network`', [...X_NETWORK_KEYS, ...INGRESS_KEYS]],
  ['`x-iam`', X_IAM_KEYS],
  ['`x-ecs`', X_ECS_KEYS],
  ['`x-logging`', X_LOGGING_KEYS],
  ['`x-scaling`', [...X_SCALING_KEYS, ...TARGET_SCALING_KEYS]],
  ['`x-events`', [...X_EVENTS_KEYS, ...EVENT_PROPERTY_KEYS, ...EVENT_SERVICE_KEYS]],
  ['`x-xray`', X_XRAY_KEYS],
  ['`x-alarms`', [...X_ALARMS_KEYS, ...ALARM_MACRO_KEYS, ...ALARM_SERVICE_KEYS, ...SERVICE_ALARMS_KEYS, ...SERVICE_PREDEFINED_KEYS, ...Object.keys(PREDEFINED_RESOURCE_ALARMS), ...Object.keys(PREDEFINED_SERVICE_ALARMS)]],
  ['`x-secrets`', X_SECRETS_KEYS],
  ['`x-cloudmap`', [...X_CLOUDMAP_KEYS, ...RESOURCE_CLOUDMAP_KEYS]],
  ['`x-dashboards`', [...X_DASHBOARDS_KEYS, ...DASHBOARD_SERVICE_KEYS, 'start']],
])('%s: the table lists exactly the keys the reader accepts', (heading, keys) => {
  const text = section(heading);
  expect(new Set(tableKeys(text))).toEqual(new Set(keys));
});

test('nested keys and ECS ComposeX wrappers are named in their sections', () => {
  const mentioned = (heading: string, keys: readonly string[]) => keys.filter((k) => !section(heading).includes(`\`${k}\``));
  expect(mentioned('`x-vpc`', Object.keys(WRAPPERS))).toEqual([]);
  expect(mentioned('`x-network`', [...EXT_SOURCE_KEYS, ...AWS_SOURCE_KEYS])).toEqual([]);
  expect(mentioned('`x-ecs`', CAPACITY_PROVIDER_KEYS)).toEqual([]);
  expect(mentioned('`x-alarms`', [...ALARM_TOPIC_KEYS, ...PREDEFINED_SETTINGS_KEYS, ...Object.keys(PREDEFINED_SERVICE_ALARMS)])).toEqual([]);
});

test('the README links the reference', () => {
  expect(fs.readFileSync(path.join(__dirname, '..', '..', 'README.md'), 'utf8')).toContain('(docs/x-keys.md)');
});
