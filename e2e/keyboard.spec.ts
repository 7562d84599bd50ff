// Keyboard-only paths: tabs follow the arrow keys with focus; a test digit loads with Tab, typing and Enter;
// d changes from the keyboard; the focus ring is not the selected-state colour.
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
