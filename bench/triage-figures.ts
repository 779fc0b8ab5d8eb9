import { performance } from 'node:perf_hooks';
import {
  compileRuleSet,
  loadRuleSet,
  syntheticReferrals,
  type SyntheticReferral,
} from '@frontdoor/triage';
import { defaultTriageRulesDir, readTriageRuleFiles } from '@frontdoor/persistence';
import { baselineOf } from './baselines';
import { JsonRulesTriage } from './json-rules-triage';
import { figure, log as benchLog, round, type BaselineRef } from './report';
import type { FigureSource } from './run';

/**
 * Triage throughput: the compiled engine against json-rules-engine evaluating the same default
 * rules on the same synthetic referrals in the same process, one core each, explanations
 * included. Every referral carries a realistic summary of about 400 characters, which the
 * engine reads with the lexicon (negation-aware); the same engine without its lexicon gives
 * the figure from before text was read. json-rules-engine starts from the facts the engine
 * derives (text read, NEWS2 recomputed, age, sets): the comparison is the rule evaluation and
 * the decision. Before timing, every referral's decision from json-rules-engine is checked to
 * be identical to the compiled engine's, so the two really evaluate the same rules.
 *
 * Run alone (no database needed): `node dist/bench/triage-figures.js` or
 * `npx ts-node --transpile-only -r tsconfig-paths/register bench/triage-figures.ts`.
 */

export interface TriageMeasurement {
  rules: number;
  ruleSetVersion: string;
  referrals: number;
  /** Mean summary length, characters. */
  summaryCharacters: number;
  /** Referrals/s of the compiled engine, text read, facts derived, explanations built, one core. */
  engineReferralsPerSecond: number;
  /** The same engine without its lexicon (free text not read): the figure before issue 12. */
  engineWithoutTextReferralsPerSecond: number;
  /** The same on facts already derived: the rules, decision and explanations alone. */
  engineRulesOnlyReferralsPerSecond: number;
  /** Referrals/s of json-rules-engine on the same rules and facts, one core. */
  jsonRulesEngineReferralsPerSecond: number;
  /** Share of the referrals with a red flag: the mix is varied, not all easy cases. */
  redFlagShare: number;
}

/** Runs `step` over the referrals round-robin for `seconds` after a warm-up; returns per second. */
function rateOf(seconds: number, step: (index: number) => void): number {
  const warmUntil = performance.now() + Math.min(1000, seconds * 200);
  let index = 0;
  while (performance.now() < warmUntil) for (let i = 0; i < 500; i += 1) step(index++);
  const started = performance.now();
  const until = started + seconds * 1000;
  let done = 0;
  while (performance.now() < until) {
    for (let i = 0; i < 1000; i += 1) step(index++);
    done += 1000;
  }
  return done / ((performance.now() - started) / 1000);
}

async function asyncRateOf(
  seconds: number,
  step: (index: number) => Promise<void>,
): Promise<number> {
  const warmUntil = performance.now() + Math.min(1000, seconds * 200);
  let index = 0;
  while (performance.now() < warmUntil) await step(index++);
  const started = performance.now();
  const until = started + seconds * 1000;
  let done = 0;
  while (performance.now() < until) {
    for (let i = 0; i < 20; i += 1) await step(index++);
    done += 20;
  }
  return done / ((performance.now() - started) / 1000);
}

