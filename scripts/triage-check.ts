import { existsSync, statSync } from 'node:fs';
import { relative, resolve } from 'node:path';
import { defaultTriageRulesDir, readTriageRuleFiles } from '@frontdoor/persistence';
import {
  checkRuleSet,
  FACTS,
  FACT_NAMES,
  OPERATORS_BY_TYPE,
  formatFinding,
  formatProblem,
  loadRuleSet,
  RULE_FILE_SCHEMA,
  RuleSetError,
  STAGES,
} from '@frontdoor/triage';

/**
 * `npm run triage:check [-- <folder>] [--strict] [--schema] [--facts]`: validates a triage rule set the
 * way the app does at start-up (schema, cross-file checks), then reports rules that can never
 * fire, shadowed rules, redundant flags rules, uncovered red-flag findings and pathways, and
 * uncited sources. Exit code 1 on any error (and, with --strict, on any warning).
 * `--schema` prints the JSON Schema of a rule file for editors; `--facts` the fact table of
 * docs/triage.md.
 */

/** Runs the check; returns the exit code. Output goes to `out` (lines without newlines). */
export function runTriageCheck(
  args: readonly string[],
  out: (line: string) => void = (line) => console.log(line),
): number {
  if (args.includes('--schema')) {
    out(JSON.stringify(RULE_FILE_SCHEMA, null, 2));
    return 0;
  }
  if (args.includes('--facts')) {
    out('| fact | kind | operators | meaning |');
    out('| --- | --- | --- | --- |');
    for (const name of FACT_NAMES) {
      const spec = FACTS[name];
      const kind =
        spec.type === 'number'
          ? `number ${spec.min}-${spec.max}${spec.integer ? ', whole' : ''}`
          : spec.type === 'code' || spec.type === 'set'
            ? `${spec.type} of ${spec.codes.length > 8 ? `${spec.codes.length} codes` : spec.codes.join(', ')}`
            : spec.alwaysKnown
              ? 'boolean, always known'
              : 'boolean';
      const from = 'from' in spec ? ` (${spec.from} stage on)` : '';
      out(
        `| \`${name}\` | ${kind} | ${OPERATORS_BY_TYPE[spec.type].join(', ')} | ${spec.description}${from} |`,
      );
    }
    return 0;
  }
  const strict = args.includes('--strict');
  const folderArg = args.find((arg) => !arg.startsWith('--'));
  const dir = folderArg === undefined ? defaultTriageRulesDir() : resolve(folderArg);
  const shown = relative(process.cwd(), dir) || '.';
  if (!existsSync(dir) || !statSync(dir).isDirectory()) {
    out(`triage:check: ${shown}: no such folder`);
    return 1;
  }

  let ruleSet;
  try {
    ruleSet = loadRuleSet(readTriageRuleFiles(dir));
  } catch (error) {
    if (!(error instanceof RuleSetError)) throw error;
    out(`triage:check: ${shown}: invalid, the app would refuse to start:`);
    for (const problem of error.problems) out(`  error: ${formatProblem(problem)}`);
    out(`${error.problems.length} error${error.problems.length === 1 ? '' : 's'}`);
    return 1;
  }

  out(
    `triage:check: ${shown}: ${ruleSet.name} ${ruleSet.version}, ${ruleSet.rules.length} rules in ${ruleSet.files.length} files`,
  );
  for (const stage of STAGES) {
    const files = ruleSet.files.filter((file) => file.stage === stage);
    const count = files.reduce((sum, file) => sum + file.rules, 0);
    if (files.length > 0) {
      out(
        `  ${stage.padEnd(12)} ${String(count).padStart(3)} rules  ${files.map((f) => f.file).join(', ')}`,
      );
    }
  }
  const findings = checkRuleSet(ruleSet);
  for (const finding of findings) out(`  ${formatFinding(finding)}`);
  const errors = findings.filter((finding) => finding.severity === 'error').length;
  const warnings = findings.length - errors;
  out(
    errors === 0 && warnings === 0
      ? 'ok: valid, every rule can fire, none is shadowed'
      : `${errors} error${errors === 1 ? '' : 's'}, ${warnings} warning${warnings === 1 ? '' : 's'}`,
  );
  return errors > 0 || (strict && warnings > 0) ? 1 : 0;
}

if (require.main === module) {
  try {
    process.exitCode = runTriageCheck(process.argv.slice(2));
  } catch (error) {
    console.error(
      `triage:check: failed: ${error instanceof Error ? error.message : String(error)}`,
    );
    process.exitCode = 1;
  }
}
