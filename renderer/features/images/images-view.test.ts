import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { emptyPushForm, initialPush, pushResult, reducePush } from './push.js';
import { PushPanel } from './PushPanel.js';

const noop = () => {};

describe('PushPanel', () => {
  it('shows each image pushed with its pinned reference, and what the install will use', () => {
    const digest = `sha256:${'b'.repeat(64)}`;
    const image = { name: 'pilot', tag: '1.24.2', digest, reference: `127.0.0.1:5000/e2e/istio/pilot@${digest}` };
    let progress = reducePush(initialPush('127.0.0.1:5000', 'e2e/istio'), { type: 'pushing', name: 'pilot' });
    progress = reducePush(progress, { type: 'pushed', image });
    progress = reducePush(progress, { type: 'done', values: { 'values.pilot.image': image.reference } });
    const form = { ...emptyPushForm(), registry: '127.0.0.1:5000', repository: 'e2e/istio', pushed: pushResult(progress)! };
    const html = renderToStaticMarkup(
      createElement(PushPanel, { form, onChange: noop, push: { progress, start: noop, cancel: noop }, missingPush: undefined, missingPushId: 'm' }),
    );
    expect(html).toContain('data-testid="push-row-pilot" data-state="done"');
    expect(html).toContain(`127.0.0.1:5000/e2e/istio/pilot@${digest}`);
    expect(html).toContain('data-testid="push-done"');
    expect(html).toContain('values.pilot.image');
    expect(html).toMatch(/type="password"[^>]*value=""/);
  });
});
