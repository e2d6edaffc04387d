import { describe, expect, it } from 'vitest';
import { aboutMessage } from './about.js';

describe('aboutMessage', () => {
  it('names the app, Electron, Chromium, Node and the bundled Istio', () => {
    expect(aboutMessage({ app: '0.1.0', electron: '45.3.4', chrome: '142.0.1', node: '22.20.0', istio: '1.31-alpha.eed52ebb66ad' })).toEqual({
      message: 'Meshdeck 0.1.0',
      detail: 'Electron 45.3.4\nChromium 142.0.1\nNode 22.20.0\nIstio 1.31-alpha.eed52ebb66ad (bundled)',
    });
  });
});
