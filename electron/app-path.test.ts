import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { contentType, isInside, resolveAppFile } from './app-path.js';

const root = path.resolve('/srv/meshdeck/dist/renderer');

describe('resolveAppFile', () => {
  it('maps app URLs to files under the root', () => {
    expect(resolveAppFile(root, 'app://meshdeck/')).toBe(path.join(root, 'index.html'));
    expect(resolveAppFile(root, 'app://meshdeck/index.html')).toBe(path.join(root, 'index.html'));
    expect(resolveAppFile(root, 'app://meshdeck/assets/index-abc.js?v=1#x')).toBe(path.join(root, 'assets', 'index-abc.js'));
    expect(resolveAppFile(root, 'app://meshdeck/assets/a%20b.css')).toBe(path.join(root, 'assets', 'a b.css'));
  });

  it('keeps dot segments the URL parser resolves inside the root', () => {
    expect(resolveAppFile(root, 'app://meshdeck/../../etc/passwd')).toBe(path.join(root, 'etc', 'passwd'));
    expect(resolveAppFile(root, 'app://meshdeck/%2e%2e/%2e%2e/etc/passwd')).toBe(path.join(root, 'etc', 'passwd'));
  });

  it('refuses paths that leave the root', () => {
    for (const url of [
      'app://meshdeck/..%2f..%2fetc%2fpasswd',
      'app://meshdeck/assets/..%2f..%2f..%2fsecret',
      'app://meshdeck/..%5c..%5cwindows',
      'app://meshdeck/index.html%00.js',
      'app://meshdeck/%E0%A4%A',
    ]) {
      expect(resolveAppFile(root, url), url).toBeNull();
    }
  });

  it('refuses other origins', () => {
    expect(resolveAppFile(root, 'app://other/index.html')).toBeNull();
    expect(resolveAppFile(root, 'file:///srv/meshdeck/dist/renderer/index.html')).toBeNull();
  });
});

describe('isInside', () => {
  it('is a path check, not a prefix check', () => {
    expect(isInside(root, path.join(root, 'a'))).toBe(true);
    expect(isInside(root, `${root}-evil/x`)).toBe(false);
    expect(isInside(root, path.join(root, '..foo'))).toBe(true);
  });
});

describe('contentType', () => {
  it('knows the built assets', () => {
    expect(contentType('index.html')).toBe('text/html; charset=utf-8');
    expect(contentType('a.JS')).toBe('text/javascript; charset=utf-8');
    expect(contentType('x.unknown')).toBe('application/octet-stream');
  });
});
