// `models [--json]`: the model store, built-ins included.
import { openStore } from './context';

export async function modelsCommand(opts: Record<string, string | boolean | undefined>): Promise<void> {
  const store = await openStore();
  try {
    const list = store.list();
    if (opts.json) {
      process.stdout.write(`${JSON.stringify(list, null, 2)}\n`);
      return;
    }
    const rows = list.models.map((m) => [
      list.active[m.kind] === m.id ? '*' : ' ',
      m.kind,
      m.id,
      m.name,
      m.builtIn ? 'built-in' : 'user',
      `${(m.sizeBytes / 1e6).toFixed(1)} MB`,
      m.loadable ? '' : `UNLOADABLE: ${m.problem ?? ''}`,
    ]);
    for (const r of rows) process.stdout.write(`${r.join('  ')}\n`);
    if (!rows.length) process.stdout.write('the model store is empty\n');
    for (const w of list.warnings) process.stdout.write(`warning: ${w.id}: ${w.message}\n`);
    if (list.readOnly) process.stdout.write('note: the store was written by a newer version and is open read-only\n');
  } finally {
    await store.close();
  }
}
