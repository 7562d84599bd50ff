// Page object for the Evaluate tab: choose methods, families, N and d; run; read the table and the plots.
import { expect, type Locator, type Page } from '@playwright/test';
import { METHOD_IDS } from '../../shared/methods';
import { MASK_FAMILY_IDS } from '../../shared/masks';
import { StudioPage } from './studio-page';

export class EvalPage {
  readonly status: Locator;
  readonly rows: Locator;

  constructor(readonly page: Page) {
    this.status = page.getByTestId('eval.status');
    this.rows = page.getByTestId('eval.row');
  }

  /** The studio once it is up, with the Evaluate tab open. */
  static async opened(page: Page): Promise<EvalPage> {
    await new StudioPage(page).ready();
    const ev = new EvalPage(page);
    await ev.open();
    return ev;
  }

  async open(): Promise<void> {
    await this.page.getByTestId('tab.evaluate').click();
    await expect(this.page.getByTestId('eval.panel')).toBeVisible();
  }

  /** Ticks exactly these methods and families (every other box off), then fills N and the d list. */
  async choose(opts: { methods: string[]; families: string[]; n: number; d?: string }): Promise<void> {
    for (const id of METHOD_IDS) {
      const box = this.page.getByTestId(`eval.method.${id}`);
      if (opts.methods.includes(id)) await box.check();
      else if (await box.isEnabled()) await box.uncheck();
    }
    for (const id of MASK_FAMILY_IDS)
      await this.page.getByTestId(`eval.family.${id}`).setChecked(opts.families.includes(id));
    await this.page.getByTestId('eval.n').fill(String(opts.n));
    if (opts.d !== undefined) await this.page.getByTestId('eval.d').fill(opts.d);
  }

  async run(): Promise<void> {
    await this.page.getByTestId('eval.run').click();
  }

  async column(name: 'accuracy' | 'mse'): Promise<number[]> {
    const cells = await this.page.getByTestId(`eval.cell.${name}`).allTextContents();
    return cells.map(Number);
  }

  /** How many pixels of a chart's canvas have been drawn on (alpha > 0). */
  async paintedPixels(testid: string): Promise<number> {
    return this.page
      .getByTestId(testid)
      .locator('canvas')
      .evaluate((c: HTMLCanvasElement) => {
        const ctx = c.getContext('2d');
        if (!ctx || !c.width || !c.height) return 0;
        const data = ctx.getImageData(0, 0, c.width, c.height).data;
        let painted = 0;
        for (let i = 3; i < data.length; i += 4) if (data[i] > 0) painted++;
        return painted;
      });
  }
}
