import { Writable } from 'node:stream';
import pino from 'pino';
import { baseLoggerOptions } from './logger.options';

function capture(): { logger: pino.Logger; lines: () => string } {
  const chunks: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      chunks.push(chunk.toString());
      done();
    },
  });
  return { logger: pino(baseLoggerOptions('test', 'info'), stream), lines: () => chunks.join('') };
}

describe('log redaction', () => {
  it('keeps NHS numbers, names and dates of birth out of log lines at any depth', () => {
    const { logger, lines } = capture();
    logger.info(
      {
        nhsNumber: '9990000018',
        body: { patient: { givenName: 'Ada', familyName: 'Lovelace', dateOfBirth: '1938-04-02' } },
        job: { data: { referral: { nhsNumber: '9990000026', name: 'Grace Hopper' } } },
        referralId: 'f1c8c0de-0000-4000-8000-000000000000',
      },
      'referral received',
    );
    const output = lines();
    for (const identifier of [
      '9990000018',
      '9990000026',
      'Ada',
      'Lovelace',
      '1938-04-02',
      'Grace',
    ]) {
      expect(output).not.toContain(identifier);
    }
    expect(output).toContain('f1c8c0de-0000-4000-8000-000000000000');
    expect(output).toContain('[redacted]');
  });

  it('keeps credentials and break-glass reasons out of request logs', () => {
    const { logger, lines } = capture();
    logger.info({
      req: {
        headers: {
          authorization: 'Bearer secret-token',
          'x-api-key': 'key-123',
          'x-break-glass-reason': 'Ada Lovelace fell again',
        },
      },
    });
    expect(lines()).not.toMatch(/secret-token|key-123|Lovelace/);
  });
});

describe('error serializer', () => {
  it('drops a database error detail, which can hold the failing row', () => {
    const { logger, lines } = capture();
    const error = Object.assign(new Error('new row violates check constraint'), {
      code: '23514',
      detail: 'Failing row contains (9990000018, Ada, Lovelace).',
    });
    logger.error({ err: error }, 'insert failed');
    expect(lines()).toContain('23514');
    expect(lines()).not.toContain('Failing row');
  });
});
