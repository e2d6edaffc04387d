import { describe, expect, it } from 'vitest';
import { choiceOf, draftOf, emptySourceDraft, sourceWords } from './source-form.js';

describe('the choice of Prometheus', () => {
  it('sends a Service found in the cluster, or typed', () => {
    const draft = { ...emptySourceDraft(), kind: 'service' as const, namespace: 'monitoring', name: 'prometheus', port: '9090' };
    expect(choiceOf(draft).choice).toEqual({ kind: 'service', namespace: 'monitoring', name: 'prometheus', port: 9090 });
    expect(choiceOf({ ...draft, port: 'x' }).errors.port).toBeDefined();
    expect(choiceOf({ ...draft, namespace: 'Not_Valid' }).errors.namespace).toBeDefined();
  });

  it('sends a URL with only the credentials of the auth chosen', () => {
    const draft = { ...emptySourceDraft(), kind: 'url' as const, url: 'https://prom.example.com', username: 'me', password: 'secret', bearerToken: 'tok' };
    expect(choiceOf({ ...draft, auth: 'basic' }).choice).toEqual({ kind: 'url', url: 'https://prom.example.com', username: 'me', password: 'secret' });
    expect(choiceOf({ ...draft, auth: 'bearer' }).choice).toEqual({ kind: 'url', url: 'https://prom.example.com', bearerToken: 'tok' });
    expect(choiceOf({ ...draft, auth: 'none', caPem: ' PEM ' }).choice).toEqual({ kind: 'url', url: 'https://prom.example.com', caPem: 'PEM' });
  });

  it('names what is missing or wrong', () => {
    const draft = { ...emptySourceDraft(), kind: 'url' as const };
    expect(choiceOf({ ...draft, url: 'ftp://x' }).errors.url).toMatch(/http/);
    expect(choiceOf({ ...draft, url: 'https://x', auth: 'basic' }).errors.username).toBeDefined();
    expect(choiceOf({ ...draft, url: 'https://x', auth: 'bearer' }).errors.bearerToken).toBeDefined();
    expect(choiceOf(emptySourceDraft()).choice).toEqual({ kind: 'auto' });
  });

  it('shows the source in use without any secret, and says how it is reached', () => {
    expect(draftOf({ kind: 'url', url: 'https://p', auth: 'bearer', customCa: true })).toMatchObject({ kind: 'url', url: 'https://p', auth: 'bearer', bearerToken: '' });
    expect(draftOf({ kind: 'service', namespace: 'monitoring', name: 'prometheus', port: 9090, discovered: true }).kind).toBe('auto');
    expect(sourceWords({ kind: 'service', namespace: 'monitoring', name: 'prometheus', port: 9090, discovered: true })).toBe(
      'Service monitoring/prometheus:9090 (found in the cluster), reached through the API server',
    );
    expect(sourceWords({ kind: 'url', url: 'https://p', auth: 'basic', customCa: true })).toBe('https://p with basic auth, trusting its own CA');
  });
});
