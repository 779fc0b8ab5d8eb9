import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import {
  formatReport,
  loadEngine,
  loadVignettes,
  runVignettes,
  VIGNETTES_DIR,
  VignetteError,
} from '../test/triage/vignettes/run-vignettes';

const USAGE =
  'npm run triage:vignettes [-- --rules <rule-set folder>] [--dir <vignettes folder>] [--json]';

/**
 * `npm run triage:vignettes`: runs the vignette suite of test/triage/vignettes (issue 12 item
 * 7) through the triage engine, with no database, and prints the metrics (red-flag recall and
 * specificity, pathway, urgency and flag agreement), a table by group, then every
 * disagreement with what was expected, what the engine said and the rules that fired.
 * Exit code 1 below 100% red-flag recall, 95% pathway or 90% urgency agreement.
 */
export function runTriageVignettes(
  args: readonly string[],
  out: (line: string) => void = (line) => console.log(line),
): number {
  const { values } = parseArgs({
    args: [...args],
    options: {
      rules: { type: 'string' },
      dir: { type: 'string' },
      json: { type: 'boolean', default: false },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) {
    out(USAGE);
    return 0;
  }
  let vignettes;
  try {
    vignettes = loadVignettes(values.dir === undefined ? VIGNETTES_DIR : resolve(values.dir));
  } catch (error) {
    if (!(error instanceof VignetteError)) throw error;
    out('triage:vignettes: malformed vignettes:');
    for (const problem of error.problems) out(`  ${problem}`);
    return 1;
  }
  const engine = loadEngine(values.rules === undefined ? undefined : resolve(values.rules));
  const report = runVignettes(engine, vignettes);
  if (values.json) out(JSON.stringify(report, null, 2));
  else for (const line of formatReport(report)) out(line);
  return report.failures.length === 0 ? 0 : 1;
}

if (require.main === module) {
  try {
    process.exitCode = runTriageVignettes(process.argv.slice(2));
  } catch (error) {
    console.error(
      `triage:vignettes: failed: ${error instanceof Error ? error.message : String(error)}`,
    );
    process.exitCode = 1;
  }
}
