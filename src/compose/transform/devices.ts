/**
 * Device and GPU rules of the canonical form, as compose-go writes them (`transform/gpus.go`,
 * `transform/devices.go`, `transform/device.go`):
 *
 * - `gpus: all` is one request for every GPU: `[{count: all}]`;
 * - a GPU or device request (`gpus[]`, `deploy.resources.reservations.devices[]`) with neither
 *   `count` nor `device_ids` asks for all of them (`count: all`); with both it is an error, as in
 *   Compose ("count" and "device_ids" attributes are exclusive, CX1046);
 * - a device short syntax `SOURCE[:TARGET[:PERMISSIONS]]` becomes `{source, target, permissions}`
 *   (target defaults to the source, permissions to `rwm`); more parts are an error (CX1047).
 *
 * What composex does with them (Fargate has neither devices nor GPUs) is the key table's concern.
 */
import { isPlainObject } from '../tags';
import { DROP, quote, Rule } from './walker';

export const gpus: Rule = (value, at, w) => {
  if (typeof value === 'string') return [{ count: 'all' }];
  if (Array.isArray(value)) return w.children(value, at);
  return w.wrongType(at, value, '"all" or a list of GPU requests');
};

export const deviceRequest: Rule = (value, at, w) => {
  if (!isPlainObject(value)) return w.wrongType(at, value, 'a mapping');
  const hasCount = value.count !== undefined;
  const hasIds = value.device_ids !== undefined;
  if (hasCount && hasIds) {
    w.report('CX1046', at, '"count" and "device_ids" are exclusive (Compose refuses the two together)', 'keep count to ask for a number of devices, or device_ids to name them');
    return DROP;
  }
  return hasCount || hasIds ? value : { ...value, count: 'all' };
};

export const deviceMapping: Rule = (value, at, w) => {
  if (isPlainObject(value)) return value;
  if (typeof value !== 'string') return w.wrongType(at, value, 'a "SOURCE[:TARGET[:PERMISSIONS]]" string or a mapping');
  const parts = value.split(':');
  if (parts.length > 3) {
    w.report('CX1047', at, `confusing device mapping ${quote(value)}: more than three ":"-separated parts`, 'use the long syntax: {source: /dev/x, target: /dev/x, permissions: rwm}');
    return DROP;
  }
  const [source, target, permissions] = parts;
  return { source, target: target || source, permissions: permissions ?? 'rwm' };
};
