import { describe, expect, it } from 'vitest';
import { isLoopbackRegistry, RegistryClient } from './oci.js';

describe('isLoopbackRegistry', () => {
  it('knows loopback by the parsed address, not by how the name begins', () => {
    for (const host of ['127.0.0.1', '127.0.0.1:5000', '127.9.8.7:80', 'localhost', 'LOCALHOST:5000', '[::1]', '[::1]:5000', '[0:0:0:0:0:0:0:1]:5000']) {
      expect(isLoopbackRegistry(host), host).toBe(true);
    }
    for (const host of ['127.attacker.example', '127.attacker.example:5000', '127.0.0.1.nip.io:5000', 'localhost.attacker.example', 'localhost-registry:5000',
      '128.0.0.1:5000', '10.0.0.1', '[::2]:5000', 'registry.example.com']) {
      expect(isLoopbackRegistry(host), host).toBe(false);
    }
  });

  it('never sends Basic credentials over plain HTTP to a name that only looks like loopback', async () => {
    const urls: string[] = [];
    const realFetch = globalThis.fetch;
    globalThis.fetch = (async (input: string | URL | Request) => {
      urls.push(String(input));
      return new Response(null, { status: 200, headers: { 'docker-content-digest': 'sha256:x' } });
    }) as typeof fetch;
    try {
      await new RegistryClient({ registry: '127.attacker.example:5000', username: 'u', password: 'p' }).manifestDigest('istio/pilot', 'v1');
      await new RegistryClient({ registry: '127.0.0.1:5000', username: 'u', password: 'p' }).manifestDigest('istio/pilot', 'v1');
    } finally {
      globalThis.fetch = realFetch;
    }
    expect(urls).toEqual(['https://127.attacker.example:5000/v2/istio/pilot/manifests/v1', 'http://127.0.0.1:5000/v2/istio/pilot/manifests/v1']);
  });
});
