#!/usr/bin/env node
// The package bin: the same command line as `npm run cli -- …`, on the built app (npm run build).
import { existsSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';

const cli = fileURLToPath(new URL('../out/main/cli.js', import.meta.url));
if (!existsSync(cli)) {
  console.error('error: Inpaint Studio is not built yet: run  npm run build  in its folder');
  process.exit(1);
}
await import(pathToFileURL(cli).href);