export async function measureTriage(
  seconds: number,
  log: (message: string) => void = benchLog,
): Promise<TriageMeasurement> {
  const ruleSet = loadRuleSet(readTriageRuleFiles(defaultTriageRulesDir()));
  const engine = compileRuleSet(ruleSet);
  const withoutText = compileRuleSet({ ...ruleSet, lexicon: { terms: [], cues: [] } });
  const jsonRules = new JsonRulesTriage(ruleSet);
  // As the worker gets them: parsed from JSON (the referral's jsonb columns).
  const referrals: SyntheticReferral[] = syntheticReferrals(2000, 20_260_601).map((referral) => ({
    submission: JSON.parse(JSON.stringify(referral.submission)) as SyntheticReferral['submission'],
    context: referral.context,
  }));

  log(`triage: checking json-rules-engine agrees with the engine on ${referrals.length} referrals`);
  let redFlagged = 0;
  for (const [index, { submission, context }] of referrals.entries()) {
    const ours = engine.evaluate(submission, context);
    const theirs = await jsonRules.evaluateFacts(engine.deriveFacts(submission, context));
    if (JSON.stringify(ours) !== JSON.stringify(theirs)) {
      throw new Error(
        `triage bench: json-rules-engine disagrees on referral ${index}:\n${JSON.stringify({ ours, theirs })}`,
      );
    }
    if (ours.redFlags.length > 0) redFlagged += 1;
  }

  const count = referrals.length;
  let sink = 0;
  log(`triage: compiled engine, ${ruleSet.rules.length} rules, ${seconds} s`);
  const engineRate = rateOf(seconds, (index) => {
    const { submission, context } = referrals[index % count];
    sink += engine.evaluate(submission, context).reasons.length;
  });
  log(`triage: the same engine without its lexicon (text not read), ${seconds} s`);
  const withoutTextRate = rateOf(seconds, (index) => {
    const { submission, context } = referrals[index % count];
    sink += withoutText.evaluate(submission, context).reasons.length;
  });
  const derived = referrals.map(({ submission, context }) =>
    engine.deriveFacts(submission, context),
  );
  log(`triage: compiled engine on facts already derived, ${seconds} s`);
  const rulesOnlyRate = rateOf(seconds, (index) => {
    // Safe to re-evaluate: the engine only sets pathway and urgency, before any rule reads them.
    sink += engine.evaluateFacts(derived[index % count]).reasons.length;
  });
  log(`triage: json-rules-engine, same rules, ${seconds} s`);
  const jsonRulesRate = await asyncRateOf(seconds, async (index) => {
    const { submission, context } = referrals[index % count];
    sink += (await jsonRules.evaluateFacts(engine.deriveFacts(submission, context))).reasons.length;
  });
  if (sink === 0) throw new Error('triage bench: no reasons produced');
  return {
    rules: ruleSet.rules.length,
    ruleSetVersion: ruleSet.version,
    referrals: count,
    summaryCharacters: round(
      referrals.reduce((sum, { submission }) => sum + submission.clinical.summary.length, 0) /
        count,
      0,
    ),
    engineReferralsPerSecond: round(engineRate, 0),
    engineWithoutTextReferralsPerSecond: round(withoutTextRate, 0),
    engineRulesOnlyReferralsPerSecond: round(rulesOnlyRate, 0),
    jsonRulesEngineReferralsPerSecond: round(jsonRulesRate, 1),
    redFlagShare: round(redFlagged / count, 3),
  };
}

/** The triage figures for `npm run bench` (add to FIGURES in bench/figures.ts). */
export const triageFigures: FigureSource = async ({ baselines, settings, log }) => {
  const measured = await measureTriage(settings.seconds, log);
  const jsonRulesEngine: BaselineRef = {
    name: `json-rules-engine.referralsPerSecond (same ${measured.rules} rules, same run)`,
    value: measured.jsonRulesEngineReferralsPerSecond,
  };
  const pg = baselineOf(baselines, 'pgTransaction', 'transactionsPerSecond');
  const withoutText: BaselineRef = {
    name: 'the same engine without its lexicon (text not read, the figure before issue 12)',
    value: measured.engineWithoutTextReferralsPerSecond,
  };
  return [
    figure(
      `triage engine reading ${measured.summaryCharacters}-character summaries vs without text reading`,
      measured.engineReferralsPerSecond,
      'referrals/s',
      withoutText,
    ),
    figure(
      `triage engine vs json-rules-engine (${measured.rules} rules, text read, explanations, one core)`,
      measured.engineReferralsPerSecond,
      'referrals/s',
      jsonRulesEngine,
    ),
    figure(
      'triage engine vs json-rules-engine, rules only (facts already derived)',
      measured.engineRulesOnlyReferralsPerSecond,
      'referrals/s',
      jsonRulesEngine,
    ),
    figure(
      'triage engine referrals/s (compiled)',
      measured.engineReferralsPerSecond,
      'referrals/s',
      pg,
    ),
    figure(
      'json-rules-engine referrals/s (same rules and facts)',
      measured.jsonRulesEngineReferralsPerSecond,
      'referrals/s',
      pg,
    ),
  ];
};

if (require.main === module) {
  const seconds = Number(process.env.BENCH_SECONDS ?? 5);
  measureTriage(seconds).then(
    (measured) => {
      process.stdout.write(
        `${JSON.stringify(
          {
            ...measured,
            ratio: round(
              measured.engineReferralsPerSecond / measured.jsonRulesEngineReferralsPerSecond,
              1,
            ),
          },
          null,
          2,
        )}\n`,
      );
    },
    (error: unknown) => {
      benchLog(
        `failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`,
      );
      process.exitCode = 1;
    },
  );
}
