import { describe, expect, it } from 'vitest';
import { CONTENT_SECURITY_POLICY } from './csp.js';

const directives = new Map(CONTENT_SECURITY_POLICY.split('; ').map((d) => [d.split(' ')[0], d.split(' ').slice(1)]));

describe('CONTENT_SECURITY_POLICY', () => {
  it('runs only the app\'s own scripts: no inline script, no eval, no script from elsewhere', () => {
    expect(directives.get('script-src')).toEqual(["'self'"]);
    expect(directives.get('default-src')).toEqual(["'self'"]);
  });

  it('allows inline styles (Monaco needs them) but style sheets only from the app, and no request an injected style could leak data through', () => {
    expect(directives.get('style-src')).toEqual(["'self'", "'unsafe-inline'"]);
    expect(directives.get('img-src')).toEqual(["'self'", 'data:']);
    expect(directives.get('font-src')).toEqual(["'self'"]);
    expect(directives.get('connect-src')).toEqual(["'self'"]);
  });

  it('loads workers from the app (Monaco\'s, bundled) and is framed by nothing', () => {
    expect(directives.get('worker-src')).toEqual(["'self'", 'blob:']);
    expect(directives.get('frame-ancestors')).toEqual(["'none'"]);
    expect(directives.get('object-src')).toEqual(["'none'"]);
  });
});
