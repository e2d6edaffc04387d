import type { V1Node } from '@kubernetes/client-node';
import { describe, expect, it } from 'vitest';
import { nodeCheck, versionCheck } from './precheck.js';

describe('the Kubernetes version check', () => {
  it('passes inside the supported range, fails below it, warns above it or when unreadable', () => {
    expect(versionCheck('v1.36.3')).toMatchObject({ status: 'pass', detail: 'v1.36.3 is within 1.32–1.36.' });
    expect(versionCheck('v1.32.0+k3s1')).toMatchObject({ status: 'pass' });
    expect(versionCheck('v1.31.9')).toMatchObject({ status: 'fail', fix: expect.stringContaining('Upgrade the cluster') });
    expect(versionCheck('v1.37.0')).toMatchObject({ status: 'warn', detail: expect.stringContaining('newer than this Istio was tested with') });
    expect(versionCheck('v2.0.0')).toMatchObject({ status: 'warn' });
    expect(versionCheck('banana')).toMatchObject({ status: 'warn', detail: 'Cannot read the version "banana".' });
  });
});

const node = (name: string, o: { cpu?: string; memory?: string; taints?: { key: string; value?: string; effect: string }[]; unschedulable?: boolean } = {}): V1Node => ({
  metadata: { name },
  spec: { taints: o.taints, unschedulable: o.unschedulable },
  status: { allocatable: { cpu: o.cpu ?? '4', memory: o.memory ?? '8Gi' } },
});

describe('the node check', () => {
  it('passes when one node is schedulable, untainted and big enough', () => {
    expect(nodeCheck([node('a'), node('b', { taints: [{ key: 'x', effect: 'NoSchedule' }] })], '500m', '2048Mi'))
      .toMatchObject({ status: 'pass', detail: '1 of 2 nodes are schedulable with 500m CPU and 2048Mi memory free to allocate.' });
    // PreferNoSchedule does not keep istiod off a node.
    expect(nodeCheck([node('a', { taints: [{ key: 'x', effect: 'PreferNoSchedule' }] })], '500m', '2Gi').status).toBe('pass');
  });

  it('names the taint and the nodes when every node is tainted', () => {
    const r = nodeCheck([node('a', { taints: [{ key: 'dedicated', value: 'infra', effect: 'NoSchedule' }] })], '500m', '2Gi');
    expect(r).toMatchObject({ status: 'fail', detail: 'No node fits: a carry dedicated=infra:NoSchedule.', fix: expect.stringContaining('dedicated=infra:NoSchedule') });
  });

  it('says what is missing when no node is big enough, or none schedulable', () => {
    expect(nodeCheck([node('a', { cpu: '250m' })], '500m', '2Gi')).toMatchObject({ status: 'fail', detail: 'No node has 500m CPU and 2Gi memory to allocate.' });
    expect(nodeCheck([node('a', { memory: '1Gi' })], '500m', '2048Mi').status).toBe('fail');
    expect(nodeCheck([node('a', { unschedulable: true })], '500m', '2Gi').status).toBe('fail');
    expect(nodeCheck([], '500m', '2Gi').status).toBe('fail');
  });
});
