// Keyboard shortcuts → commands. Pure so the mapping is testable and the help dialog lists the same table.
export type Command =
  | 'tool.brush'
  | 'tool.eraser'
  | 'tool.mark'
  | 'tool.unmark'
  | 'tool.mark-rect'
  | 'size.down'
  | 'size.up'
  | 'pressure.toggle'
  | 'undo'
  | 'redo'
  | 'original.show'
  | 'view.error-map'
  | 'help';

export interface KeyLike {
  key: string;
  ctrlKey?: boolean;
  metaKey?: boolean;
  shiftKey?: boolean;
  altKey?: boolean;
}

export function commandFor(e: KeyLike): Command | null {
  const mod = !!(e.ctrlKey || e.metaKey);
  const key = e.key.length === 1 ? e.key.toLowerCase() : e.key;
  if (mod) {
    if (key === 'z') return e.shiftKey ? 'redo' : 'undo';
    if (key === 'y' && !e.shiftKey) return 'redo';
    return null;
  }
  if (e.altKey) return null;
  switch (key) {
    case 'b':
      return 'tool.brush';
    case 'e':
      return 'tool.eraser';
    case 'm':
      return 'tool.mark';
    case 'u':
      return 'tool.unmark';
    case 'r':
      return 'tool.mark-rect';
    case 'p':
      return 'pressure.toggle';
    case '[':
      return 'size.down';
    case ']':
      return 'size.up';
    case 'o':
      return 'original.show';
    case 'x':
      return 'view.error-map';
    case 'h':
    case '?':
      return 'help';
    default:
      return null;
  }
}

/** The table the shortcuts dialog shows. */
export const SHORTCUTS: readonly { keys: string; what: string }[] = [
  { keys: 'B', what: 'Brush (pen pressure sets the width)' },
  { keys: 'E', what: 'Eraser (a pen’s eraser end erases too)' },
  { keys: 'M', what: 'Mark missing with the brush' },
  { keys: 'R', what: 'Mark missing with a rectangle' },
  { keys: 'U', what: 'Un-mark (make pixels known again)' },
  { keys: '[  ]', what: 'Smaller / larger brush' },
  { keys: 'P', what: 'Pen pressure on / off' },
  { keys: 'Ctrl/⌘ Z', what: 'Undo the last stroke' },
  { keys: 'Ctrl/⌘ Shift Z, Ctrl Y', what: 'Redo' },
  { keys: 'hold O', what: 'Show the original instead of the input' },
  { keys: 'X', what: 'Error heat-map on / off (missing pixels coloured by their error)' },
  { keys: 'H or ?', what: 'This help' },
];
