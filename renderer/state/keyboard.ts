// Global keyboard handling: shortcuts act unless the user is typing in a field or a dialog is open.
import { commandFor } from '../canvas/shortcuts';
import type { Studio } from './context';

export interface KeyboardUi {
  openHelp(): void;
}

function typingIn(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  if (target.isContentEditable) return true;
  const tag = target.tagName;
  if (tag === 'TEXTAREA' || tag === 'SELECT') return true;
  return tag === 'INPUT' && !['checkbox', 'radio', 'button', 'range'].includes((target as HTMLInputElement).type);
}

export function onKeyDown(e: KeyboardEvent, studio: Studio, ui: KeyboardUi): void {
  if (typingIn(e.target) || document.querySelector('dialog[open]')) return;
  const cmd = commandFor(e);
  if (!cmd) return;
  const { drawing } = studio;
  e.preventDefault();
  switch (cmd) {
    case 'tool.brush':
      return drawing.setTool('brush');
    case 'tool.eraser':
      return drawing.setTool('eraser');
    case 'tool.mark':
      return drawing.setTool('mark', 'brush');
    case 'tool.unmark':
      return drawing.setTool('unmark');
    case 'tool.mark-rect':
      return drawing.setTool('mark', 'rect');
    case 'size.down':
      return drawing.sizeDown();
    case 'size.up':
      return drawing.sizeUp();
    case 'pressure.toggle':
      drawing.settings.pressure = !drawing.settings.pressure;
      return;
    case 'undo':
      return drawing.undo();
    case 'redo':
      return drawing.redo();
    case 'original.show':
      drawing.showOriginal = true;
      return;
    case 'view.error-map':
      return studio.view.toggleErrorMap();
    case 'help':
      return ui.openHelp();
  }
}

export function onKeyUp(e: KeyboardEvent, studio: Studio): void {
  if (e.key.toLowerCase() === 'o') studio.drawing.showOriginal = false;
}
