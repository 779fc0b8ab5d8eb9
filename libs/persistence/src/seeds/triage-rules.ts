import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { seedsDir } from '../project-root';

/** The triage rule set the apps load unless TRIAGE_RULES_DIR names another. */
export const defaultTriageRulesDir = (): string => seedsDir('triage');

/** Every YAML file of a rule-set folder, as `{ file, text }` for libs/triage's loader. */
export function readTriageRuleFiles(dir: string): { file: string; text: string }[] {
  return readdirSync(dir)
    .filter((file) => /\.ya?ml$/.test(file))
    .sort()
    .map((file) => ({ file, text: readFileSync(join(dir, file), 'utf8') }));
}
