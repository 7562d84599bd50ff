// The app's frame: header (backend badge, host and version), the help dialog. Test-id locators only.
import { expect, type Locator, type Page } from '@playwright/test';

export class ShellPage {
  readonly backend: Locator;
  readonly dataset: Locator;
  readonly helpOpen: Locator;
  readonly helpClose: Locator;
  readonly errorBanner: Locator;

  constructor(readonly page: Page) {
    this.backend = page.getByTestId('app.backend');
    this.dataset = page.getByTestId('app.dataset');
    this.helpOpen = page.getByTestId('help.open');
    this.helpClose = page.getByTestId('help.close');
    this.errorBanner = page.getByRole('alert');
  }

  /** The page has talked to the core: appInfo arrived and the backend badge shows it. */
  async waitUntilReady(): Promise<void> {
    await expect(this.backend).toHaveText(/backend: (tensorflow|wasm|cpu)/);
  }
}
