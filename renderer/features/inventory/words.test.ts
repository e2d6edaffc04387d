import { describe, expect, it } from 'vitest';
import { ns, workload } from './test-fixtures.js';
import { meshModeText, podProxyText, podsWithProxyText, portText, workloadProxyText } from './words.js';

describe('meshModeText', () => {
  it('names the mode and the label it comes from', () => {
    expect(meshModeText(ns('a', { mode: 'sidecar', source: 'istio-injection', revision: 'default' }))?.text).toBe('sidecar · istio-injection');
    expect(meshModeText(ns('a', { mode: 'sidecar', source: 'istio.io/rev', revision: 'canary', tag: 'prod', labels: { 'istio.io/rev': 'prod' } }))?.text).toBe(
      'sidecar · rev canary (tag prod)',
    );
    expect(meshModeText(ns('a', { mode: 'sidecar', source: 'istio.io/rev', revision: 'canary', labels: { 'istio.io/rev': 'canary' } }))?.text).toBe('sidecar · rev canary');
    expect(meshModeText(ns('a', { mode: 'ambient', source: 'istio.io/dataplane-mode' }))?.text).toBe('ambient');
    expect(meshModeText(ns('a', { mode: 'disabled', source: 'istio-injection' }))?.text).toBe('disabled');
    expect(meshModeText(ns('a', { mode: 'conflict', source: 'istio-injection' }))?.tone).toBe('warn');
    expect(meshModeText(ns('a'))).toBeUndefined();
  });
});

describe('row words', () => {
  it('says how many pods have a proxy', () => {
    expect(podsWithProxyText(ns('a', { pods: 10, withProxy: 8 }))).toBe('8/10 with proxy');
    expect(podsWithProxyText(ns('a'))).toBe('no pods');
  });

  it('describes a workload proxy with its revisions', () => {
    expect(workloadProxyText(workload('s', 'a', { proxyRevisions: ['canary'] })).text).toBe('present · canary');
    expect(workloadProxyText(workload('s', 'a', { proxy: 'mixed', pods: 3, withProxy: 2, proxyRevisions: ['canary'] })).text).toBe('mixed 2/3 · canary');
    expect(workloadProxyText(workload('s', 'a', { proxy: 'opted-out', optedOut: true })).text).toBe('opted out');
    expect(workloadProxyText(workload('s', 'a', { proxy: 'no-pods', pods: 0 })).text).toBe('no pods');
    expect(workloadProxyText(workload('s', 'a', { pods: 2, withProxy: 2, orphaned: 2, proxyRevisions: ['old'] }))).toEqual({ text: 'orphaned 2/2 · old', tone: 'warn' });
  });

  it('describes a pod proxy and a port', () => {
    expect(podProxyText({ proxy: 'present', proxyRevision: '1-24' }).text).toBe('present · 1-24');
    expect(podProxyText({ proxy: 'absent' }).text).toBe('absent');
    expect(podProxyText({ proxy: 'present', proxyRevision: 'old', orphaned: true })).toEqual({ text: 'orphaned · old', tone: 'warn' });
    expect(portText({ name: 'http-web', port: 80, detected: 'http', classified: true })).toBe('http-web:80 → http');
    expect(portText({ port: 9000, classified: false })).toBe('9000 → ?');
  });
});
