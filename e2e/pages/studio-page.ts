// Page object for the drawing studio: test-id locators, real mouse strokes, synthetic pen strokes,
// and what the test-only observer saw (last results, pointer-up latency).
import { METHOD_IDS } from '../../shared/methods';
import { expect, type Locator, type Page } from '@playwright/test';
import type { ObservedResults } from '../observers/results-observer';

export type Tool = 'brush' | 'eraser' | 'mark' | 'unmark';
export type Cell = [x: number, y: number];

/** What the test-only observer keeps (e2e/observers/results-observer.ts); the app itself publishes nothing. */
interface TestWindow {
  __observed?: { last?: LastResults; latency: number[]; roundTrip: number[]; compute: number[]; page: number[] };
}

export type LastResults = ObservedResults;

export class StudioPage {
  readonly stage: Locator;
  readonly preview: Locator;

  constructor(readonly page: Page) {
    this.stage = page.getByTestId('canvas.stage');
    this.preview = page.getByTestId('preview.input');
  }

  async ready(): Promise<void> {
    await expect(this.stage).toBeVisible();
    await expect(this.page.getByTestId('app.backend')).toBeVisible();
  }

  async tool(t: Tool): Promise<void> {
    await this.page.getByTestId(`tool.${t}`).click();
    await expect(this.page.getByTestId(`tool.${t}`)).toHaveAttribute('aria-pressed', 'true');
  }

  async maskShape(shape: 'brush' | 'rect'): Promise<void> {
    await this.page.getByTestId(`tool.shape-${shape}`).click();
  }

  /** Screen position of a point given in cell coordinates (0..28). */
  private async at([x, y]: Cell): Promise<{ x: number; y: number }> {
    await this.stage.scrollIntoViewIfNeeded();
    const box = await this.stage.boundingBox();
    if (!box) throw new Error('canvas not visible');
    const cell = box.width / 28; // the stage scales with the window
    return { x: box.x + x * cell, y: box.y + y * cell };
  }

  /** A real mouse stroke through the given cells, with intermediate moves. */
  async stroke(points: Cell[]): Promise<void> {
    const first = await this.at(points[0]);
    await this.page.mouse.move(first.x, first.y);
    await this.page.mouse.down();
    for (const p of points.slice(1)) {
      const s = await this.at(p);
      await this.page.mouse.move(s.x, s.y, { steps: 6 });
    }
    await this.page.mouse.up();
  }

  /** A pen stroke by synthetic PointerEvents (pointerType 'pen'), fixed pressure; eraser = the pen's eraser end. */
  async penStroke(points: Cell[], pressure: number, opts: { eraser?: boolean } = {}): Promise<void> {
    await this.stage.scrollIntoViewIfNeeded();
    const box = await this.stage.boundingBox();
    if (!box) throw new Error('canvas not visible');
    await this.stage.evaluate(
      async (el, { points, pressure, eraser, box, cell }) => {
        const frame = () => new Promise((r) => requestAnimationFrame(() => r(null)));
        const ev = (type: string, [x, y]: number[], down: boolean) =>
          new PointerEvent(type, {
            bubbles: true,
            cancelable: true,
            pointerId: 77,
            pointerType: 'pen',
            isPrimary: true,
            clientX: box.x + x * cell,
            clientY: box.y + y * cell,
            pressure: down ? pressure : 0,
            button: type === 'pointermove' ? -1 : eraser ? 5 : 0,
            buttons: down ? (eraser ? 32 : 1) : 0,
          });
        el.dispatchEvent(ev('pointerdown', points[0], true));
        for (const p of points.slice(1)) {
          el.dispatchEvent(ev('pointermove', p, true));
          await frame();
        }
        el.dispatchEvent(ev('pointerup', points[points.length - 1], false));
      },
      { points, pressure, eraser: !!opts.eraser, box, cell: box.width / 28 },
    );
  }

  async inked(): Promise<number> {
    return Number(await this.stage.getAttribute('data-inked'));
  }

  async missing(): Promise<number> {
    return Number(await this.stage.getAttribute('data-missing'));
  }

  async inputHash(): Promise<string> {
    return (await this.stage.getAttribute('data-pixels')) ?? '';
  }

  result(id: string): Locator {
    return this.page.getByTestId(`result.${id}`);
  }

