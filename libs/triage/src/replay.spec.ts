import { join } from 'node:path';
import { exampleSubmission, type ReferralSubmission } from '@frontdoor/domain';
import { readTriageRuleFiles } from '@frontdoor/persistence';
import { createTriageEngine, type TriageEngine } from './engine';
import type { RuleFileText } from './loader';
import {
  formatReplayReport,
  lostRedFlag,
  replayReferrals,
  ReplayRun,
  type ReplayItem,
} from './replay';

const MINIMAL = join(__dirname, '__fixtures__', 'minimal');
const NOW = new Date('2026-06-01T10:00:00Z');

/** The minimal fixture, with `edit` applied to the text of one file. */
function minimal(edits: Record<string, (text: string) => string> = {}): TriageEngine {
  const files: RuleFileText[] = readTriageRuleFiles(MINIMAL).map(({ file, text }) => ({
    file,
    text: edits[file] ? edits[file](text) : text,
  }));
  return createTriageEngine(files);
}

/** Deletes the rule with this id (its `- id:` line up to the next rule or the end). */
const withoutRule =
  (id: string) =>
  (text: string): string =>
    text.replace(new RegExp(`  - id: ${id}\\n[\\s\\S]*?(?=  - id: |$)`), '');

function submission(clinical: Partial<ReferralSubmission['clinical']> = {}): ReferralSubmission {
  const example = exampleSubmission();
  return { ...example, clinical: { ...example.clinical, ...clinical } };
}

const item = (
  id: string,
  clinical: Partial<ReferralSubmission['clinical']> = {},
  reference: string | undefined = `FD-${id.toUpperCase()}`,
): ReplayItem => ({
  id,
  reference,
  submission: submission(clinical),
  context: { now: NOW, inArea: true },
});

/** A fall (ucr), a high NEWS2 (999), a reported finding (999), and no need at all. */
const ITEMS: ReplayItem[] = [
  item('fall'),
  item('news2', { news2Stated: 8 }),
  item('finding', { redFlagFindings: ['fast_positive'] }),
  item('other', { presentingNeeds: ['long_term_condition_review'] }),
];

