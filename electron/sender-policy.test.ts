import { describe, expect, it } from 'vitest';
import { APP_ENTRY_URL, RPC_CHANNEL, checkSender, isAppUrl, isExternalLink, type SenderFacts } from './sender-policy.js';

const app: SenderFacts = { channel: RPC_CHANNEL, frameUrl: APP_ENTRY_URL, isMainFrame: true, knownWindow: true };

describe('checkSender', () => {
  it("accepts the app's main frame", () => {
    expect(checkSender(app)).toEqual({ ok: true });
    for (const frameUrl of ['app://meshdeck/', 'app://meshdeck', 'app://meshdeck/index.html#/contexts?x=1', 'app://meshdeck/deep/route']) {
      expect(checkSender({ ...app, frameUrl })).toEqual({ ok: true });
    }
  });

  it('refuses any other channel', () => {
    for (const channel of ['', 'meshdeck:rpc2', 'MESHDECK:RPC', 'meshdeck', 'meshdeck:rpc ']) {
      expect(checkSender({ ...app, channel })).toEqual({ ok: false, reason: 'wrong-channel' });
    }
  });

  it('refuses an iframe, even one on the app origin', () => {
    expect(checkSender({ ...app, isMainFrame: false })).toEqual({ ok: false, reason: 'not-main-frame' });
    expect(checkSender({ ...app, isMainFrame: false, frameUrl: 'https://evil.example/' })).toEqual({ ok: false, reason: 'not-main-frame' });
  });

  it('refuses a frame from any other origin', () => {
    const foreign = [
      'https://evil.example',
      'https://evil.example/index.html',
      'http://meshdeck/index.html',
      'file:///index.html',
      'file:///home/user/dist/renderer/index.html',
      'about:blank',
      'about:srcdoc',
      'data:text/html,<script>1</script>',
      'blob:app://meshdeck/1234',
      'devtools://devtools/bundled/index.html',
      'chrome-error://chromewebdata/',
      '',
      'app://other',
      'app://other/index.html',
      'app://meshdeck.evil.example/',
      'app://evil.example/meshdeck',
      'app://meshdeck:8080/',
      'app://user@meshdeck/',
      'app://meshdeck@evil.example/',
      'app:meshdeck/index.html',
      'not a url',
    ];
    for (const frameUrl of foreign) {
      expect(checkSender({ ...app, frameUrl }), frameUrl).toEqual({ ok: false, reason: 'foreign-origin' });
    }
  });

  it('refuses a message whose frame is gone', () => {
    expect(checkSender({ ...app, frameUrl: null })).toEqual({ ok: false, reason: 'no-frame' });
    expect(checkSender({ ...app, frameUrl: undefined })).toEqual({ ok: false, reason: 'no-frame' });
  });

  it('refuses a webContents that is not one of our windows', () => {
    expect(checkSender({ ...app, knownWindow: false })).toEqual({ ok: false, reason: 'unknown-window' });
  });
});

describe('isAppUrl', () => {
  it('matches the app origin only', () => {
    expect(isAppUrl('app://meshdeck/index.html')).toBe(true);
    expect(isAppUrl(null)).toBe(false);
    expect(isAppUrl('app://meshdeckx/')).toBe(false);
    expect(isAppUrl('https://meshdeck/')).toBe(false);
  });
});

describe('isExternalLink', () => {
  it('lets only https links out', () => {
    expect(isExternalLink('https://istio.io/latest/docs/')).toBe(true);
    for (const url of ['http://istio.io/', 'file:///etc/passwd', 'javascript:alert(1)', 'smb://host/share', 'app://meshdeck/', 'https://user:pw@evil.example/', 'nonsense']) {
      expect(isExternalLink(url), url).toBe(false);
    }
  });
});
