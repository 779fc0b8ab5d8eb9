import { validateDischarge } from './validate-discharge';

const valid = () => ({
  version: 4,
  outcome: 'stepped_down_to_gp',
  summary: {
    reasonForReferral: 'Fall at home',
    pathways: ['ucr'],
    whatWasDone: 'Assessed; therapy at home',
    medicinesChanges: [],
    advanceCarePlan: { respect: 'discussed' },
    informationGiven: 'Leaflet given',
  },
  gpActions: [],
});

const fields = (plain: unknown) => {
  const check = validateDischarge(plain);
  return check.ok ? [] : check.errors.map((error) => error.field);
};

describe('validateDischarge', () => {
  it('accepts a complete body, ignoring the action version; gpActions may be empty', () => {
    const check = validateDischarge(valid());
    expect(check.ok).toBe(true);
    expect(check.ok && check.body.gpActions).toEqual([]);
  });

  it('requires outcome, summary and gpActions (present, even if empty)', () => {
    expect([...new Set(fields({ version: 1 }))]).toEqual(['outcome', 'summary', 'gpActions']);
  });

  it('refuses unknown codes and unknown fields at every level', () => {
    const body = valid();
    Object.assign(body, { outcome: 'cured', extra: true });
    Object.assign(body.summary, { pathways: ['ucr', 'nowhere'], colour: 'red' });
    Object.assign(body.summary.advanceCarePlan, { respect: 'maybe' });
    body.summary.medicinesChanges = [
      { medicine: 'Aspirin', change: 'paused', reason: 'x', dose: 1 } as never,
    ];
    expect(fields(body).sort()).toEqual(
      [
        'extra',
        'outcome',
        'summary.advanceCarePlan.respect',
        'summary.colour',
        'summary.medicinesChanges.0.change',
        'summary.medicinesChanges.0.dose',
        'summary.pathways',
      ].sort(),
    );
  });

  it('bounds every text and refuses blank ones', () => {
    const body = valid();
    body.summary.whatWasDone = 'x'.repeat(4_001);
    body.summary.informationGiven = '   ';
    (body as { gpActions: string[] }).gpActions = ['y'.repeat(501)];
    expect(fields(body).sort()).toEqual(
      ['gpActions', 'summary.informationGiven', 'summary.whatWasDone'].sort(),
    );
  });

  it('never repeats the values in its messages', () => {
    const body = valid();
    body.summary.reasonForReferral = 'x'.repeat(2_001);
    const check = validateDischarge(body);
    expect(JSON.stringify(check)).not.toContain('xxxx');
  });

  it('refuses a body that is not an object', () => {
    expect(fields([])).toEqual(['(body)']);
  });
});
