import 'reflect-metadata';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { PATHWAYS, RED_FLAG_FINDINGS } from '@frontdoor/domain';
import { validateSubmission } from '../../apps/api/src/referrals/validate-submission';
import {
  formatDisagreement,
  loadEngine,
  loadVignetteFile,
  loadVignettes,
  MIN_VIGNETTES,
  OBSERVATION_RED_FLAGS,
  percent,
  POLICY_RED_FLAGS,
  runVignettes,
  THRESHOLDS,
  VIGNETTES_DIR,
  vignetteFiles,
  VignetteError,
  type Vignette,
} from './vignettes/run-vignettes';

/**
 * The triage vignette suite (issue 12 item 7): realistic referrals written from the policy
 * (docs/triage-policy.md) and the guidance, run through the engine with no database.
 * `npm run triage:vignettes` prints the same report in full.
 */

const expected = (vignettes: readonly Vignette[]) =>
  new Set(vignettes.flatMap((vignette) => vignette.expect.redFlags));

describe('triage vignettes', () => {
  describe('data files', () => {
    it.each(vignetteFiles(VIGNETTES_DIR).map((path) => [basename(path), path]))(
      '%s loads: well formed, valid codes, unique ids',
      (_name, path) => {
        const file = loadVignetteFile(path);
        expect(file.vignettes.length).toBeGreaterThan(0);
      },
    );

    it(`hold at least ${MIN_VIGNETTES} vignettes covering every pathway and every red-flag code of the policy`, () => {
      const vignettes = loadVignettes(VIGNETTES_DIR);
      expect(vignettes.length).toBeGreaterThanOrEqual(MIN_VIGNETTES);
      const pathways = new Set(vignettes.map((vignette) => vignette.expect.pathway));
      expect(PATHWAYS.filter((pathway) => !pathways.has(pathway))).toEqual([]);
      const redFlags = expected(vignettes);
      expect(POLICY_RED_FLAGS.filter((code) => !redFlags.has(code))).toEqual([]);
    });

    it('state every reported red flag in text only and every observation red flag in observations only', () => {
      const vignettes = loadVignettes(VIGNETTES_DIR);
      const text = vignettes.filter((vignette) => vignette.group === 'red-flags-text');
      for (const vignette of text) {
        expect([vignette.id, vignette.submission.clinical.redFlagFindings ?? []]).toEqual([
          vignette.id,
          [],
        ]);
      }
      expect(RED_FLAG_FINDINGS.filter((code) => !expected(text).has(code))).toEqual([]);

      const observations = vignettes.filter(
        (vignette) => vignette.group === 'red-flags-observations',
      );
      for (const { id, submission } of observations) {
        const { redFlagFindings, fall, observations: obs } = submission.clinical;
        expect([id, redFlagFindings ?? [], fall ?? null, obs !== undefined]).toEqual([
          id,
          [],
          null,
          true,
        ]);
      }
      expect(OBSERVATION_RED_FLAGS.filter((code) => !expected(observations).has(code))).toEqual([]);
    });

    it('are valid submissions at intake (the contract), except those marked validAtIntake: false', () => {
      const invalid = loadVignettes(VIGNETTES_DIR)
        .filter((vignette) => vignette.validAtIntake)
        .map((vignette) => {
          const check = validateSubmission(vignette.submission);
          return check.ok
            ? null
            : `${vignette.file} ${vignette.id}: ${check.errors.map((e) => `${e.field} ${e.message}`).join('; ')}`;
        })
        .filter((problem) => problem !== null);
      expect(invalid).toEqual([]);
    });
  });

  describe('loader', () => {
    let dir: string;
    beforeEach(() => {
      dir = mkdtempSync(join(tmpdir(), 'vignettes-'));
    });
    afterEach(() => rmSync(dir, { recursive: true, force: true }));

    const vignette = (id: string, pathway = 'ucr') => `
  - id: ${id}
    note: A note long enough to say why, citing the guidance [S1].
    submission:
      referrer: { type: gp }
      patient: { nhsNumber: '9990000018' }
      clinical:
        summary: ${'Fell at home this morning, no head strike, cannot get up, lives alone, needs help today. '.repeat(2)}
        presentingNeeds: [fall]
      consent: patient_consented
    expect: { pathway: ${pathway}, urgency: 2_hour, redFlags: [], flags: [] }`;

    const problems = (): string[] => {
      try {
        loadVignettes(dir);
      } catch (error) {
        if (error instanceof VignetteError) return error.problems;
        throw error;
      }
      return [];
    };

    it('names the file, the vignette and the field of a malformed vignette', () => {
      writeFileSync(
        join(dir, 'broken.yaml'),
        `group: broken\ndescription: d\nvignettes:${vignette('good-one')}${vignette('bad-one', 'ucrr')}`,
      );
      expect(problems()).toEqual([
        expect.stringMatching(
          /^broken\.yaml: vignette bad-one: expect\.pathway: "ucrr" is not one of/,
        ),
      ]);
    });

    it('refuses a duplicate id across files', () => {
      writeFileSync(
        join(dir, 'a.yaml'),
        `group: a\ndescription: d\nvignettes:${vignette('same-id')}`,
      );
      writeFileSync(
        join(dir, 'b.yaml'),
        `group: b\ndescription: d\nvignettes:${vignette('same-id')}`,
      );
      expect(problems()).toEqual(['b.yaml: vignette same-id: id: duplicate id (also in a.yaml)']);
    });
  });

  describe('the engine on the suite', () => {
    it(`red-flag recall is ${THRESHOLDS.redFlagRecall * 100}%, pathway agreement ≥ ${THRESHOLDS.pathway * 100}%, urgency agreement ≥ ${THRESHOLDS.urgency * 100}%`, () => {
      const report = runVignettes(loadEngine(), loadVignettes(VIGNETTES_DIR));
      const { metrics } = report;
      const failing = report.results.filter(
        (result) => !result.redFlags.pass || !result.pathway.pass || !result.urgency.pass,
      );
      const message = [
        `rule set ${report.ruleSetVersion}: red-flag recall ${percent(metrics.redFlagRecall)}, pathway ${percent(metrics.pathway)}, urgency ${percent(metrics.urgency)} over ${metrics.vignettes} vignettes`,
        ...report.failures,
        `${failing.length} failing vignettes (npm run triage:vignettes for the full report):`,
        ...failing.flatMap((result) => formatDisagreement(result)),
      ].join('\n');
      if (report.failures.length > 0) throw new Error(message);
      expect(metrics.redFlagRecall.rate).toBeGreaterThanOrEqual(THRESHOLDS.redFlagRecall);
      expect(metrics.pathway.rate).toBeGreaterThanOrEqual(THRESHOLDS.pathway);
      expect(metrics.urgency.rate).toBeGreaterThanOrEqual(THRESHOLDS.urgency);
    });
  });
});
