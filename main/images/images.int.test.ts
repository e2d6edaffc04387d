import { execFileSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { InstallEvent, InstallOptions, PushEvent } from '../contract/install.js';
import { createCore, type Core } from '../core.js';
import { PORTS } from '../sandbox/layout.js';
import { kubectl, layout, uniqueName } from '../testing/sandbox.js';
import { RegistryClient } from './oci.js';

/** Air-gapped: bundled images pushed into the sandbox's registry, then an install pinned by digest. */
let core: Core;
beforeAll(async () => {
  // The bundle a release ships; here built around the locally compiled pilot-discovery.
  execFileSync(process.execPath, ['--import', 'tsx', 'build/istio/bundle-images.ts'], { stdio: 'pipe' });
  core = await createCore({ env: { ...process.env, KUBECONFIG: layout.kubeconfig } });
});
afterAll(async () => { await core.dispose(); });

async function all<T>(s: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const e of s) out.push(e);
  return out;
}

describe('air-gapped images', () => {
  it('pushes the bundled images and installs with them pinned by digest', { timeout: 300_000 }, async () => {
    const registry = `127.0.0.1:${PORTS.registry}`;
    const repository = `${uniqueName('mirror')}/istio`;
    const events = await all<PushEvent>(core.handlers['images.push']({ registry, repository, insecure: false }, new AbortController().signal));
    const pilot = events.flatMap((e) => (e.type === 'pushed' && e.image.name === 'pilot' ? [e.image] : []))[0]!;
    expect(pilot.reference).toBe(`${registry}/${repository}/pilot@${pilot.digest}`);
    expect(await new RegistryClient({ registry }).manifestDigest(`${repository}/pilot`, pilot.tag)).toBe(pilot.digest);
    const done = events.at(-1)!;
    expect(done.type === 'done' && done.values['values.pilot.image']).toBe(pilot.reference);

    const options: InstallOptions = { profile: 'minimal', revision: '', imagePullSecrets: [], prometheus: false, hub: `${registry}/${repository}`, tag: pilot.tag,
      values: done.type === 'done' ? done.values : {} };
    const preview = await core.handlers['install.preview']({ context: 'sandbox-admin', options });
    expect(preview.images).toEqual([pilot.reference]);
    const installed = await all<InstallEvent>(core.handlers['install.apply']({ context: 'sandbox-admin', options }, new AbortController().signal));
    expect(installed.at(-1)?.type, JSON.stringify(installed.at(-1))).toBe('done');
    expect(kubectl(['-n', 'istio-system', 'get', 'deployment', 'istiod', '-o', 'jsonpath={.spec.template.spec.containers[0].image}'])).toBe(pilot.reference);
    const removed = await all<InstallEvent>(core.handlers['install.uninstall']({ context: 'sandbox-admin' }, new AbortController().signal));
    expect(removed.at(-1)?.type).toBe('done');
  });

  it('explains an unreachable registry plainly', async () => {
    const err = await all(core.handlers['images.push']({ registry: `127.0.0.1:${PORTS.unreachable}`, repository: 'istio', insecure: false }, new AbortController().signal)).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'UNREACHABLE', message: `The registry 127.0.0.1:${PORTS.unreachable} could not be reached.` });
  });
});
