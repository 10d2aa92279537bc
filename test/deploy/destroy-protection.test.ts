import { DeleteStackCommand } from '@aws-sdk/client-cloudformation';
import {
  DescribeDBClustersCommand,
  DescribeDBInstancesCommand,
  ModifyDBClusterCommand,
  ModifyDBInstanceCommand,
} from '@aws-sdk/client-rds';
import { protectedDatabases, protectionAdvice } from '../../src/deploy/protection';
import { deployedResources } from '../../src/deploy/resources';
import { rootDescription } from '../../src/render/synth';
import { awsError, FakeCloud } from './fake-aws';
import { deployedProject, POSTGRES, runAws } from './helpers';

/** examples/postgres: an RDS instance and an Aurora cluster (with one instance), protected by default. */
const ARGS = ['destroy', '-p', 'ledger', '--region', 'eu-west-1'];
const CLUSTER = 'ledger-DatabasesStack-X3-DatabaseAnalytics';
const INSTANCE = 'ledger-DatabasesStack-X3-DatabaseLedgerDb';

function protection(cloud: FakeCloud): Record<string, boolean> {
  return Object.fromEntries([...cloud.databases].map(([id, db]) => [id, db.deletionProtection]));
}

/** Every RDS and CloudFormation mutation, in the order they were made. */
function mutations(cloud: FakeCloud): string[] {
  const calls = [
    ...cloud.rdsMock.commandCalls(ModifyDBClusterCommand).map((c) => ({ c, what: `ModifyDBCluster ${c.args[0].input.DBClusterIdentifier} ${c.args[0].input.DeletionProtection}` })),
    ...cloud.rdsMock.commandCalls(ModifyDBInstanceCommand).map((c) => ({ c, what: `ModifyDBInstance ${c.args[0].input.DBInstanceIdentifier} ${c.args[0].input.DeletionProtection}` })),
    ...cloud.cfn.commandCalls(DeleteStackCommand).map((c) => ({ c, what: 'DeleteStack' })),
  ];
  return calls.sort((a, b) => (a.c.calledBefore(b.c) ? -1 : 1)).map((x) => x.what);
}

