import type { ReferralSubmission } from '@frontdoor/domain';
import { deriveFacts } from './derive';
import { factValue, FACT_NAMES, factsAvailableIn } from './fact-table';
import type { TriageContext } from './facts';

const CONTEXT: TriageContext = { now: new Date('2026-06-01T23:30:00Z'), inArea: undefined };

function facts(
  clinical: Partial<ReferralSubmission['clinical']> = {},
  patient: ReferralSubmission['patient'] = {},
) {
  return deriveFacts(
    {
      referrer: { type: 'care_home' },
      patient,
      clinical: { summary: 'x', presentingNeeds: ['fall', 'other'], ...clinical },
      consent: 'best_interests',
    },
    CONTEXT,
  );
}

const COMPLETE = {
  respiratoryRate: 18,
  spo2: 96,
  spo2Scale: 1 as const,
  onOxygen: false,
  systolicBp: 134,
  pulse: 84,
  consciousness: 'A' as const,
  temperature: 36.8,
};

describe('deriving facts', () => {
  it('leaves everything not given unknown, and sets empty', () => {
    const f = facts();
    for (const name of [
      'age',
      'news2.total',
      'news2.stated',
      'news2Used',
      'cfs',
      'observations.pulse',
    ] as const) {
      expect(factValue(f, name)).toBeUndefined();
    }
    expect(factValue(f, 'news2.complete')).toBe(false);
    expect(factValue(f, 'news2Conflict')).toBe(false);
    expect(factValue(f, 'needs')).toEqual(['fall', 'other']);
    expect(factValue(f, 'softSigns')).toEqual([]);
    expect(factValue(f, 'inArea')).toBeUndefined();
    expect(factValue(f, 'patient.hasNhsNumber')).toBe(false);
    expect(factValue(f, 'referrer.type')).toBe('care_home');
  });

  it('counts age in completed years on the UTC date of evaluation', () => {
    expect(factValue(facts({}, { dateOfBirth: '1938-06-01' }), 'age')).toBe(88);
    expect(factValue(facts({}, { dateOfBirth: '1938-06-02' }), 'age')).toBe(87);
    expect(factValue(facts({}, { dateOfBirth: 'not a date' }), 'age')).toBeUndefined();
  });

  it('computes NEWS2 from a complete set of observations', () => {
    const f = facts({ observations: COMPLETE, news2Stated: 0 });
    expect([f.news2Total, f.news2Complete, f.news2Used, f.news2Conflict, f.news2Band]).toEqual([
      0,
      true,
      0,
      false,
      'low',
    ]);
  });

  it('treats an incomplete NEWS2 as a lower bound: a stated score above it is no conflict, below it is', () => {
    const partial = { respiratoryRate: 26, pulse: 120 }; // 3 + 2
    expect(facts({ observations: partial, news2Stated: 7 })).toMatchObject({
      news2Total: 5,
      news2Complete: false,
      news2Used: 7,
      news2Conflict: false,
      news2HighestSingle: 3,
      news2Band: 'high',
    });
    expect(facts({ observations: partial, news2Stated: 3 })).toMatchObject({
      news2Used: 5,
      news2Conflict: true,
      news2Band: 'medium',
    });
  });

  it('uses SpO2 Scale 2 only when stated with a documented hypercapnic target', () => {
    expect(
      facts({ observations: { ...COMPLETE, spo2: 89, spo2Scale: undefined } }).news2Total,
    ).toBe(3);
    expect(facts({ observations: { ...COMPLETE, spo2: 89, spo2Scale: 2 } }).news2Total).toBe(3);
    const documented = { ...COMPLETE, spo2: 89, spo2Scale: 2 as const };
    expect(
      facts({ observations: { ...documented, hypercapnicTargetDocumented: true } }).news2Total,
    ).toBe(0);
  });

  it('marks a red-flag finding outside the code list, and ignores other unknown codes', () => {
    const f = facts({
      redFlagFindings: ['head_injury', 'made_up' as never],
      presentingNeeds: ['fall', 'made_up' as never],
    });
    expect(factValue(f, 'redFlagFindings')).toEqual(['head_injury']);
    expect(f.unrecognisedRedFlagFinding).toBe(true);
    expect(factValue(f, 'needs')).toEqual(['fall']);
  });

  it('reads a ReSPECT plan only when it is present', () => {
    const plan = { hospitalTransfer: 'not_for_transfer' as const, cpr: 'do_not_attempt' as const };
    expect(
      factValue(facts({ respect: { present: true, ...plan } }), 'respect.hospitalTransfer'),
    ).toBe('not_for_transfer');
    expect(
      factValue(facts({ respect: { present: false, ...plan } }), 'respect.hospitalTransfer'),
    ).toBeUndefined();
  });

  it('offers pathway from the urgency stage and urgency from the flags stage', () => {
    expect(factsAvailableIn('pathway')).not.toContain('pathway');
    expect(factsAvailableIn('urgency')).toContain('pathway');
    expect(factsAvailableIn('urgency')).not.toContain('urgency');
    expect(factsAvailableIn('routing')).toEqual(FACT_NAMES);
  });
});
