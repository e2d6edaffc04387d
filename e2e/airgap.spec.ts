import { existsSync } from 'node:fs';
import { expect, test } from '@playwright/test';
import { expectAccessible, openApp, tallShot, watchConsole, expectMeshStateOfCluster } from './helpers.js';

const MINUTES = 60_000;
const BUNDLE = new URL('../resources/images/pilot/index.json', import.meta.url).pathname;
const REGISTRY = '127.0.0.1:5000';
const REPOSITORY = 'e2e/istio';

test.describe('air-gapped images (web mode, live sandbox)', () => {
  test('pushes the bundled images to the sandbox registry and previews an install pinned by digest', async ({ page }) => {
    test.setTimeout(6 * MINUTES);
    // Nothing is skipped: without the bundle this spec fails, and says how to make it.
    expect(existsSync(BUNDLE), `${BUNDLE} is missing: run \`node --import tsx build/istio/bundle-images.ts\` first (it writes resources/images/pilot).`).toBe(true);
    const problems = watchConsole(page);

    await openApp(page);
    await page.getByTestId('context-row-sandbox-admin').click();
    await page.getByTestId('context-connect').click();
    await expectMeshStateOfCluster(page);
    // Install or Manage: the Options step is one click away in the stepper either way.
    await page.getByTestId('open-install').click();
    await expect(page.getByTestId('install-wizard')).toBeVisible();
    await page.getByTestId('install-stepper-options').click();
    const optionsStep = page.getByTestId('install-step-options');
    await expect(optionsStep).toBeVisible();

    // --- Image source (c): push the bundled images
    await page.getByTestId('image-source-push').check();
    await expect(page.getByTestId('push-repository')).toHaveValue('istio');
    // Next before pushing: refused, in words.
    await page.getByTestId('install-next').click();
    await expect(optionsStep).toContainText('Push the images to your registry first');
    await page.getByTestId('push-registry').fill(REGISTRY);
    await page.getByTestId('push-repository').fill(REPOSITORY);
    await expect(page.getByTestId('push-insecure')).not.toBeChecked();
    await page.getByTestId('push-run').click();
    const pilot = page.getByTestId('push-row-pilot');
    await expect(pilot).toHaveAttribute('data-state', 'done', { timeout: 3 * MINUTES });
    await expect(page.getByTestId('push-ref-pilot')).toContainText(`${REGISTRY}/${REPOSITORY}/pilot@sha256:`);
    const done = page.getByTestId('push-done');
    await expect(done).toBeVisible();
    await expect(done).toContainText(`${REGISTRY}/${REPOSITORY}`);
    await expect(done).toContainText('values.pilot.image');
    await expectAccessible(page);

    // --- Preview: the images, pinned by digest in the user's registry
    await page.getByTestId('install-next').click();
    await expect(page.getByTestId('install-step-preview')).toBeVisible();
    const images = page.getByTestId('preview-images');
    await expect(images).toBeVisible({ timeout: 2 * MINUTES });
    await expect(images).toContainText(`${REGISTRY}/${REPOSITORY}/pilot@sha256:`);
    await expect(images).toContainText('pinned by digest');
    await tallShot(page, '33-airgap-preview');
    await expectAccessible(page);
    // Not installed: this spec stops at the preview.
    expect(problems).toEqual([]);
  });
});
