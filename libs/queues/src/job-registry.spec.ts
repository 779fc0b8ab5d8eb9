import { checkJobHandlers, JobRegistryError } from './job-registry';
import { JOB_NAMES } from './jobs';

describe('checkJobHandlers', () => {
  const declared = ['triage.referral', 'clock.check'];

  it('accepts exactly one handler per declared job', () => {
    expect(() => checkJobHandlers(['clock.check', 'triage.referral'], declared)).not.toThrow();
  });

  it('names a job with no handler', () => {
    expect(() => checkJobHandlers(['triage.referral'], declared)).toThrow(
      'job "clock.check" has no handler',
    );
  });

  it('names a job with two handlers', () => {
    expect(() =>
      checkJobHandlers(['triage.referral', 'clock.check', 'clock.check'], declared),
    ).toThrow('job "clock.check" has 2 handlers');
  });

  it('names a handler for a job nobody declared, and reports every problem at once', () => {
    let error: unknown;
    try {
      checkJobHandlers(['triage.referral', 'triage.referral', 'old.job'], declared);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(JobRegistryError);
    expect((error as JobRegistryError).problems).toEqual([
      'job "triage.referral" has 2 handlers',
      'job "clock.check" has no handler',
      'a handler claims undeclared job "old.job"',
    ]);
  });

  it('checks against the real job map by default', () => {
    expect(() => checkJobHandlers([...JOB_NAMES])).not.toThrow();
    expect(() => checkJobHandlers([])).toThrow(JobRegistryError);
  });
});
