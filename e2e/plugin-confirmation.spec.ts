import { expect, test } from '@playwright/test';
import { EXEC_PLUGIN } from '../main/sandbox/kubeconfigs.js';
import { expectAccessible, openApp, shot, watchConsole } from './helpers.js';

test('a credential plugin from a kubeconfig runs only once the user confirms it, from the keyboard', async ({ page }) => {
  const problems = watchConsole(page);
  await openApp(page);
  await page.getByTestId('context-row-e2e-plugin').click();
  const status = page.getByTestId('context-status-e2e-plugin');
  await expect(status).toHaveAttribute('data-status', 'unconfirmed');
  const question = page.getByTestId('plugin-confirmation');
  await expect(question.getByTestId('plugin-command')).toHaveText(EXEC_PLUGIN);
  await expect(question.getByTestId('plugin-file')).toHaveText(process.env.MESHDECK_E2E_PLUGIN_KUBECONFIG!);
  await shot(page, '06-plugin-confirmation');
  await expectAccessible(page);

  // Cancel runs nothing; "Check again" asks again.
  await question.getByTestId('plugin-cancel').focus();
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('plugin-declined')).toBeVisible();
  await expect(status).toHaveAttribute('data-status', 'unconfirmed');
  await page.getByRole('button', { name: 'Check again' }).click();
  await page.getByTestId('plugin-confirm').focus();
  await page.keyboard.press('Enter');
  await expect(status).toHaveAttribute('data-status', 'reachable');
  expect(problems).toEqual([]);
});
