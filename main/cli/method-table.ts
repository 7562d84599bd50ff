// The registry as text: the CLI's help lists every method from it, and the README's method table is this
// table (main/cli/method-table.test.ts keeps the README in step with the registry).
import { METHODS } from '../../shared/methods';
import { MODEL_KIND_LIST } from '../../shared/model-kinds';

/** One line per method for `help`: id, label and what it does. */
export function methodHelp(): string {
  const width = Math.max(...METHODS.map((m) => m.id.length));
  return METHODS.map((m) => `  ${m.id.padEnd(width)}  ${m.label}: ${m.explanation}`).join('\n');
}

export function kindList(): string {
  return MODEL_KIND_LIST.map((k) => k.id).join('|');
}

/** The README's method table (markdown). */
export function methodTableMarkdown(): string {
  const rows = METHODS.map((m) => {
    const params = Object.entries(m.params)
      .map(([name, p]) => `\`${name}\` ${p.min}–${p.max}, default ${p.default}`)
      .join('; ');
    return `| \`${m.id}\` | ${m.label} | ${m.explanation} | ${m.modelKind} | ${params || '—'} |`;
  });
  return ['| id | method | what it does | model kind | parameters |', '|---|---|---|---|---|', ...rows].join('\n');
}