  /** Waits until the panels show the results of the canvas's current input, and returns them. */
  async settledResults(): Promise<LastResults> {
    const want = await this.inputHash();
    await expect(this.result('input')).toHaveAttribute('data-pixels', want);
    // The observer sees the answer a moment after the panels show it (the same task, a microtask later).
    const observed = () => this.page.evaluate(() => (window as unknown as TestWindow).__observed?.last);
    await expect.poll(async () => (await observed())?.hash, { message: `the answer for input ${want}` }).toBe(want);
    const last = await observed();
    if (!last) throw new Error('no results observed');
    return last;
  }

  async latencies(): Promise<number[]> {
    return this.page.evaluate(() => (window as unknown as TestWindow).__observed?.latency ?? []);
  }

  async roundTrips(): Promise<number[]> {
    return this.page.evaluate(() => (window as unknown as TestWindow).__observed?.roundTrip ?? []);
  }

  /** Per observed trip, its answer received → shown in the panels (ms). */
  async pageTimes(): Promise<number[]> {
    return this.page.evaluate(() => (window as unknown as TestWindow).__observed?.page ?? []);
  }

  /** Per observed trip, the methods' own time in the core (ms). */
  async computeTimes(): Promise<number[]> {
    return this.page.evaluate(() => (window as unknown as TestWindow).__observed?.compute ?? []);
  }

  async undo(): Promise<void> {
    await this.page.keyboard.press('ControlOrMeta+z');
  }

  async redo(): Promise<void> {
    await this.page.keyboard.press('ControlOrMeta+Shift+z');
  }

  async clear(): Promise<void> {
    await this.page.getByTestId('edit.clear').click();
    await expect(this.stage).toHaveAttribute('data-inked', '0');
  }

  async openTab(tab: 'training' | 'models'): Promise<void> {
    await this.page.getByTestId(`tab.${tab}`).click();
  }

  /** Methods whose panel can show a result (a loadable model exists). */
  async availableMethods(): Promise<string[]> {
    const out: string[] = [];
    for (const id of METHOD_IDS) {
      const panel = this.result(id);
      if ((await panel.count()) && !(await panel.getByTestId(`result.${id}.unavailable`).count())) out.push(id);
    }
    return out;
  }

  /** Loads test digit `index` (with its center-gray patch) as the start point. */
  async loadTestDigit(index: number): Promise<void> {
    await this.page.getByTestId('start.index').fill(String(index));
    await this.page.getByTestId('start.load').click();
    await expect(this.page.getByTestId('start.source')).toContainText(`#${index}`);
  }

  /** Fills the Training form and presses Start; does not wait for the run to end. */
  async startTraining(
    kind: 'pca' | 'generator' | 'regressor' | 'classifier',
    opts: { subset?: number; epochs?: number; name?: string } = {},
  ): Promise<void> {
    await this.openTab('training');
    await this.page.getByTestId('train.kind').selectOption(kind);
    if (opts.epochs !== undefined) await this.page.getByTestId('train.epochs').fill(String(opts.epochs));
    if (opts.subset !== undefined) await this.page.getByTestId('train.subset').fill(String(opts.subset));
    if (opts.name !== undefined) await this.page.getByTestId('train.name').fill(opts.name);
    await this.page.getByTestId('train.start').click();
    // A subset under 1,000 images is a weak model: the form asks first (TINY_SUBSET).
    if (opts.subset !== undefined && opts.subset < 1000) {
      await expect(this.page.getByTestId('confirm.dialog')).toContainText(`Train on only ${opts.subset} images?`);
      await this.page.getByTestId('confirm.ok').click();
    }
  }

  /** Runs one training job from the Training tab and waits for it to finish. */
  async train(
    kind: 'pca' | 'generator' | 'regressor' | 'classifier',
    opts: { subset?: number; epochs?: number; name?: string } = {},
  ): Promise<void> {
    await this.startTraining(kind, opts);
    await expect(this.page.getByTestId('train.state')).toHaveText('Done.', { timeout: 180_000 });
  }

  /** Fits a small PCA when no PCA model is loadable yet (a store without built-in models). */
  async ensurePca(): Promise<void> {
    await expect(this.result('pca')).toBeVisible();
    if (await this.result('pca').getByTestId('result.pca.unavailable').count()) {
      await this.train('pca', { subset: 1000, name: 'test pca' });
      await expect(this.result('pca').getByTestId('result.pca.unavailable')).toHaveCount(0);
    }
  }

  modelRows(): Locator {
    return this.page.getByTestId('models.list').getByTestId('models.row');
  }

  modelRow(name: string | RegExp): Locator {
    return this.modelRows().filter({ has: this.page.getByRole('button', { name }) });
  }
}
