// How the results are shown (not what they are): the error heat-map toggle, remembered in this browser.
const KEY = 'inpaint-studio.view';

interface SavedView {
  errorMap?: boolean;
}

function load(): SavedView {
  try {
    const raw = JSON.parse(localStorage.getItem(KEY) ?? 'null') as unknown;
    return raw && typeof raw === 'object' ? (raw as SavedView) : {};
  } catch {
    return {};
  }
}

export class ViewState {
  /** Colour each method's missing pixels by |result − original| (when the original is known). */
  errorMap = $state(load().errorMap === true);

  toggleErrorMap(): void {
    this.errorMap = !this.errorMap;
    try {
      localStorage.setItem(KEY, JSON.stringify({ errorMap: this.errorMap } satisfies SavedView));
    } catch {
      // storage full or disabled: the choice just does not survive a reload
    }
  }
}
