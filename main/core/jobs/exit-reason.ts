// Turns how the trainer process ended into one sentence for the user.

/** Node prints one of these before aborting on a full JavaScript heap. */
const OOM_MARKERS = ['heap out of memory', 'Allocation failed', 'Reached heap limit', 'Out of memory'];

/** Keeps the last `max` characters of a stream (the child's stderr), for crash reports. */
export class TailBuffer {
  private text = '';
  constructor(private readonly max = 8192) {}
  push(chunk: string): void {
    this.text = (this.text + chunk).slice(-this.max);
  }
  toString(): string {
    return this.text;
  }
}

/** `who`: the process in the sentence ('trainer', 'evaluation'). */
export function describeExit(
  code: number | null,
  signal: NodeJS.Signals | null,
  stderrTail: string,
  who = 'trainer',
): string {
  const oom = OOM_MARKERS.some((m) => stderrTail.includes(m));
  let why: string;
  if (oom) why = 'ran out of memory';
  else if (signal === 'SIGKILL')
    why = 'was killed (SIGKILL — by another program, or by the system for using too much memory)';
  else if (signal) why = `was killed (${signal})`;
  else why = `exited with code ${code}`;
  const last = lastMeaningfulLine(stderrTail);
  const detail = !oom && last ? ` Its last words: "${last}".` : '';
  return `The ${who} process stopped unexpectedly: it ${why}.${detail} Your models are safe; you can start a new run.`;
}

/** The last line that looks like an error message (not a stack frame), shortened. */
function lastMeaningfulLine(text: string): string | undefined {
  const lines = text
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l && !l.startsWith('at ') && !/^node:|^\^+$|^Node\.js v/.test(l));
  const errorLine = [...lines].reverse().find((l) => /error/i.test(l)) ?? lines.at(-1);
  return errorLine && errorLine.length > 200 ? `${errorLine.slice(0, 197)}...` : errorLine;
}
