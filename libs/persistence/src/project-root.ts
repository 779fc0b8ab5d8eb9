import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';

/** The repository root, whether code runs from source or compiled under dist/. */
export const PROJECT_ROOT = findProjectRoot(__dirname);

function findProjectRoot(from: string): string {
  for (let dir = from; ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'package.json')) && existsSync(join(dir, 'seeds'))) return dir;
    if (dirname(dir) === dir)
      throw new Error(`no project root (package.json and seeds/) above ${from}`);
  }
}

/** A folder of seed files: reference data, triage rule sets. */
export function seedsDir(...parts: string[]): string {
  return join(PROJECT_ROOT, 'seeds', ...parts);
}
