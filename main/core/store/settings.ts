// settings.json: the user's active model per kind, written atomically.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { MODEL_KINDS, type ModelKind } from '../../../shared/contract';
import { atomicWriteFile, type FaultHook } from './atomic-write';
import { CURRENT_SCHEMA } from './meta';

export const SETTINGS_FILE = 'settings.json';
export type ActiveChoice = Partial<Record<ModelKind, string>>;

/** The saved choices; a missing file is empty, an unreadable one is reported and treated as empty. */
export async function readSettings(dataDir: string): Promise<{ active: ActiveChoice; problem?: string }> {
  let text: string;
  try {
    text = await readFile(join(dataDir, SETTINGS_FILE), 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return { active: {} };
    return { active: {}, problem: `settings.json cannot be read (${(err as Error).message}); active models reset` };
  }
  try {
    const raw = JSON.parse(text) as { active?: Record<string, unknown> };
    const active: ActiveChoice = {};
    for (const kind of MODEL_KINDS) {
      const id = raw?.active?.[kind];
      if (typeof id === 'string') active[kind] = id;
    }
    return { active };
  } catch {
    return { active: {}, problem: 'settings.json is damaged; active models reset to the defaults' };
  }
}

export async function writeSettings(dataDir: string, active: ActiveChoice, fault?: FaultHook): Promise<void> {
  const bytes = new TextEncoder().encode(JSON.stringify({ schema: CURRENT_SCHEMA, active }, null, 2));
  await atomicWriteFile(join(dataDir, SETTINGS_FILE), bytes, fault);
}
