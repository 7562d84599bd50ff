// Keyboard-only paths: tabs follow the arrow keys with focus; a test digit loads with Tab, typing and Enter;
// d changes from the keyboard; the focus ring is not the selected-state colour; tool keys; Enter applies d,
// starts a training run and renames a model; every dialog closes with Escape and gives focus back.
import type { Page } from '@playwright/test';
import { test, expect } from './fixture';
import { StudioPage } from './pages/studio-page';

test('keyboard only: tabs move focus with the arrows, a digit loads with Enter, d moves with arrow keys', async ({
  page,
}) => {
  const studio = new StudioPage(page);
  await studio.ready();
  await page.getByTestId('tab.training').focus();
  await page.keyboard.press('ArrowRight');
  await expect(page.getByTestId('tab.models')).toBeFocused();
  await expect(page.getByTestId('tab.models')).toHaveAttribute('aria-selected', 'true');
  await page.keyboard.press('Home');
  await expect(page.getByTestId('tab.training')).toBeFocused();

  await page.getByTestId('start.index').focus();
  await page.keyboard.press('ControlOrMeta+a');
  await page.keyboard.type('12');
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('start.source')).toContainText('#12');
  await studio.settledResults();

  const field = page.getByTestId('param.pca.d.field');
  const before = await field.inputValue();
  await page.getByTestId('param.pca.d.slider').focus();
  await page.keyboard.press('ArrowRight');
  await expect(field).not.toHaveValue(before);

  // A focused tool button shows a ring of its own colour, not the selected state's accent.
  await page.getByTestId('tool.eraser').focus();
  await page.keyboard.press('Tab');
  const ring = await page.evaluate(() => {
    const el = document.activeElement as HTMLElement;
    return { outline: getComputedStyle(el).outlineColor, pressed: el.getAttribute('aria-pressed') };
  });
  expect(ring.outline).toBe('rgb(194, 65, 12)');
});

/** Opens a dialog with Enter on `opener`, closes it with Escape, and checks that focus is back on the opener. */
async function escapes(page: Page, opener: string, dialog: string): Promise<void> {
  await page.getByTestId(opener).focus();
  await page.keyboard.press('Enter');
  await expect(page.getByTestId(dialog)).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(page.getByTestId(dialog)).toBeHidden();
  await expect(page.getByTestId(opener)).toBeFocused();
}

test('keyboard only: tool keys switch tools, Enter applies d, starts a run and renames the model', async ({ page }) => {
  test.setTimeout(180_000);
  const studio = new StudioPage(page);
  await studio.ready();
  const pressed = (id: string) => expect(page.getByTestId(id)).toHaveAttribute('aria-pressed', 'true');
  await page.locator('body').focus();
  await page.keyboard.press('e');
  await pressed('tool.eraser');
  await page.keyboard.press('m');
  await pressed('tool.mark');
  await pressed('tool.shape-brush');
  await page.keyboard.press('r');
  await pressed('tool.shape-rect');
  await page.keyboard.press('u');
  await pressed('tool.unmark');
  await page.keyboard.press('b');
  await pressed('tool.brush');

  // A typed d is applied with Enter: the slider follows the field.
  const d = page.getByTestId('param.pca-masked.d.field');
  await d.focus();
  await page.keyboard.press('ControlOrMeta+a');
  await page.keyboard.type('25');
  await page.keyboard.press('Enter');
  await expect(d).toHaveValue('25');
  await expect(page.getByTestId('param.pca-masked.d.slider')).toHaveAttribute('aria-valuetext', '25');

  // Enter in the training form starts the run (a small PCA fit), and Enter in the name field renames it.
  await studio.openTab('training');
  await page.getByTestId('train.kind').selectOption('pca');
  await page.getByTestId('train.subset').focus();
  await page.keyboard.type('1000');
  await page.getByTestId('train.name').focus();
  await page.keyboard.type('typed fit');
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('train.state')).toHaveText('Done.', { timeout: 120_000 });
  await studio.openTab('models');
  await studio.modelRow('typed fit').getByTestId('models.select').focus();
  await page.keyboard.press('Enter');
  const name = page.getByTestId('models.name');
  await expect(name).toHaveValue('typed fit');
  await name.focus();
  await page.keyboard.press('ControlOrMeta+a');
  await page.keyboard.type('renamed by Enter');
  await page.keyboard.press('Enter');
  await expect(studio.modelRow('renamed by Enter')).toHaveCount(1);

  // Escape on the delete confirmation deletes nothing and gives focus back to Delete….
  await escapes(page, 'models.delete', 'confirm.dialog');
  await expect(studio.modelRow('renamed by Enter')).toHaveCount(1);
});

test('keyboard only: every dialog closes with Escape and gives focus back to what opened it', async ({ page }) => {
  test.setTimeout(180_000);
  const studio = new StudioPage(page);
  await studio.ready();
  await studio.ensurePca();
  await escapes(page, 'help.open', 'help.dialog');

  await page.getByTestId('start.index').focus();
  await page.keyboard.press('ControlOrMeta+a');
  await page.keyboard.type('4');
  await page.keyboard.press('Enter');
  await studio.settledResults();
  const more = page.locator('[data-testid^="result."][data-testid$=".more"]').first();
  const id = (await more.getAttribute('data-testid'))?.replace(/^result\.|\.more$/g, '');
  expect(id).toBeTruthy();
  await escapes(page, `result.${id}.more`, `result.${id}.dialog`);
});
