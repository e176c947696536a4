import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';

/** The package root (the folder holding package.json), from `src/` under vitest or `dist/src/` when built. */
export function packageRoot(): string {
  let dir = __dirname;
  while (!existsSync(join(dir, 'package.json')) && dirname(dir) !== dir) dir = dirname(dir);
  return dir;
}
