import { TEAM_PATHWAYS, type ReferralSubmission } from '@frontdoor/domain';
import { scoreNews2 } from '@frontdoor/nhs';
import { defaultTriageRulesDir, readTriageRuleFiles } from '@frontdoor/persistence';
import { compileRuleSet, ENGINE_REASONS, type TriageDecision } from './engine';
import { loadRuleSet } from './loader';
import { URGENCY_RANK } from './rule-set';
import {
  seededRandom,
  syntheticReferral,
  syntheticReferrals,
  type SyntheticReferral,
} from './synthetic';

/**
 * Safety properties of the engine with the default rule set, checked on generated referrals
 * (seeded, so a failure is reproducible: the message names the seed and index).
 */

const ruleSet = loadRuleSet(readTriageRuleFiles(defaultTriageRulesDir()));
const triage = compileRuleSet(ruleSet);
const SEED = 20_260_601;
const COUNT = 20_000;
const cases: (SyntheticReferral & { decision: TriageDecision })[] = syntheticReferrals(
  COUNT,
  SEED,
).map((referral) => ({
  ...referral,
  decision: triage.evaluate(referral.submission, referral.context),
}));

const COMMUNITY: ReadonlySet<string> = new Set([...TEAM_PATHWAYS, 'transfer_out']);
const RULE_IDS = new Set([
  ...ruleSet.rules.map((rule) => rule.id),
  ...Object.values(ENGINE_REASONS).map((reason) => reason.ruleId),
]);

/** Fails with the first counterexample, named by seed and index. */
function forAll(property: (c: (typeof cases)[number]) => boolean | string): void {
  cases.forEach((c, index) => {
    const verdict = property(c);
    if (verdict !== true) {
      throw new Error(
        `property fails for synthetic referral ${index} of seed ${SEED}${typeof verdict === 'string' ? `: ${verdict}` : ''}\n` +
          `${JSON.stringify({ submission: c.submission, context: c.context, decision: c.decision }, null, 2)}`,
      );
    }
  });
}

const notForTransfer = (s: ReferralSubmission): boolean =>
  s.clinical.respect?.present === true &&
  s.clinical.respect.hospitalTransfer === 'not_for_transfer';