describe('replayReferrals', () => {
  const current = minimal();

  it('reports nothing changed, and safe, for an identical rule set', () => {
    const report = replayReferrals(current, minimal(), ITEMS);
    expect(report).toMatchObject({
      current: { name: 'minimal', version: current.version },
      candidate: { name: 'minimal', version: current.version },
      total: 4,
      changed: 0,
      sameOutcomeOtherRules: 0,
      changes: [],
      lostRedFlags: [],
      safe: true,
    });
    expect(report.byPathway).toEqual([
      { code: 'ucr', before: 1, after: 1, delta: 0 },
      { code: 'community_nursing', before: 1, after: 1, delta: 0 },
      { code: 'redirect_999', before: 2, after: 2, delta: 0 },
    ]);
    expect(report.byUrgency).toEqual([
      { code: 'immediate', before: 2, after: 2, delta: 0 },
      { code: '2_hour', before: 1, after: 1, delta: 0 },
      { code: 'routine', before: 1, after: 1, delta: 0 },
    ]);
  });

  it('reports a lost red flag, and the lost 999 route, when a red-flag rule is deleted', () => {
    const candidate = minimal({ 'red-flags.yaml': withoutRule('rf-news2-high') });
    expect(candidate.version).not.toBe(current.version);
    const report = replayReferrals(current, candidate, ITEMS);
    expect(report.safe).toBe(false);
    expect(report.changed).toBe(1);
    expect(report.lostRedFlags).toEqual([
      {
        id: 'news2',
        reference: 'FD-NEWS2',
        lostCodes: ['news2_high'],
        lostRedirect: true,
        before: { pathway: 'redirect_999', urgency: 'immediate' },
        after: { pathway: 'ucr', urgency: '2_hour', clinicianConfirm: false },
      },
    ]);
    const [change] = report.changes;
    expect(change).toMatchObject({
      id: 'news2',
      before: { pathway: 'redirect_999', urgency: 'immediate', redFlags: ['news2_high'] },
      after: { pathway: 'ucr', urgency: '2_hour', redFlags: [] },
    });
    expect(change.rulesOnlyBefore).toEqual(['rf-news2-high', 'engine.red-flags-first']);
    // The urgency stage ran before too (ur-ucr): only the red flag and its 999 step differ.
    expect(change.rulesOnlyAfter).toEqual([]);
    expect(report.byPathway).toContainEqual({
      code: 'redirect_999',
      before: 2,
      after: 1,
      delta: -1,
    });
    expect(report.byPathway).toContainEqual({ code: 'ucr', before: 1, after: 2, delta: 1 });
  });

  it('counts a red-flag code as lost even when a clinician would still confirm', () => {
    const candidate = minimal({ 'red-flags.yaml': withoutRule('rf-any-finding') });
    const report = replayReferrals(current, candidate, ITEMS);
    expect(report.safe).toBe(false);
    expect(report.lostRedFlags).toEqual([
      expect.objectContaining({
        id: 'finding',
        lostCodes: ['reported_finding'],
        lostRedirect: false,
        after: expect.objectContaining({ clinicianConfirm: true }),
      }),
    ]);
  });

  it('is safe when the candidate only adds red flags, and lists who changed', () => {
    const lower = minimal({
      'red-flags.yaml': (text) =>
        text.replace('{ fact: news2Used, gte: 7 }', '{ fact: news2Used, gte: 5 }'),
    });
    const items = [...ITEMS, item('news2-six', { news2Stated: 6 })];
    const report = replayReferrals(current, lower, items);
    expect(report.safe).toBe(true);
    expect(report.changed).toBe(1);
    expect(report.changes[0]).toMatchObject({
      id: 'news2-six',
      reference: 'FD-NEWS2-SIX',
      before: { pathway: 'ucr', urgency: '2_hour', redFlags: [] },
      after: { pathway: 'redirect_999', urgency: 'immediate', redFlags: ['news2_high'] },
      rulesOnlyBefore: [],
      rulesOnlyAfter: ['rf-news2-high', 'engine.red-flags-first'],
    });
    expect(report.byUrgency).toContainEqual({ code: 'immediate', before: 2, after: 3, delta: 1 });
  });

  it('shows a pathway moved by a changed rule, and an outcome reached by renamed rules apart', () => {
    const candidate = minimal({
      'pathways.yaml': (text) =>
        text
          .replace('then: { pathway: ucr }', 'then: { pathway: falls }')
          .replace('pw-fallback', 'pw-anything-else'),
    });
    const report = replayReferrals(current, candidate, ITEMS);
    expect(report.safe).toBe(true);
    expect(report.changes.map((change) => change.id)).toEqual(['fall']);
    expect(report.changes[0]).toMatchObject({
      before: { pathway: 'ucr', urgency: '2_hour' },
      after: { pathway: 'falls', urgency: 'routine' },
      rulesOnlyBefore: ['ur-ucr'],
      rulesOnlyAfter: ['ur-routine'],
    });
    // "other" fell back to community nursing by a rule with a new id; the two red-flag
    // referrals still go to 999/ED, their community pathway (falls) now routine.
    expect(report.sameOutcomeOtherRules).toBe(3);
    expect(report.byPathway).toContainEqual({ code: 'falls', before: 0, after: 1, delta: 1 });
  });

  it('gives the same report a batch at a time', () => {
    const candidate = minimal({ 'red-flags.yaml': withoutRule('rf-news2-high') });
    const run = new ReplayRun(current, candidate);
    run.add(ITEMS.slice(0, 1));
    run.add(ITEMS.slice(1));
    expect(run.report()).toEqual(replayReferrals(current, candidate, ITEMS));
  });

  it('never carries a patient identifier or free text', () => {
    const candidate = minimal({ 'red-flags.yaml': withoutRule('rf-news2-high') });
    const report = replayReferrals(current, candidate, ITEMS);
    const text = `${JSON.stringify(report)}\n${formatReplayReport(report)}`;
    const example = exampleSubmission();
    for (const value of [
      example.patient.nhsNumber,
      example.patient.givenName,
      example.patient.familyName,
      example.patient.dateOfBirth,
      example.patient.postcode,
      example.patient.phone,
      example.referrer.name,
      example.clinical.summary,
    ]) {
      expect(text).not.toContain(String(value));
    }
  });

  it('formats the report for a terminal', () => {
    const candidate = minimal({ 'red-flags.yaml': withoutRule('rf-news2-high') });
    const text = formatReplayReport(replayReferrals(current, candidate, ITEMS));
    expect(text).toContain(`replay: minimal ${current.version} → minimal ${candidate.version}`);
    expect(text).toContain('4 referrals replayed, 1 changed');
    expect(text).toMatch(/redirect_999 +2 +1 +-1/);
    expect(text).toContain('  FD-NEWS2 (news2)');
    expect(text).toContain(
      '    before: redirect_999 immediate red flags [news2_high] flags [data_conflict]',
    );
    expect(text).toContain('    rules only before: rf-news2-high, engine.red-flags-first');
    expect(text).toContain('UNSAFE: 1 referral would lose a red flag:');
    expect(text).toContain(
      'FD-NEWS2 (news2): loses news2_high; no longer sent to 999/ED and no clinician confirms',
    );
    expect(formatReplayReport(replayReferrals(current, minimal(), ITEMS))).toMatch(
      /safe: no red flag would be lost$/,
    );
  });
});

describe('lostRedFlag', () => {
  const decision = (
    pathway: 'redirect_999' | 'ucr',
    urgency: 'immediate' | '2_hour',
    redFlags: string[],
    flags: ('clinician_confirm' | 'respect_in_place')[] = [],
  ) => ({ pathway, urgency, redFlags, flags });

  it('is nothing when the red flags stay and 999/ED stands', () => {
    const before = decision('redirect_999', 'immediate', ['news2_high']);
    expect(lostRedFlag({ id: 'a' }, before, before)).toBeUndefined();
  });

  it('accepts a community route a clinician confirms, with the red flags kept', () => {
    const before = decision('redirect_999', 'immediate', ['news2_high']);
    const after = decision(
      'ucr',
      '2_hour',
      ['news2_high'],
      ['respect_in_place', 'clinician_confirm'],
    );
    expect(lostRedFlag({ id: 'a' }, before, after)).toBeUndefined();
  });

  it('finds a 999 route lost without a clinician, and a red-flag code replaced by another', () => {
    const before = decision('redirect_999', 'immediate', ['news2_high']);
    expect(
      lostRedFlag({ id: 'a' }, before, decision('ucr', '2_hour', ['news2_high'])),
    ).toMatchObject({
      lostCodes: [],
      lostRedirect: true,
    });
    expect(
      lostRedFlag({ id: 'a' }, before, decision('redirect_999', 'immediate', ['news2_very_high'])),
    ).toMatchObject({ lostCodes: ['news2_high'], lostRedirect: false });
  });
});