describe('composex destroy with deletion-protected databases', () => {
  test('refused before anything is deleted: the protected databases, why the deletion would fail, how to go on (exit 1)', async () => {
    const cloud = await deployedProject(POSTGRES);
    const r = await runAws(cloud, [...ARGS, '--yes'], '/');
    expect(r.code).toBe(1);
    expect(r.stdout).toContain(
      [
        'Deletion protection is on for 2 databases the deletion would delete:',
        `  DatabasesStack/DatabaseAnalytics  AWS::RDS::DBCluster   ${CLUSTER}  Snapshot (a final snapshot is kept)`,
        `  DatabasesStack/DatabaseLedgerDb   AWS::RDS::DBInstance  ${INSTANCE}   Snapshot (a final snapshot is kept)`,
        'CloudFormation would delete what depends on them first (services, load balancer) and then fail on them:',
        'the stack would end DELETE_FAILED, half deleted.',
        'To delete the project with its databases, either:',
        '  - run destroy again with --disable-deletion-protection',
      ].join('\n'),
    );
    expect(r.stdout).toContain('set `Settings: {DeletionProtection: false}` on the x-rds entry, run `composex deploy`, then destroy');
    expect(r.stdout).toContain(`aws rds modify-db-cluster --db-cluster-identifier ${CLUSTER} --no-deletion-protection --apply-immediately`);
    expect(r.stderr).toContain('error CX6071: refusing to delete stack ledger: 2 databases have deletion protection on (listed above); nothing was deleted');
    expect(r.stderr).toContain('hint: run again with --disable-deletion-protection');
    // RDS was asked about the cluster and the standalone instance; the cluster's own instance is protected through it
    expect(cloud.rdsMock.commandCalls(DescribeDBClustersCommand).map((c) => c.args[0].input.DBClusterIdentifier)).toEqual([CLUSTER]);
    expect(cloud.rdsMock.commandCalls(DescribeDBInstancesCommand).map((c) => c.args[0].input.DBInstanceIdentifier)).toEqual([INSTANCE]);
    expect(mutations(cloud)).toEqual([]);
    expect(cloud.stackNamed('ledger')!.status).toBe('CREATE_COMPLETE');
  });

  test('--disable-deletion-protection: protection turned off in order, RDS waited for, then the stack deleted (final snapshots by DeletionPolicy)', async () => {
    const cloud = await deployedProject(POSTGRES);
    let atDelete: Record<string, boolean> | undefined;
    const deletion = cloud.onDelete;
    cloud.onDelete = (stack) => {
      atDelete = protection(cloud);
      return deletion(stack);
    };
    const r = await runAws(cloud, [...ARGS, '--yes', '--disable-deletion-protection'], '/');
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(mutations(cloud)).toEqual([`ModifyDBCluster ${CLUSTER} false`, `ModifyDBInstance ${INSTANCE} false`, 'DeleteStack']);
    expect(cloud.rdsMock.commandCalls(ModifyDBClusterCommand)[0].args[0].input).toEqual({ DBClusterIdentifier: CLUSTER, DeletionProtection: false, ApplyImmediately: true });
    expect(cloud.rdsMock.commandCalls(ModifyDBInstanceCommand)[0].args[0].input).toEqual({ DBInstanceIdentifier: INSTANCE, DeletionProtection: false, ApplyImmediately: true });
    // the stack was deleted only once RDS reported protection off on both (the fake applies a modification one poll later)
    expect(atDelete).toEqual({ [CLUSTER]: false, [`${CLUSTER}Instance1`]: false, [INSTANCE]: false });
    // a plain DeleteStack: the templates still say DeletionPolicy Snapshot, so CloudFormation takes the final snapshots
    expect(cloud.cfn.commandCalls(DeleteStackCommand).map((c) => Object.keys(c.args[0].input))).toEqual([['StackName']]);
    expect(r.stdout).toContain(`  DatabasesStack/DatabaseLedgerDb                  AWS::RDS::DBInstance         Snapshot (a final snapshot is kept)  ${INSTANCE}`);
    expect(r.stdout).toContain(
      [
        'With --disable-deletion-protection, composex turns it off first and waits until RDS reports it off; then it deletes the stack.',
        `Turning off deletion protection of DatabasesStack/DatabaseAnalytics (${CLUSTER})`,
        `Turning off deletion protection of DatabasesStack/DatabaseLedgerDb (${INSTANCE})`,
        'Deletion protection is off on 2 databases.',
        '',
      ].join('\n'),
    );
    expect(r.stdout).toMatch(/Deleted stack ledger in \d+s\. Kept by design: 5 resources \(listed above\)\.\n$/);
    expect(cloud.stackNamed('ledger')).toBeUndefined();
    expect(cloud.databases.size).toBe(0);
  });

  test('on a terminal the one question names both steps; no means nothing is changed', async () => {
    const cloud = await deployedProject(POSTGRES);
    const no = await runAws(cloud, [...ARGS, '--disable-deletion-protection'], '/', { isTTY: true, answers: [false] });
    expect(no.io.questions).toEqual(['Turn off deletion protection of 2 databases and delete stack ledger? [y/N] ']);
    expect(no.code).toBe(1);
    expect(no.stderr).toContain('error CX6042: not confirmed: nothing was changed');
    expect(mutations(cloud)).toEqual([]);
    expect(Object.values(protection(cloud))).toEqual([true, false, true]);

    const noTerminal = await runAws(cloud, [...ARGS, '--disable-deletion-protection'], '/');
    expect(noTerminal.code).toBe(1);
    expect(noTerminal.stderr).toContain('error CX6042: not confirmed: there is no terminal to ask on');
    expect(mutations(cloud)).toEqual([]);

    const yes = await runAws(cloud, [...ARGS, '--disable-deletion-protection'], '/', { isTTY: true, answers: [true] });
    expect(yes.code).toBe(0);
    expect(mutations(cloud)).toEqual([`ModifyDBCluster ${CLUSTER} false`, `ModifyDBInstance ${INSTANCE} false`, 'DeleteStack']);
  });

  test('a modification that fails: protection already turned off is turned back on, nothing is deleted (exit 3)', async () => {
    const cloud = await deployedProject(POSTGRES);
    cloud.rdsMock.on(ModifyDBInstanceCommand).rejects(awsError('InvalidDBInstanceState', 'Instance ledger-db is not in available state.'));
    const r = await runAws(cloud, [...ARGS, '--yes', '--disable-deletion-protection'], '/');
    expect(r.code).toBe(3);
    expect(r.stderr).toContain(
      'error CX6072: could not turn off the deletion protection of DatabasesStack/DatabaseLedgerDb: AWS request failed while turning off the deletion protection of ' +
        `${INSTANCE} (InvalidDBInstanceState): Instance ledger-db is not in available state — nothing was deleted`,
    );
    expect(r.stderr).toContain(`hint: deletion protection was turned back on for ${CLUSTER}`);
    expect(mutations(cloud)).toEqual([`ModifyDBCluster ${CLUSTER} false`, `ModifyDBInstance ${INSTANCE} false`, `ModifyDBCluster ${CLUSTER} true`]);
    expect(cloud.cfn.commandCalls(DeleteStackCommand)).toHaveLength(0);
    expect(cloud.stackNamed('ledger')!.status).toBe('CREATE_COMPLETE');
    while (cloud.busy) cloud.tick();
    expect(protection(cloud)[CLUSTER]).toBe(true);
  });

  test('RDS that never reports protection off: given up after 15 minutes, protection restored, nothing deleted', async () => {
    const cloud = await deployedProject(POSTGRES);
    cloud.rdsMock.on(ModifyDBInstanceCommand).resolves({}); // accepted, never applied
    const r = await runAws(cloud, [...ARGS, '--yes', '--disable-deletion-protection'], '/');
    expect(r.code).toBe(3);
    expect(r.stderr).toContain(`error CX6072: could not turn off the deletion protection of DatabasesStack/DatabaseLedgerDb: RDS still reports ${INSTANCE} protected after 15m 00s — nothing was deleted`);
    expect(r.stderr).toContain(`hint: deletion protection was turned back on for ${CLUSTER}, ${INSTANCE}`);
    expect(cloud.cfn.commandCalls(DeleteStackCommand)).toHaveLength(0);
  });

  test('Ctrl-C while waiting for RDS: protection turned back on, nothing deleted (exit 130)', async () => {
    const cloud = await deployedProject(POSTGRES);
    const r = await runAws(cloud, [...ARGS, '--yes', '--disable-deletion-protection'], '/', { onSleep: (n, io) => n === 1 && io.interrupt() });
    expect(r.code).toBe(130);
    expect(r.stderr).toContain('error CX6072: could not turn off the deletion protection of DatabasesStack/DatabaseAnalytics: interrupted (Ctrl-C) — nothing was deleted');
    expect(r.stderr).toContain(`hint: deletion protection was turned back on for ${CLUSTER}, ${INSTANCE}`);
    expect(cloud.cfn.commandCalls(DeleteStackCommand)).toHaveLength(0);
    while (cloud.busy) cloud.tick();
    expect(protection(cloud)).toEqual({ [CLUSTER]: true, [`${CLUSTER}Instance1`]: false, [INSTANCE]: true });
  });

  test('a restore that fails too is said, with the command to run', async () => {
    const cloud = await deployedProject(POSTGRES);
    cloud.rdsMock.on(ModifyDBInstanceCommand).rejects(awsError('AccessDenied', 'not authorized to perform: rds:ModifyDBInstance', 403));
    cloud.rdsMock.on(ModifyDBClusterCommand, { DeletionProtection: true }).rejects(awsError('Throttling', 'Rate exceeded'));
    const r = await runAws(cloud, [...ARGS, '--yes', '--disable-deletion-protection'], '/');
    expect(r.code).toBe(3);
    expect(r.stderr).toContain('access denied while turning off the deletion protection');
    expect(r.stderr).toContain(`hint: it could not be turned back on for ${CLUSTER}: turn it on yourself (aws rds modify-db-instance / modify-db-cluster --deletion-protection --apply-immediately)`);
    expect(cloud.cfn.commandCalls(DeleteStackCommand)).toHaveLength(0);
  });

  test('RDS decides, not the template: protection turned on outside CloudFormation is found; turned off, no question about it', async () => {
    const cloud = await deployedProject(POSTGRES);
    cloud.databases.get(CLUSTER)!.deletionProtection = false;
    const refused = await runAws(cloud, [...ARGS, '--yes'], '/');
    expect(refused.code).toBe(1);
    expect(refused.stdout).toContain('Deletion protection is on for 1 database the deletion would delete:\n  DatabasesStack/DatabaseLedgerDb  AWS::RDS::DBInstance');
    expect(refused.stderr).toContain('error CX6071: refusing to delete stack ledger: 1 database has deletion protection on');

    cloud.databases.get(INSTANCE)!.deletionProtection = false;
    const r = await runAws(cloud, ARGS, '/', { isTTY: true, answers: [true] });
    expect(r.io.questions).toEqual(['Delete stack ledger? [y/N] ']);
    expect(r.stdout).not.toContain('Deletion protection');
    expect(r.code).toBe(0);
  });

  test('RDS access denied: the deployed template decides, and says so', async () => {
    const cloud = await deployedProject(POSTGRES);
    cloud.rdsMock.on(DescribeDBInstancesCommand).rejects(awsError('AccessDenied', 'not authorized to perform: rds:DescribeDBInstances', 403));
    cloud.rdsMock.on(DescribeDBClustersCommand).rejects(awsError('AccessDenied', 'not authorized to perform: rds:DescribeDBClusters', 403));
    const r = await runAws(cloud, [...ARGS, '--yes'], '/');
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('  (all read from the deployed templates: RDS denied DescribeDBInstances / DescribeDBClusters)');
    expect(r.stderr).toContain('error CX6071');
  });

  test('after a deletion that already failed on a protected database (DELETE_FAILED), destroy finishes it', async () => {
    const cloud = await deployedProject(POSTGRES);
    const stack = cloud.stackNamed('ledger')!;
    // someone ran `aws cloudformation delete-stack`: the fake fails on the protected databases as CloudFormation does
    await cloud.cloudformation.send(new DeleteStackCommand({ StackName: stack.id }));
    cloud.tick();
    cloud.tick();
    expect(stack.status).toBe('DELETE_FAILED');
    expect([...stack.resources.keys()]).toEqual(['DatabasesStack']);
    cloud.cfn.resetHistory();

    const r = await runAws(cloud, [...ARGS, '--yes', '--disable-deletion-protection'], '/');
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Stack ledger (DELETE_FAILED) will be deleted with its 1 nested stack.');
    expect(mutations(cloud)).toEqual([`ModifyDBCluster ${CLUSTER} false`, `ModifyDBInstance ${INSTANCE} false`, 'DeleteStack']);
    expect(stack.status).toBe('DELETE_COMPLETE');
  });

  test('only databases the deletion deletes count: a retained one, or one already deleted, is not asked about', async () => {
    const cloud = new FakeCloud();
    const root = cloud.addStack('ledger', 'DELETE_FAILED', {
      template: JSON.stringify({ Resources: { DatabasesStack: { Type: 'AWS::CloudFormation::Stack' } } }),
    });
    const db = cloud.addNested(root, 'DatabasesStack', 'DELETE_FAILED', {
      template: JSON.stringify({
        Resources: {
          Kept: { Type: 'AWS::RDS::DBInstance', DeletionPolicy: 'Retain', Properties: { DeletionProtection: true } },
          Gone: { Type: 'AWS::RDS::DBInstance', DeletionPolicy: 'Snapshot', Properties: { DeletionProtection: true } },
          Plain: { Type: 'AWS::RDS::DBCluster', Properties: { DeletionProtection: { Ref: 'Protect' } } },
        },
      }),
    });
    db.resources.set('Kept', { type: 'AWS::RDS::DBInstance', physicalId: 'kept-db' });
    db.resources.set('Gone', { type: 'AWS::RDS::DBInstance', physicalId: 'gone-db', status: 'DELETE_COMPLETE' });
    db.resources.set('Plain', { type: 'AWS::RDS::DBCluster', physicalId: 'plain-cluster' });
    cloud.databases.set('kept-db', { kind: 'instance', deletionProtection: true, status: 'available' });
    cloud.databases.set('plain-cluster', { kind: 'cluster', deletionProtection: true, status: 'available' });
    const resources = await deployedResources(cloud.cloudformation, root.id);
    expect(await protectedDatabases(cloud.rds, resources)).toEqual([
      { path: 'DatabasesStack/Plain', type: 'AWS::RDS::DBCluster', identifier: 'plain-cluster', deletionPolicy: 'Delete', source: 'rds' },
    ]);
    expect(cloud.rdsMock.commandCalls(DescribeDBInstancesCommand)).toHaveLength(0);

    // without RDS, an intrinsic DeletionProtection counts as on (it may be)
    cloud.rdsMock.on(DescribeDBClustersCommand).rejects(awsError('AccessDeniedException', 'denied', 403));
    expect((await protectedDatabases(cloud.rds, resources)).map((d) => d.source)).toEqual(['template']);
    // a database that no longer exists is no obstacle
    cloud.rdsMock.on(DescribeDBClustersCommand).rejects(awsError('DBClusterNotFoundFault', 'DBCluster plain-cluster not found.', 404));
    expect(await protectedDatabases(cloud.rds, resources)).toEqual([]);
  });

  test('DocumentDB and Neptune clusters count, through the RDS API their management shares; their instances through the cluster; the advice names their keys and CLIs', async () => {
    const cloud = new FakeCloud();
    const root = cloud.addStack('graph', 'CREATE_COMPLETE', {
      description: rootDescription('graph'),
      template: JSON.stringify({ Resources: { DocDbStack: { Type: 'AWS::CloudFormation::Stack' } } }),
    });
    const nested = cloud.addNested(root, 'DocDbStack', 'CREATE_COMPLETE', {
      template: JSON.stringify({
        Resources: {
          DocDbOrders: { Type: 'AWS::DocDB::DBCluster', DeletionPolicy: 'Snapshot', Properties: { DeletionProtection: true } },
          DocDbOrdersInstance1: { Type: 'AWS::DocDB::DBInstance', Properties: { DBClusterIdentifier: { Ref: 'DocDbOrders' } } },
          NeptuneGraph: { Type: 'AWS::Neptune::DBCluster', DeletionPolicy: 'Snapshot', Properties: { DeletionProtection: true } },
        },
      }),
    });
    nested.resources.set('DocDbOrders', { type: 'AWS::DocDB::DBCluster', physicalId: 'orders-cluster' });
    nested.resources.set('DocDbOrdersInstance1', { type: 'AWS::DocDB::DBInstance', physicalId: 'orders-instance-1' });
    nested.resources.set('NeptuneGraph', { type: 'AWS::Neptune::DBCluster', physicalId: 'graph-cluster' });
    cloud.databases.set('orders-cluster', { kind: 'cluster', deletionProtection: true, status: 'available' });
    cloud.databases.set('graph-cluster', { kind: 'cluster', deletionProtection: false, status: 'available' });
    const resources = await deployedResources(cloud.cloudformation, root.id);
    const found = await protectedDatabases(cloud.rds, resources);
    expect(found).toEqual([{ path: 'DocDbStack/DocDbOrders', type: 'AWS::DocDB::DBCluster', identifier: 'orders-cluster', deletionPolicy: 'Snapshot', source: 'rds' }]);
    expect(cloud.rdsMock.commandCalls(DescribeDBClustersCommand).map((c) => c.args[0].input.DBClusterIdentifier)).toEqual(['orders-cluster', 'graph-cluster']);
    expect(cloud.rdsMock.commandCalls(DescribeDBInstancesCommand)).toHaveLength(0);
    const advice = protectionAdvice([...found, { path: 'DocDbStack/NeptuneGraph', type: 'AWS::Neptune::DBCluster', identifier: 'graph-cluster', deletionPolicy: 'Snapshot', source: 'rds' }]);
    expect(advice).toContain('set `Settings: {DeletionProtection: false}` on the x-docdb / x-neptune entries, run `composex deploy`, then destroy');
    expect(advice).toContain('aws docdb modify-db-cluster --db-cluster-identifier orders-cluster --no-deletion-protection --apply-immediately');

    const r = await runAws(cloud, ['destroy', '-p', 'graph', '--region', 'eu-west-1', '--yes', '--disable-deletion-protection'], '/');
    expect({ code: r.code, err: r.stderr }).toEqual({ code: 0, err: '' });
    expect(mutations(cloud)).toEqual(['ModifyDBCluster orders-cluster false', 'DeleteStack']);
  });
});
