import { readdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { parseDocument } from 'yaml';
import {
  CARE_PRIORITIES,
  CONSCIOUSNESS_LEVELS,
  CONSENTS,
  CPR_DECISIONS,
  HOSPITAL_TRANSFER,
  KNOWN_CONDITIONS,
  ONSETS,
  PALLIATIVE_PHASES,
  PATHWAYS,
  PLACES_OF_DEATH,
  PRESENTING_NEEDS,
  RED_FLAG_FINDINGS,
  REFERRAL_FLAGS,
  REFERRER_TYPES,
  SEXES,
  SOFT_SIGNS,
  URGENCIES,
  type Pathway,
  type ReferralFlag,
  type ReferralSubmission,
  type Urgency,
} from '@frontdoor/domain';
import {
  isGpPracticeCode,
  isTestNhsNumber,
  isValidIsoDate,
  isValidNhsNumber,
  isValidOdsCode,
  isValidPostcode,
  NEWS2_PHYSIOLOGICAL_RANGES,
} from '@frontdoor/nhs';
import { createTriageEngine, type TriageDecision, type TriageEngine } from '@frontdoor/triage';
import { PROJECT_ROOT } from '../../../libs/persistence/src/project-root';
import {
  defaultTriageRulesDir,
  readTriageRuleFiles,
} from '../../../libs/persistence/src/seeds/triage-rules';

/**
 * The triage vignette suite (issue 12 item 7): realistic referrals written from the guidance,
 * each with the outcome the policy (docs/triage-policy.md) expects, run through the
 * engine with no database. `loadVignettes` reads and checks the data files;
 * `runVignettes` measures the engine against them; `formatReport` prints the result.
 */

/** The evaluation instant when a vignette gives none (ages are counted on it). */
export const DEFAULT_NOW = '2026-12-01T10:00:00Z';

/** The suite fails below these (issue 12 item 7). */
export const THRESHOLDS = { redFlagRecall: 1, pathway: 0.95, urgency: 0.9 } as const;

/** The least the suite must hold. */
export const MIN_VIGNETTES = 150;

/** Red flags the policy reads from the observations (docs/triage-policy.md). */
export const OBSERVATION_RED_FLAGS = [
  'news2_high',
  'spo2_92_or_less_on_air',
  'hypoxia_despite_oxygen',
  'hypoxia_below_hypercapnic_target',
  'respiratory_rate_25_or_more',
  'respiratory_rate_8_or_less',
  'pulse_over_130',
  'pulse_40_or_less',
  'systolic_bp_90_or_less',
  'reduced_consciousness',
  'new_confusion_with_suspected_infection',
] as const;

/**
 * Every red-flag code of the policy table: the observation ones, the structured fall fields,
 * and the contract's red-flag findings (ticked or written).
 */
export const POLICY_RED_FLAGS = [
  ...new Set([
    ...OBSERVATION_RED_FLAGS,
    'fall_head_strike',
    'fall_loss_of_consciousness',
    'fall_suspected_fracture',
    ...RED_FLAG_FINDINGS,
  ] as const),
];
export type PolicyRedFlag = (typeof POLICY_RED_FLAGS)[number];

/** Summaries are written like real referrals: a sentence or three, not a word, not a letter. */
export const SUMMARY_LENGTH = { min: 100, max: 450 } as const;

export interface VignetteExpectation {
  pathway: Pathway;
  urgency: Urgency;
  /** Codes that must be among the decision's red flags; empty = the decision must raise none. */
  redFlags: PolicyRedFlag[];
  /** Flags that must be present (a subset check). */
  flags: ReferralFlag[];
  /** Flags that must be absent. */
  notFlags: ReferralFlag[];
}

export interface Vignette {
  id: string;
  /** The data file's group (one per file). */
  group: string;
  /** The data file's name, e.g. `red-flags-text.yaml`. */
  file: string;
  /** Why this outcome, citing the guidance. */
  note: string;
  now: Date;
  /** `undefined` = the app cannot tell (treated as in area). */
  inArea: boolean | undefined;
  /**
   * False only for a case the policy covers that the contract's intake would refuse (no NHS
   * number and no date of birth): the engine is still measured on it.
   */
  validAtIntake: boolean;
  submission: ReferralSubmission;
  expect: VignetteExpectation;
}

export interface VignetteFile {
  file: string;
  group: string;
  description: string;
  vignettes: Vignette[];
}

/** A malformed data file: every problem found, each naming the file and the vignette. */
export class VignetteError extends Error {
  constructor(readonly problems: string[]) {
    super(problems.join('\n'));
    this.name = 'VignetteError';
  }
}

// ---------------------------------------------------------------------------------------
// Loading and shape checks
// ---------------------------------------------------------------------------------------

const KEBAB = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

type Plain = Record<string, unknown>;
const isPlain = (value: unknown): value is Plain =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** Collects problems at a path, so one run reports every mistake in a file. */
class Checker {
  readonly problems: string[] = [];
  constructor(private readonly where: string) {}

  fail(path: string, message: string): void {
    this.problems.push(`${this.where}: ${path}: ${message}`);
  }

  object(value: unknown, path: string, keys: readonly string[], required: readonly string[] = []) {
    if (!isPlain(value)) {
      this.fail(path, 'must be a mapping');
      return undefined;
    }
    for (const key of Object.keys(value)) {
      if (!keys.includes(key))
        this.fail(`${path}.${key}`, `unknown field (allowed: ${keys.join(', ')})`);
    }
    for (const key of required) {
      if (value[key] === undefined) this.fail(`${path}.${key}`, 'is required');
    }
    return value;
  }

  string(value: unknown, path: string, test?: (s: string) => boolean, what?: string): void {
    if (value === undefined) return;
    if (typeof value !== 'string' || value.trim() === '')
      this.fail(path, 'must be a non-empty string');
    else if (test && !test(value)) this.fail(path, `must be ${what}; got ${JSON.stringify(value)}`);
  }

  code(value: unknown, path: string, codes: readonly unknown[]): void {
    if (value === undefined) return;
    if (!codes.includes(value))
      this.fail(path, `${JSON.stringify(value)} is not one of: ${codes.join(', ')}`);
  }

  codes(value: unknown, path: string, codes: readonly unknown[], nonEmpty = false): void {
    if (value === undefined) return;
    if (!Array.isArray(value)) return this.fail(path, 'must be a list');
    if (nonEmpty && value.length === 0) this.fail(path, 'must name at least one');
    if (new Set(value).size !== value.length) this.fail(path, 'has a code twice');
    value.forEach((item, index) => this.code(item, `${path}[${index}]`, codes));
  }

  boolean(value: unknown, path: string): void {
    if (value !== undefined && typeof value !== 'boolean') this.fail(path, 'must be true or false');
  }

  number(value: unknown, path: string, min: number, max: number, integer = true): void {
    if (value === undefined) return;
    if (
      typeof value !== 'number' ||
      !Number.isFinite(value) ||
      (integer && !Number.isInteger(value))
    )
      this.fail(path, `must be a${integer ? ' whole' : ''} number`);
    else if (value < min || value > max) this.fail(path, `must be ${min}-${max}; got ${value}`);
  }
}

const R = NEWS2_PHYSIOLOGICAL_RANGES;

function checkSubmission(
  c: Checker,
  value: unknown,
  path: string,
  now: Date,
  validAtIntake: boolean,
) {
  const s = c.object(
    value,
    path,
    ['referrer', 'patient', 'clinical', 'consent'],
    ['referrer', 'patient', 'clinical', 'consent'],
  );
  if (!s) return;
  c.code(s.consent, `${path}.consent`, CONSENTS);

  const referrer = c.object(
    s.referrer,
    `${path}.referrer`,
    ['type', 'organisation', 'name', 'role', 'phone'],
    ['type'],
  );
  if (referrer) {
    c.code(referrer.type, `${path}.referrer.type`, REFERRER_TYPES);
    for (const key of ['name', 'role', 'phone'] as const)
      c.string(referrer[key], `${path}.referrer.${key}`);
    if (referrer.organisation !== undefined) {
      const org = c.object(referrer.organisation, `${path}.referrer.organisation`, [
        'name',
        'odsCode',
      ]);
      c.string(org?.name, `${path}.referrer.organisation.name`);
      c.string(
        org?.odsCode,
        `${path}.referrer.organisation.odsCode`,
        isValidOdsCode,
        'an ODS code',
      );
    }
  }

  const patient = c.object(s.patient, `${path}.patient`, [
    'nhsNumber',
    'givenName',
    'familyName',
    'dateOfBirth',
    'sex',
    'postcode',
    'gpPracticeOdsCode',
    'livesInCareHome',
    'phone',
    'communicationNeeds',
  ]);
  if (patient) {
    const p = `${path}.patient`;
    c.string(
      patient.nhsNumber,
      `${p}.nhsNumber`,
      (n) => isValidNhsNumber(n) && isTestNhsNumber(n),
      'a Modulus 11 valid NHS number in the test range 999 000 0000-999 999 9999',
    );
    c.string(patient.givenName, `${p}.givenName`);
    c.string(patient.familyName, `${p}.familyName`);
    c.string(
      patient.dateOfBirth,
      `${p}.dateOfBirth`,
      (d) => isValidIsoDate(d) && new Date(`${d}T00:00:00Z`) <= now,
      "a real YYYY-MM-DD date, not after the vignette's now",
    );
    c.code(patient.sex, `${p}.sex`, SEXES);
    c.string(
      patient.postcode,
      `${p}.postcode`,
      isValidPostcode,
      'a UK postcode or NHS pseudo-postcode',
    );
    c.string(
      patient.gpPracticeOdsCode,
      `${p}.gpPracticeOdsCode`,
      isGpPracticeCode,
      'a GP practice code',
    );
    c.boolean(patient.livesInCareHome, `${p}.livesInCareHome`);
    c.string(patient.phone, `${p}.phone`);
    c.string(patient.communicationNeeds, `${p}.communicationNeeds`);
    const named =
      patient.givenName !== undefined &&
      patient.familyName !== undefined &&
      patient.dateOfBirth !== undefined;
    if (validAtIntake && patient.nhsNumber === undefined && !named)
      c.fail(
        p,
        'needs an NHS number, or given name, family name and date of birth (or validAtIntake: false)',
      );
  }

  const clinical = c.object(
    s.clinical,
    `${path}.clinical`,
    [
      'summary',
      'presentingNeeds',
      'onset',
      'observations',
      'news2Stated',
      'clinicalFrailtyScale',
      'softSigns',
      'redFlagFindings',
      'fall',
      'endOfLife',
      'respect',
      'knownConditions',
    ],
    ['summary', 'presentingNeeds'],
  );
  if (!clinical) return;
  const k = `${path}.clinical`;
  c.string(
    clinical.summary,
    `${k}.summary`,
    (t) => t.length >= SUMMARY_LENGTH.min && t.length <= SUMMARY_LENGTH.max,
    `${SUMMARY_LENGTH.min}-${SUMMARY_LENGTH.max} characters (it has ${String(clinical.summary).length})`,
  );
  c.codes(clinical.presentingNeeds, `${k}.presentingNeeds`, PRESENTING_NEEDS, true);
  c.code(clinical.onset, `${k}.onset`, ONSETS);
  c.number(clinical.news2Stated, `${k}.news2Stated`, 0, 20);
  c.number(clinical.clinicalFrailtyScale, `${k}.clinicalFrailtyScale`, 1, 9);
  c.codes(clinical.softSigns, `${k}.softSigns`, SOFT_SIGNS);
  c.codes(clinical.redFlagFindings, `${k}.redFlagFindings`, RED_FLAG_FINDINGS);
  c.codes(clinical.knownConditions, `${k}.knownConditions`, KNOWN_CONDITIONS);
  if (clinical.observations !== undefined) {
    const o = c.object(clinical.observations, `${k}.observations`, [
      'respiratoryRate',
      'spo2',
      'spo2Scale',
      'hypercapnicTargetDocumented',
      'onOxygen',
      'systolicBp',
      'pulse',
      'consciousness',
      'temperature',
    ]);
    if (o) {
      const ob = `${k}.observations`;
      c.number(
        o.respiratoryRate,
        `${ob}.respiratoryRate`,
        R.respiratoryRate.min,
        R.respiratoryRate.max,
      );
      c.number(o.spo2, `${ob}.spo2`, R.spo2.min, R.spo2.max);
      c.code(o.spo2Scale, `${ob}.spo2Scale`, [1, 2]);
      c.boolean(o.hypercapnicTargetDocumented, `${ob}.hypercapnicTargetDocumented`);
      c.boolean(o.onOxygen, `${ob}.onOxygen`);
      c.number(o.systolicBp, `${ob}.systolicBp`, R.systolicBp.min, R.systolicBp.max);
      c.number(o.pulse, `${ob}.pulse`, R.pulse.min, R.pulse.max);
      c.code(o.consciousness, `${ob}.consciousness`, CONSCIOUSNESS_LEVELS);
      c.number(o.temperature, `${ob}.temperature`, R.temperature.min, R.temperature.max, false);
    }
  }
  if (clinical.fall !== undefined && clinical.fall !== null) {
    const f = c.object(clinical.fall, `${k}.fall`, [
      'headStrike',
      'lossOfConsciousness',
      'suspectedFracture',
      'unableToGetUp',
      'longLieMinutes',
    ]);
    if (f) {
      for (const key of ['headStrike', 'lossOfConsciousness', 'suspectedFracture', 'unableToGetUp'])
        c.boolean(f[key], `${k}.fall.${key}`);
      c.number(f.longLieMinutes, `${k}.fall.longLieMinutes`, 0, 10_080);
    }
  }
  if (clinical.endOfLife !== undefined && clinical.endOfLife !== null) {
    const e = c.object(clinical.endOfLife, `${k}.endOfLife`, [
      'phase',
      'onEndOfLifeRegister',
      'syringeDriverNeeded',
      'anticipatoryMedicinesInPlace',
      'preferredPlaceOfDeath',
    ]);
    if (e) {
      c.code(e.phase, `${k}.endOfLife.phase`, PALLIATIVE_PHASES);
      for (const key of [
        'onEndOfLifeRegister',
        'syringeDriverNeeded',
        'anticipatoryMedicinesInPlace',
      ])
        c.boolean(e[key], `${k}.endOfLife.${key}`);
      c.code(e.preferredPlaceOfDeath, `${k}.endOfLife.preferredPlaceOfDeath`, PLACES_OF_DEATH);
    }
  }
  if (clinical.respect !== undefined && clinical.respect !== null) {
    const r = c.object(
      clinical.respect,
      `${k}.respect`,
      ['present', 'cpr', 'carePriority', 'hospitalTransfer'],
      ['present'],
    );
    if (r) {
      c.boolean(r.present, `${k}.respect.present`);
      c.code(r.cpr, `${k}.respect.cpr`, CPR_DECISIONS);
      c.code(r.carePriority, `${k}.respect.carePriority`, CARE_PRIORITIES);
      c.code(r.hospitalTransfer, `${k}.respect.hospitalTransfer`, HOSPITAL_TRANSFER);
    }
  }
}

function checkExpectation(c: Checker, value: unknown, path: string): void {
  const e = c.object(
    value,
    path,
    ['pathway', 'urgency', 'redFlags', 'flags', 'notFlags'],
    ['pathway', 'urgency', 'redFlags', 'flags'],
  );
  if (!e) return;
  c.code(e.pathway, `${path}.pathway`, PATHWAYS);
  c.code(e.urgency, `${path}.urgency`, URGENCIES);
  c.codes(e.redFlags, `${path}.redFlags`, POLICY_RED_FLAGS);
  c.codes(e.flags, `${path}.flags`, REFERRAL_FLAGS);
  c.codes(e.notFlags, `${path}.notFlags`, REFERRAL_FLAGS);
  if (Array.isArray(e.flags) && Array.isArray(e.notFlags)) {
    for (const flag of e.flags as unknown[])
      if ((e.notFlags as unknown[]).includes(flag))
        c.fail(`${path}.notFlags`, `${String(flag)} is also in flags`);
  }
  if ((e.pathway === 'redirect_999') !== (e.urgency === 'immediate'))
    c.fail(path, 'redirect_999 goes with immediate, and only with it');
}

/** Reads and checks one data file; throws VignetteError listing every problem. */
export function loadVignetteFile(path: string): VignetteFile {
  const file = basename(path);
  const document = parseDocument(readFileSync(path, 'utf8'), {
    prettyErrors: true,
    uniqueKeys: true,
  });
  if (document.errors.length > 0)
    throw new VignetteError(document.errors.map((error) => `${file}: YAML: ${error.message}`));
  const data: unknown = document.toJS();
  const top = new Checker(file);
  const root = top.object(
    data,
    '(file)',
    ['group', 'description', 'vignettes'],
    ['group', 'description', 'vignettes'],
  );
  if (!root) throw new VignetteError(top.problems);
  top.string(root.group, 'group', (g) => KEBAB.test(g), 'kebab-case');
  top.string(root.description, 'description');
  if (!Array.isArray(root.vignettes) || root.vignettes.length === 0) {
    top.fail('vignettes', 'must be a non-empty list');
    throw new VignetteError(top.problems);
  }
  const group = String(root.group);
  const problems = [...top.problems];
  const vignettes: Vignette[] = [];
  const seen = new Set<string>();
  root.vignettes.forEach((raw: unknown, index) => {
    const id = isPlain(raw) && typeof raw.id === 'string' ? raw.id : `#${index + 1}`;
    const c = new Checker(`${file}: vignette ${id}`);
    const v = c.object(
      raw,
      `vignettes[${index}]`,
      ['id', 'note', 'now', 'inArea', 'validAtIntake', 'submission', 'expect'],
      ['id', 'note', 'submission', 'expect'],
    );
    if (v) {
      c.string(v.id, 'id', (s) => KEBAB.test(s), 'kebab-case');
      if (typeof v.id === 'string') {
        if (seen.has(v.id)) c.fail('id', 'is used twice in this file');
        seen.add(v.id);
      }
      c.string(
        v.note,
        'note',
        (n) => n.length >= 30,
        'a note of at least 30 characters saying why',
      );
      let now = new Date(DEFAULT_NOW);
      if (v.now !== undefined) {
        const parsed = typeof v.now === 'string' ? new Date(v.now) : new Date(NaN);
        if (typeof v.now !== 'string' || Number.isNaN(parsed.getTime()))
          c.fail('now', 'must be an ISO date-time string');
        else now = parsed;
      }
      c.code(v.inArea, 'inArea', [true, false, 'unknown']);
      c.boolean(v.validAtIntake, 'validAtIntake');
      const validAtIntake = v.validAtIntake !== false;
      checkSubmission(c, v.submission, 'submission', now, validAtIntake);
      checkExpectation(c, v.expect, 'expect');
      if (c.problems.length === 0) {
        const expect = v.expect as Plain;
        vignettes.push({
          id: v.id as string,
          group,
          file,
          note: v.note as string,
          now,
          inArea:
            v.inArea === undefined
              ? true
              : v.inArea === 'unknown'
                ? undefined
                : (v.inArea as boolean),
          validAtIntake,
          submission: v.submission as ReferralSubmission,
          expect: {
            pathway: expect.pathway as Pathway,
            urgency: expect.urgency as Urgency,
            redFlags: expect.redFlags as PolicyRedFlag[],
            flags: expect.flags as ReferralFlag[],
            notFlags: (expect.notFlags as ReferralFlag[] | undefined) ?? [],
          },
        });
      }
    }
    problems.push(...c.problems);
  });
  if (problems.length > 0) throw new VignetteError(problems);
  return { file, group, description: String(root.description), vignettes };
}

/** The data files of a folder (`*.yaml`, sorted). */
export function vignetteFiles(dir: string): string[] {
  return readdirSync(dir)
    .filter((name) => /\.ya?ml$/.test(name))
    .sort()
    .map((name) => join(dir, name));
}

/** Every vignette of every data file in `dir`; throws VignetteError on any malformed file or duplicate id. */
export function loadVignettes(dir: string): Vignette[] {
  const problems: string[] = [];
  const all: Vignette[] = [];
  const where = new Map<string, string>();
  const groups = new Map<string, string>();
  for (const path of vignetteFiles(dir)) {
    try {
      const loaded = loadVignetteFile(path);
      const other = groups.get(loaded.group);
      if (other)
        problems.push(`${loaded.file}: group: ${loaded.group} is also the group of ${other}`);
      groups.set(loaded.group, loaded.file);
      for (const vignette of loaded.vignettes) {
        const first = where.get(vignette.id);
        if (first)
          problems.push(
            `${vignette.file}: vignette ${vignette.id}: id: duplicate id (also in ${first})`,
          );
        else where.set(vignette.id, vignette.file);
        all.push(vignette);
      }
    } catch (error) {
      if (!(error instanceof VignetteError)) throw error;
      problems.push(...error.problems);
    }
  }
  if (problems.length > 0) throw new VignetteError(problems);
  if (all.length === 0) throw new VignetteError([`${dir}: no vignettes (*.yaml)`]);
  return all;
}

/** The folder of the suite's data files (from source or compiled under dist/). */
export const VIGNETTES_DIR = join(PROJECT_ROOT, 'test', 'triage', 'vignettes');

/**
 * The engine the apps run: the default rule set of seeds/triage (or `rulesDir`). The file
 * readers are imported by path: the @frontdoor/persistence index pulls in TypeORM.
 */
export function loadEngine(rulesDir: string = defaultTriageRulesDir()): TriageEngine {
  return createTriageEngine(readTriageRuleFiles(rulesDir));
}

// ---------------------------------------------------------------------------------------
// Running and measuring
// ---------------------------------------------------------------------------------------

export interface Check<T> {
  pass: boolean;
  expected: T;
  actual: T | null;
}

export interface VignetteResult {
  id: string;
  group: string;
  file: string;
  note: string;
  pass: boolean;
  pathway: Check<Pathway>;
  urgency: Check<Urgency>;
  redFlags: {
    pass: boolean;
    expected: readonly string[];
    actual: readonly string[];
    /** Expected codes the decision did not raise. */
    missing: string[];
  };
  flags: {
    pass: boolean;
    expected: readonly ReferralFlag[];
    notExpected: readonly ReferralFlag[];
    actual: readonly ReferralFlag[];
    missing: ReferralFlag[];
    unwanted: ReferralFlag[];
  };
  /** The rules that fired, as `ruleId: text`. */
  reasons: string[];
  /** Set when the engine threw on the vignette (every check then fails). */
  error?: string;
}

export interface Agreement {
  agreed: number;
  total: number;
  /** agreed / total (1 when total is 0). */
  rate: number;
}

export interface VignetteMetrics {
  vignettes: number;
  /** Expected red-flag codes the engine raised / expected red-flag codes. */
  redFlagRecall: Agreement;
  /** Vignettes expecting no red flag that raised none / vignettes expecting none. */
  redFlagSpecificity: Agreement;
  pathway: Agreement;
  urgency: Agreement;
  /** Vignettes whose expected flags were all present and unwanted flags all absent. */
  flags: Agreement;
  /** Vignettes passing every check. */
  allChecks: Agreement;
}

export interface GroupMetrics {
  group: string;
  file: string;
  vignettes: number;
  passed: number;
  redFlagRecall: Agreement;
  pathway: Agreement;
  urgency: Agreement;
  flags: Agreement;
}

export interface VignetteReport {
  ruleSetVersion: string;
  results: VignetteResult[];
  metrics: VignetteMetrics;
  groups: GroupMetrics[];
  /** Thresholds not met, in words; empty when the suite passes. */
  failures: string[];
}

const agreement = (agreed: number, total: number): Agreement => ({
  agreed,
  total,
  rate: total === 0 ? 1 : agreed / total,
});

function evaluateOne(engine: TriageEngine, vignette: Vignette): VignetteResult {
  const { expect } = vignette;
  let decision: TriageDecision | undefined;
  let error: string | undefined;
  try {
    decision = engine.evaluate(vignette.submission, { now: vignette.now, inArea: vignette.inArea });
  } catch (thrown) {
    error = thrown instanceof Error ? thrown.message : String(thrown);
  }
  const actualRedFlags = decision ? [...new Set(decision.redFlags.map((flag) => flag.code))] : [];
  const actualFlags = decision ? [...decision.flags] : [];
  const missingRedFlags = expect.redFlags.filter((code) => !actualRedFlags.includes(code));
  const redFlagsPass =
    decision !== undefined &&
    (expect.redFlags.length === 0 ? actualRedFlags.length === 0 : missingRedFlags.length === 0);
  const missingFlags = expect.flags.filter((flag) => !actualFlags.includes(flag));
  const unwanted = expect.notFlags.filter((flag) => actualFlags.includes(flag));
  const flagsPass = decision !== undefined && missingFlags.length === 0 && unwanted.length === 0;
  const pathway: Check<Pathway> = {
    pass: decision?.pathway === expect.pathway,
    expected: expect.pathway,
    actual: decision?.pathway ?? null,
  };
  const urgency: Check<Urgency> = {
    pass: decision?.urgency === expect.urgency,
    expected: expect.urgency,
    actual: decision?.urgency ?? null,
  };
  return {
    id: vignette.id,
    group: vignette.group,
    file: vignette.file,
    note: vignette.note,
    pass: pathway.pass && urgency.pass && redFlagsPass && flagsPass,
    pathway,
    urgency,
    redFlags: {
      pass: redFlagsPass,
      expected: expect.redFlags,
      actual: actualRedFlags,
      missing: decision ? missingRedFlags : [...expect.redFlags],
    },
    flags: {
      pass: flagsPass,
      expected: expect.flags,
      notExpected: expect.notFlags,
      actual: actualFlags,
      missing: decision ? missingFlags : [...expect.flags],
      unwanted,
    },
    reasons: decision ? decision.reasons.map((reason) => `${reason.ruleId}: ${reason.text}`) : [],
    ...(error === undefined ? {} : { error }),
  };
}

function measure(results: readonly VignetteResult[]) {
  const expectedCodes = results.reduce((sum, r) => sum + r.redFlags.expected.length, 0);
  const foundCodes = results.reduce(
    (sum, r) => sum + r.redFlags.expected.length - r.redFlags.missing.length,
    0,
  );
  const none = results.filter((r) => r.redFlags.expected.length === 0);
  return {
    redFlagRecall: agreement(foundCodes, expectedCodes),
    redFlagSpecificity: agreement(none.filter((r) => r.redFlags.pass).length, none.length),
    pathway: agreement(results.filter((r) => r.pathway.pass).length, results.length),
    urgency: agreement(results.filter((r) => r.urgency.pass).length, results.length),
    flags: agreement(results.filter((r) => r.flags.pass).length, results.length),
    allChecks: agreement(results.filter((r) => r.pass).length, results.length),
  };
}

/** Runs every vignette through the engine and measures agreement with the expectations. */
export function runVignettes(engine: TriageEngine, vignettes: readonly Vignette[]): VignetteReport {
  const results = vignettes.map((vignette) => evaluateOne(engine, vignette));
  const metrics: VignetteMetrics = { vignettes: results.length, ...measure(results) };
  const groups: GroupMetrics[] = [];
  for (const group of [...new Set(results.map((r) => r.group))]) {
    const members = results.filter((r) => r.group === group);
    const m = measure(members);
    groups.push({
      group,
      file: members[0].file,
      vignettes: members.length,
      passed: m.allChecks.agreed,
      redFlagRecall: m.redFlagRecall,
      pathway: m.pathway,
      urgency: m.urgency,
      flags: m.flags,
    });
  }
  const failures: string[] = [];
  const below = (name: string, value: Agreement, threshold: number) => {
    if (value.rate < threshold)
      failures.push(
        `${name} ${percent(value)} (${value.agreed}/${value.total}) is below ${threshold * 100}%`,
      );
  };
  below('red-flag recall', metrics.redFlagRecall, THRESHOLDS.redFlagRecall);
  below('pathway agreement', metrics.pathway, THRESHOLDS.pathway);
  below('urgency agreement', metrics.urgency, THRESHOLDS.urgency);
  if (results.length < MIN_VIGNETTES)
    failures.push(`only ${results.length} vignettes (at least ${MIN_VIGNETTES})`);
  return { ruleSetVersion: engine.version, results, metrics, groups, failures };
}

// ---------------------------------------------------------------------------------------
// Reporting
// ---------------------------------------------------------------------------------------

export function percent(value: Agreement): string {
  return `${(value.rate * 100).toFixed(1)}%`;
}

const list = (codes: readonly string[]) => (codes.length === 0 ? '(none)' : codes.join(', '));

/** One disagreement, as lines: what was expected, what the engine said, and why. */
export function formatDisagreement(result: VignetteResult, withReasons = true): string[] {
  const lines = [`${result.id} (${result.file})`];
  if (result.error) lines.push(`  engine threw: ${result.error}`);
  if (!result.pathway.pass)
    lines.push(
      `  pathway: expected ${result.pathway.expected}, got ${result.pathway.actual ?? '-'}`,
    );
  if (!result.urgency.pass)
    lines.push(
      `  urgency: expected ${result.urgency.expected}, got ${result.urgency.actual ?? '-'}`,
    );
  if (!result.redFlags.pass)
    lines.push(
      result.redFlags.expected.length === 0
        ? `  red flags: expected none, got ${list(result.redFlags.actual)}`
        : `  red flags: expected ${list(result.redFlags.expected)}, missing ${list(result.redFlags.missing)} (got ${list(result.redFlags.actual)})`,
    );
  if (!result.flags.pass) {
    const parts = [];
    if (result.flags.missing.length > 0) parts.push(`missing ${list(result.flags.missing)}`);
    if (result.flags.unwanted.length > 0) parts.push(`unwanted ${list(result.flags.unwanted)}`);
    lines.push(`  flags: ${parts.join('; ')} (got ${list(result.flags.actual)})`);
  }
  if (withReasons)
    lines.push(
      `  rules: ${result.reasons.length === 0 ? '(none)' : result.reasons.map((r) => r.split(':')[0]).join(', ')}`,
    );
  return lines;
}

/** The whole report as lines: the metrics, a table by group, then every disagreement. */
export function formatReport(report: VignetteReport): string[] {
  const { metrics } = report;
  const row = (cells: string[], widths: number[]) =>
    cells
      .map((cell, i) => (i === 0 ? cell.padEnd(widths[i]) : cell.padStart(widths[i])))
      .join('  ');
  const lines = [
    `triage:vignettes: ${metrics.vignettes} vignettes in ${report.groups.length} files, rule set ${report.ruleSetVersion}`,
    '',
  ];
  const metricRows: [string, Agreement, string][] = [
    ['red-flag recall', metrics.redFlagRecall, `≥ ${THRESHOLDS.redFlagRecall * 100}%`],
    ['red-flag specificity', metrics.redFlagSpecificity, ''],
    ['pathway agreement', metrics.pathway, `≥ ${THRESHOLDS.pathway * 100}%`],
    ['urgency agreement', metrics.urgency, `≥ ${THRESHOLDS.urgency * 100}%`],
    ['flag agreement', metrics.flags, ''],
    ['all checks', metrics.allChecks, ''],
  ];
  const mw = [22, 8, 9, 10];
  lines.push(row(['metric', 'value', 'count', 'threshold'], mw));
  for (const [name, value, threshold] of metricRows)
    lines.push(row([name, percent(value), `${value.agreed}/${value.total}`, threshold || '-'], mw));
  lines.push('');
  const gw = [26, 10, 8, 12, 9, 9, 9];
  lines.push(row(['group', 'vignettes', 'passed', 'red flags', 'pathway', 'urgency', 'flags'], gw));
  for (const g of report.groups)
    lines.push(
      row(
        [
          g.group,
          String(g.vignettes),
          String(g.passed),
          g.redFlagRecall.total === 0 ? '-' : `${g.redFlagRecall.agreed}/${g.redFlagRecall.total}`,
          `${g.pathway.agreed}/${g.pathway.total}`,
          `${g.urgency.agreed}/${g.urgency.total}`,
          `${g.flags.agreed}/${g.flags.total}`,
        ],
        gw,
      ),
    );
  const disagreements = report.results.filter((r) => !r.pass);
  lines.push('', `${disagreements.length} disagreement${disagreements.length === 1 ? '' : 's'}:`);
  for (const result of disagreements) lines.push(...formatDisagreement(result));
  lines.push(
    '',
    report.failures.length === 0
      ? 'ok: every threshold met'
      : `FAIL: ${report.failures.join('; ')}`,
  );
  return lines;
}
