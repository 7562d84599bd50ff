// Layout: the canvas and every result panel on one screen, from a 1024×700 laptop window up to 1920×1080,
// with the canvas and result images growing with the window (crisp: whole screen pixels per digit pixel).
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { test, expect } from './fixture';
import { StudioPage } from './pages/studio-page';

const SIZES = [
  { width: 1024, height: 700 },
  { width: 1280, height: 800 },
  { width: 1440, height: 900 },
  { width: 1920, height: 1080 },
];

test('canvas and every result panel fit the window without scrolling, and grow with it', async ({ page }) => {
  test.setTimeout(240_000);
  const studio = new StudioPage(page);
  await studio.ready();
  await studio.ensurePca();
  const dir = join(process.cwd(), 'docs', 'screenshots');
  mkdirSync(dir, { recursive: true });
  await studio.loadTestDigit(7);
  await studio.settledResults();

  const panels = page.locator('[data-testid^="result."][data-pixels]');
  let lastCanvas = 0;
  let lastImage = 0;
  for (const size of SIZES) {
    await page.setViewportSize(size);
    await page.evaluate(() => window.scrollTo(0, 0));
    const ids = await panels.evaluateAll((els) => els.map((e) => e.getAttribute('data-testid')));
    expect(ids.length).toBeGreaterThanOrEqual(6); // input, original and the 4 methods
    // The layout settles after a resize (one frame); then every panel and the canvas are inside the window.
    await expect
      .poll(async () => {
        const outside: string[] = [];
        for (const id of [...ids, 'canvas.stage']) {
          const box = await page.getByTestId(id as string).boundingBox();
          if (!box || box.x < 0 || box.y < 0 || box.x + box.width > size.width || box.y + box.height > size.height)
            outside.push(`${id} ${JSON.stringify(box)}`);
        }
        return outside;
      })
      .toEqual([]);
    const canvas = (await studio.stage.boundingBox())?.width ?? 0;
    const image = await page.evaluate(() => {
      const c = document.querySelector('[data-testid="result.pca"] canvas') as HTMLCanvasElement | null;
      return c ? { w: c.getBoundingClientRect().width, rendering: getComputedStyle(c).imageRendering } : null;
    });
    expect(image?.rendering).toBe('pixelated');
    expect(canvas % 28, 'whole screen pixels per canvas cell').toBe(0);
    expect(canvas).toBeGreaterThanOrEqual(lastCanvas);
    expect(image?.w ?? 0).toBeGreaterThanOrEqual(lastImage);
    console.log(`${size.width}×${size.height}: canvas ${canvas} px, result images ${image?.w} px`);
    lastCanvas = canvas;
    lastImage = image?.w ?? 0;
    await page.mouse.move(0, 0);
    await page.screenshot({ path: join(dir, `layout-${size.width}x${size.height}.png`) });
  }
  expect(lastCanvas).toBeGreaterThan(420); // 1920×1080 draws bigger than the old fixed 420 px
});
