import { describe, expect, it } from 'vitest';
import {
  cancelPush,
  emptyPushForm,
  endPush,
  failPush,
  hubFor,
  initialPush,
  pushErrorWords,
  pushIsStale,
  pushResult,
  pushSummary,
  pushTarget,
  reducePush,
  type PushForm,
  type PushProgress,
} from './push.js';

const DIGEST = `sha256:${'a'.repeat(64)}`;
const PILOT = { name: 'pilot', tag: '1.24.2', digest: DIGEST, reference: `127.0.0.1:5000/e2e/istio/pilot@${DIGEST}` };
const PINNED = { 'values.pilot.image': PILOT.reference };
const form = (extra: Partial<PushForm> = {}): PushForm => ({ ...emptyPushForm(), ...extra });

function pushed(): PushProgress {
  let p = initialPush('127.0.0.1:5000', 'e2e/istio');
  p = reducePush(p, { type: 'pushing', name: 'pilot' });
  p = reducePush(p, { type: 'pushed', image: PILOT });
  return reducePush(p, { type: 'done', values: PINNED });
}

describe('the push progress', () => {
  it('has a row per image: pushing, then done with its pinned reference', () => {
    let p = initialPush('127.0.0.1:5000', 'e2e/istio');
    expect(pushSummary(p)).toBe('Connecting to the registry…');
    p = reducePush(p, { type: 'pushing', name: 'pilot' });
    expect(p.rows).toEqual([{ name: 'pilot', state: 'pushing' }]);
    expect(pushSummary(p)).toBe('Pushing pilot… (0 done)');
    p = reducePush(p, { type: 'pushed', image: PILOT });
    expect(p.rows).toEqual([{ name: 'pilot', state: 'done', image: PILOT }]);
    p = reducePush(p, { type: 'pushing', name: 'proxyv2' });
    expect(p.rows.map((r) => r.state)).toEqual(['done', 'pushing']);
    p = reducePush(p, { type: 'done', values: PINNED });
    expect(p.status).toBe('done');
    // Nothing after the end counts.
    expect(reducePush(p, { type: 'pushing', name: 'x' })).toBe(p);
  });

  it('stops the image being pushed when it fails, is cancelled or ends early', () => {
    const running = reducePush(initialPush('r', 'istio'), { type: 'pushing', name: 'pilot' });
    const failed = failPush(running, { code: 'UNREACHABLE', message: 'The registry r could not be reached.' });
    expect(failed).toMatchObject({ status: 'failed', rows: [{ name: 'pilot', state: 'stopped' }] });
    expect(pushSummary(failed)).toBe('The push stopped after 0 images.');
    expect(failPush(running, { code: 'CANCELLED', message: 'lost' }).status).toBe('cancelled');
    expect(cancelPush(running)).toMatchObject({ status: 'cancelled', rows: [{ state: 'stopped' }] });
    expect(endPush(running)).toMatchObject({ status: 'failed', error: { code: 'INTERNAL' } });
    expect(endPush(pushed()).status).toBe('done');
  });

  it('gives the install settings once done: hub, the pilot’s tag, the pinning values', () => {
    expect(pushResult(initialPush('r', 'istio'))).toBeUndefined();
    expect(pushResult(pushed())).toEqual({ registry: '127.0.0.1:5000', repository: 'e2e/istio', hub: '127.0.0.1:5000/e2e/istio', tag: '1.24.2', values: PINNED, images: [PILOT] });
    expect(pushSummary(pushed())).toBe('1 image pushed to 127.0.0.1:5000/e2e/istio, pinned by digest.');
    expect(hubFor('r:5000', '/mirror/istio/')).toBe('r:5000/mirror/istio');
    expect(hubFor('r:5000', '')).toBe('r:5000');
  });
});

describe('the push form', () => {
  it('builds the contract’s input, the password only with a user name', () => {
    expect(pushTarget(form({ registry: ' 127.0.0.1:5000 ', repository: '/e2e/istio/' }), '')).toEqual({
      errors: {},
      target: { registry: '127.0.0.1:5000', repository: 'e2e/istio', insecure: false },
    });
    expect(pushTarget(form({ registry: 'r.example.com', repository: '', insecure: true, username: 'me' }), 's3cret').target).toEqual({
      registry: 'r.example.com',
      repository: 'istio',
      insecure: true,
      username: 'me',
      password: 's3cret',
    });
  });

  it('says what is wrong, field by field', () => {
    expect(pushTarget(form(), '').errors.registry).toMatch(/Enter the registry/);
    expect(pushTarget(form({ registry: 'https://r.example.com' }), '').errors.registry).toMatch(/scheme/);
    expect(pushTarget(form({ registry: 'r.example.com/istio' }), '').errors.registry).toMatch(/the path goes in Repository/);
    expect(pushTarget(form({ registry: 'r example' }), '').errors.registry).toMatch(/not a registry address/);
    expect(pushTarget(form({ registry: 'r', repository: 'Istio' }), '').errors.repository).toMatch(/lower-case/);
    expect(pushTarget(form({ registry: 'r', username: 'me' }), '').errors.credentials).toMatch(/both/);
    expect(pushTarget(form({ registry: 'r' }), 'pw').errors.credentials).toMatch(/both/);
    expect(pushTarget(form({ registry: 'r', username: 'me' }), '').target).toBeUndefined();
  });

  it('knows when the form names another place than the last push went to', () => {
    const result = pushResult(pushed())!;
    expect(pushIsStale(form({ registry: '127.0.0.1:5000', repository: 'e2e/istio' }))).toBe(false);
    expect(pushIsStale(form({ registry: '127.0.0.1:5000', repository: 'e2e/istio', pushed: result }))).toBe(false);
    expect(pushIsStale(form({ registry: '127.0.0.1:5001', repository: 'e2e/istio', pushed: result }))).toBe(true);
  });

  it('words registry failures about the registry, not the cluster', () => {
    expect(pushErrorWords({ code: 'UNREACHABLE', message: 'x' }, 'r:5000')?.title).toBe('The registry r:5000 did not answer');
    expect(pushErrorWords({ code: 'TLS_OTHER', message: 'x' }, 'r')?.hint).toMatch(/plain HTTP/);
    expect(pushErrorWords({ code: 'UNAUTHORIZED', message: 'x' }, 'r')?.hint).toMatch(/user name and password/);
    expect(pushErrorWords({ code: 'INTERNAL', message: 'x' }, 'r')).toBeUndefined();
  });
});
