/**
 * `exportToRoot`: a value of a family stack nested in a group stack (past MAX_FAMILIES_IN_ROOT
 * families) reaches the root through an output of the same name in each stack between — how an
 * alarm's scaling policies and a family's service name reach the Alarms stack.
 */
import { App, NestedStack, Stack } from 'aws-cdk-lib';
import { exportToRoot } from '../../src/aws/stack-io';

test('an output in the family stack, another in its group, the root reading the group', () => {
  const root = new Stack(new App(), 'Root');
  const group = new NestedStack(root, 'Group');
  const family = new NestedStack(group, 'Family');
  const inRoot = root.resolve(exportToRoot(family, 'FamilyApiServiceName', 'api-service', root));
  expect(inRoot).toEqual({ 'Fn::GetAtt': [expect.stringMatching(/^Group/), 'Outputs.FamilyApiServiceName'] });
  const groupOutput = group.resolve((group.node.findChild('FamilyApiServiceName') as unknown as { value: string }).value);
  expect(groupOutput).toEqual({ 'Fn::GetAtt': [expect.stringMatching(/^Family/), 'Outputs.FamilyApiServiceName'] });
  expect(family.resolve((family.node.findChild('FamilyApiServiceName') as unknown as { value: string }).value)).toBe('api-service');
});

test('a family stack directly under the root: one output', () => {
  const root = new Stack(new App(), 'Root');
  const family = new NestedStack(root, 'Family');
  expect(root.resolve(exportToRoot(family, 'X', 'v', root))).toEqual({ 'Fn::GetAtt': [expect.stringMatching(/^Family/), 'Outputs.X'] });
});