describe('safety properties on generated referrals (default rule set)', () => {
  it('generates a varied set: red flags, ReSPECT conflicts, children, out-of-area and every pathway', () => {
    const redFlagged = cases.filter((c) => c.decision.redFlags.length > 0);
    expect(redFlagged.length).toBeGreaterThan(COUNT / 10);
    expect(redFlagged.filter((c) => notForTransfer(c.submission)).length).toBeGreaterThan(100);
    const pathways = new Set(cases.map((c) => c.decision.pathway));
    expect(pathways.size).toBe(17);
  });

  it('no red-flag referral is ever routed to a community pathway without clinician_confirm', () => {
    forAll(({ decision }) => {
      if (decision.redFlags.length === 0) return true;
      if (decision.pathway === 'redirect_999') return decision.urgency === 'immediate';
      return (
        COMMUNITY.has(decision.pathway) &&
        decision.flags.includes('clinician_confirm') &&
        decision.urgency === '2_hour'
      );
    });
  });

  it('a red flag leaves 999/ED only under a ReSPECT plan not for transfer, and then says so', () => {
    forAll(({ submission, decision }) => {
      if (decision.redFlags.length === 0 || decision.pathway === 'redirect_999') return true;
      return (
        notForTransfer(submission) &&
        decision.flags.includes('respect_in_place') &&
        decision.reasons.some(
          (reason) => reason.ruleId === ENGINE_REASONS.respectNotForTransfer.ruleId,
        )
      );
    });
  });

  it('only red flags send a referral to 999/ED or make it immediate', () => {
    forAll(
      ({ decision }) =>
        decision.redFlags.length > 0 ||
        (decision.pathway !== 'redirect_999' && decision.urgency !== 'immediate'),
    );
  });

  it('every red flag is explained by the rule that raised it, most severe first', () => {
    forAll(({ decision }) => {
      const reasonIds = new Set(decision.reasons.map((reason) => reason.ruleId));
      const severities = decision.redFlags.map((flag) => flag.severity);
      return (
        decision.redFlags.every((flag) => reasonIds.has(flag.ruleId)) &&
        severities.every((severity, i) => i === 0 || severities[i - 1] >= severity)
      );
    });
  });

  it('a reported red-flag finding is never ignored', () => {
    forAll(
      ({ submission, decision }) =>
        (submission.clinical.redFlagFindings ?? []).length === 0 ||
        decision.redFlags.length > 0 ||
        decision.flags.includes('clinician_confirm'),
    );
  });

  it('NEWS2 is recomputed from the observations; the higher of stated and computed is used; a disagreement raises data_conflict', () => {
    forAll(({ submission, decision }) => {
      const { observations, news2Stated } = submission.clinical;
      // Scale 2 only with a documented hypercapnic target (the text can document it too).
      const facts = triage.deriveFacts(submission, { now: new Date(), inArea: undefined });
      const scale = facts.spo2Scale === 2 ? 2 : 1;
      const measured = observations ? scoreNews2({ ...observations, spo2Scale: scale }) : undefined;
      const computed = measured && measured.parameters.length > 0 ? measured.total : null;
      const stated = news2Stated ?? null;
      const used =
        computed === null ? stated : stated === null ? computed : Math.max(computed, stated);
      if (decision.news2.computed !== computed || decision.news2.used !== used) {
        return `news2 ${JSON.stringify(decision.news2)} expected computed ${computed} used ${used}`;
      }
      const conflict =
        computed !== null &&
        stated !== null &&
        (measured?.complete ? computed !== stated : stated < computed);
      return !conflict || decision.flags.includes('data_conflict');
    });
  });

  it('a NEWS2 of 7 or more (stated or computed) is always a red flag', () => {
    forAll(
      ({ decision }) =>
        (decision.news2.used ?? 0) < 7 ||
        decision.redFlags.some((flag) => flag.code === 'news2_high'),
    );
  });

  it('under-18s always get the children’s pathway as their community pathway (a red flag or out-of-area routing may still send them on)', () => {
    forAll(({ submission, context, decision }) => {
      const facts = triage.deriveFacts(submission, context);
      if (!(facts.age < 18)) return true;
      return decision.communityPathway === 'cyp_community_nursing';
    });
  });

  it('out-of-area referrals are accepted and flagged out_of_area: transferred when they can wait, seen here at 2 hours when they cannot (or sent to 999); unknown area counts as in area', () => {
    forAll(({ context, decision }) => {
      if (context.inArea !== false) return !decision.flags.includes('out_of_area');
      return (
        decision.flags.includes('out_of_area') &&
        (decision.pathway === 'transfer_out'
          ? decision.urgency !== '2_hour'
          : decision.pathway === 'redirect_999' || decision.urgency === '2_hour')
      );
    });
  });

  it('every decision carries the rule-set version and explains itself with known rules, titles and sources', () => {
    forAll(
      ({ decision }) =>
        decision.ruleSetVersion === ruleSet.version &&
        decision.reasons.length > 0 &&
        decision.reasons.every(
          (reason) =>
            RULE_IDS.has(reason.ruleId) && reason.text.length > 0 && reason.source.length > 0,
        ),
    );
  });

  it('adding a red-flag finding never lowers the urgency and always ends at 999/ED or a clinician', () => {
    const random = seededRandom(SEED + 1);
    for (let i = 0; i < 2_000; i += 1) {
      const { submission, context } = syntheticReferral(random);
      const before = triage.evaluate(submission, context);
      const worse: ReferralSubmission = {
        ...submission,
        clinical: {
          ...submission.clinical,
          redFlagFindings: [...(submission.clinical.redFlagFindings ?? []), 'severe_bleeding'],
        },
      };
      const after = triage.evaluate(worse, context);
      expect(URGENCY_RANK[after.urgency]).toBeLessThanOrEqual(URGENCY_RANK[before.urgency]);
      expect(after.redFlags.length).toBeGreaterThan(0);
      expect(after.pathway === 'redirect_999' || after.flags.includes('clinician_confirm')).toBe(
        true,
      );
    }
  });

  it('is deterministic', () => {
    forAll(({ submission, context, decision }) => {
      const again = triage.evaluate(submission, context);
      return JSON.stringify(again) === JSON.stringify(decision);
    });
  });
});
