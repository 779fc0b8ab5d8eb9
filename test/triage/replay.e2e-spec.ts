/**
 * Replay before any rule change: POST /api/v1/triage/replay over stored referrals, and
 * `triage:replay` (scripts/triage-replay.ts) on a file and on the database, each comparing the
 * default rule set with a candidate.
 */
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseDocument, type YAMLMap, type YAMLSeq } from 'yaml';
import type { ReferralSubmission } from '@frontdoor/domain';
import { defaultTriageRulesDir, PROJECT_ROOT, readTriageRuleFiles } from '@frontdoor/persistence';
import type { ReplayReport } from '@frontdoor/triage';
import { admin, bearer, coordinator, referrer } from '../support/auth';
import { startApiContext, type ApiContext } from '../support/context';
import { newSubmission, TEST_NHS } from '../support/factories';
import { postJson } from '../support/http';

const NEWS2_RULE = 'rf-news2-7-or-more';
type RuleFile = { file: string; text: string };
type Answer = ReplayReport & { missingReferralIds?: string[] };

/** The default rule set, as the api would be sent it. */
const defaultFiles = (): RuleFile[] => readTriageRuleFiles(defaultTriageRulesDir());

/** The default rule set without one rule (found by id in whichever file holds it). */
function withoutRule(id: string): RuleFile[] {
  let found = false;
  const files = defaultFiles().map(({ file, text }) => {
    const doc = parseDocument(text);
    const rules = doc.get('rules') as YAMLSeq<YAMLMap> | undefined;
    const index = rules?.items.findIndex((rule) => rule.get('id') === id) ?? -1;
    if (index < 0) return { file, text };
    found = true;
    rules!.delete(index);
    return { file, text: doc.toString() };
  });
  if (!found) throw new Error(`no rule ${id} in the default rule set`);
  return files;
}

/** Normal observations but a stated NEWS2 of 8: the NEWS2 red flag alone. */
const news2High = (): ReferralSubmission =>
  newSubmission({ patient: { nhsNumber: TEST_NHS[1] }, clinical: { news2Stated: 8 } });
const fall = (): ReferralSubmission => newSubmission({ patient: { nhsNumber: TEST_NHS[0] } });
const headStrike = (): ReferralSubmission =>
  newSubmission({
    patient: { nhsNumber: TEST_NHS[2] },
    clinical: {
      fall: {
        headStrike: true,
        lossOfConsciousness: false,
        suspectedFracture: false,
        unableToGetUp: true,
      },
    },
  });

describe('POST /api/v1/triage/replay', () => {
  let context: ApiContext;
  let asAdmin: Record<string, string>;
  const ids: Record<'fall' | 'news2' | 'headStrike', { id: string; reference: string }> =
    {} as never;

  const replay = (body: unknown, headers: Record<string, string> = asAdmin) =>
    postJson<Answer>(`${context.api.url}/api/v1/triage/replay`, body, headers);

  beforeAll(async () => {
    context = await startApiContext();
    asAdmin = await bearer(context.config, admin);
    const careHome = await bearer(context.config, referrer('VNA12'));
    for (const [name, submission] of [
      ['fall', fall()],
      ['news2', news2High()],
      ['headStrike', headStrike()],
    ] as const) {
      const response = await postJson<{ id: string; reference: string }>(
        `${context.api.url}/api/v1/referrals`,
        submission,
        careHome,
      );
      expect(response.status).toBe(201);
      ids[name] = { id: response.body.id, reference: response.body.reference };
    }
  });
  afterAll(async () => {
    await context.close();
  });

  it('finds nothing changed, and safe, replaying the running rule set', async () => {
    const response = await replay({ files: defaultFiles() });
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({
      total: 3,
      changed: 0,
      changes: [],
      lostRedFlags: [],
      safe: true,
    });
    expect(response.body.current.version).toBe(response.body.candidate.version);
    expect(response.body.byPathway).toContainEqual({
      code: 'redirect_999',
      before: 2,
      after: 2,
      delta: 0,
    });
  });

  it('reports the red flag a candidate without the NEWS2 rule would lose, and audits each read', async () => {
    const response = await replay({ files: withoutRule(NEWS2_RULE) });
    expect(response.status).toBe(200);
    const report = response.body;
    expect(report.safe).toBe(false);
    expect(report.changed).toBe(1);
    expect(report.current.version).not.toBe(report.candidate.version);
    expect(report.lostRedFlags).toEqual([
      expect.objectContaining({
        id: ids.news2.id,
        reference: ids.news2.reference,
        lostCodes: ['news2_high'],
        before: { pathway: 'redirect_999', urgency: 'immediate' },
      }),
    ]);
    expect(report.changes[0]).toMatchObject({
      id: ids.news2.id,
      before: { pathway: 'redirect_999', redFlags: ['news2_high'] },
      rulesOnlyBefore: expect.arrayContaining([NEWS2_RULE]),
    });
    // Ids, references and codes only: nothing that names the patient.
    for (const value of ['Lovelace', 'Ada', TEST_NHS[1], '1938-04-02', 'ME7 1AA', 'Slid from']) {
      expect(response.text).not.toContain(value);
    }

    const audit = await context.database.dataSource.query<
      { permission: string; actor_id: string; referral_id: string | null; detail: object }[]
    >(
      `SELECT permission, actor_id, referral_id, detail FROM audit_events
       WHERE request_id = $1 ORDER BY id`,
      [response.headers.get('x-request-id')],
    );
    expect(audit.map((row) => [row.permission, row.actor_id])).toEqual(
      Array(4).fill(['triage.replay', admin.id]),
    );
    expect(audit[0]).toMatchObject({
      referral_id: null,
      detail: { limit: 500, candidateVersion: report.candidate.version },
    });
    expect(
      audit
        .slice(1)
        .map((row) => row.referral_id)
        .sort(),
    ).toEqual(
      Object.values(ids)
        .map((referral) => referral.id)
        .sort(),
    );
  });

  it('replays only the referrals asked for, and says which it could not find', async () => {
    const unknown = '00000000-0000-4000-8000-000000000000';
    const response = await replay({
      files: withoutRule(NEWS2_RULE),
      referralIds: [ids.fall.id, ids.headStrike.id, unknown],
    });
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({
      total: 2,
      changed: 0,
      safe: true,
      missingReferralIds: [unknown],
    });
    const since = await replay({ files: defaultFiles(), since: '2999-01-01T00:00:00Z' });
    expect(since.body).toMatchObject({ total: 0, safe: true });
    const limited = await replay({ files: defaultFiles(), limit: 1 });
    expect(limited.body.total).toBe(1);
  });

  it('is for admins only', async () => {
    for (const person of [coordinator, referrer('VNA12')]) {
      const response = await replay(
        { files: defaultFiles() },
        await bearer(context.config, person),
      );
      expect(response.status).toBe(403);
    }
  });

  it('answers a malformed body with 400 and every invalid field', async () => {
    const response = await replay({
      files: [{ file: '../etc/passwd', text: 1 }],
      referralIds: ['not-a-uuid'],
      since: 'yesterday',
      limit: 5001,
      extra: true,
    });
    expect(response.status).toBe(400);
    expect(response.body).toMatchObject({ statusCode: 400, error: 'Bad Request' });
    const fields = (response.body as unknown as { details: { field: string }[] }).details.map(
      (detail) => detail.field,
    );
    expect(new Set(fields)).toEqual(
      new Set(['files.0.file', 'files.0.text', 'referralIds', 'since', 'limit', 'extra']),
    );
    const noFiles = await replay({ files: [] });
    expect(noFiles.status).toBe(400);
    const twice = await replay({ files: [...defaultFiles(), defaultFiles()[0]] });
    expect(twice.status).toBe(400);
  });

  it('answers a broken candidate rule set with 422 and every problem, replaying nothing', async () => {
    const files = defaultFiles().map(({ file, text }) =>
      file === 'red-flags.yaml'
        ? { file, text: text.replace('news2Used', 'news2Usd') }
        : { file, text },
    );
    const [{ count: before }] = await context.database.dataSource.query<{ count: string }[]>(
      `SELECT count(*) FROM audit_events WHERE permission = 'triage.replay'`,
    );
    const response = await replay({
      files: [...files, { file: 'stray.yaml', text: 'stage: flags\n' }],
    });
    expect(response.status).toBe(422);
    const body = response.body as unknown as {
      message: string;
      details: { field: string; file: string; line?: number; message: string }[];
    };
    expect(body.message).toMatch(/candidate rule set is invalid/);
    const redFlagsIndex = files.findIndex((file) => file.file === 'red-flags.yaml');
    expect(body.details).toContainEqual(
      expect.objectContaining({
        field: `files.${redFlagsIndex}.text`,
        file: 'red-flags.yaml',
        line: expect.any(Number),
        message: expect.stringMatching(/unknown fact "news2Usd"/),
      }),
    );
    expect(body.details).toContainEqual(expect.objectContaining({ file: 'stray.yaml' }));
    const [{ count: after }] = await context.database.dataSource.query<{ count: string }[]>(
      `SELECT count(*) FROM audit_events WHERE permission = 'triage.replay'`,
    );
    expect(after).toBe(before);
  });
});

/** Runs scripts/triage-replay.ts as `npm run triage:replay` would, from the sources. */
function runCli(
  args: string[],
  env: Record<string, string | undefined> = {},
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      join(PROJECT_ROOT, 'node_modules/.bin/ts-node'),
      [
        // swc transpiles in a third of the time; CommonJS, as tsc builds the scripts.
        '--swc',
        '--compilerOptions',
        '{"module":"commonjs","moduleResolution":"node10"}',
        '-r',
        'tsconfig-paths/register',
        'scripts/triage-replay.ts',
        ...args,
      ],
      {
        cwd: PROJECT_ROOT,
        env: { ...process.env, DATABASE_URL: undefined, TRIAGE_RULES_DIR: undefined, ...env },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.once('error', reject);
    child.once('exit', (code) => resolve({ code, stdout, stderr }));
  });
}

describe('npm run triage:replay', () => {
  let dir: string;
  const folder = (name: string, files: RuleFile[]): string => {
    const path = join(dir, name);
    mkdirSync(path);
    for (const { file, text } of files) writeFileSync(join(path, file), text);
    return path;
  };
  let same: string;
  let noNews2: string;
  let referrals: string;

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'triage-replay-'));
    same = folder('same', defaultFiles());
    noNews2 = folder('no-news2', withoutRule(NEWS2_RULE));
    referrals = join(dir, 'referrals.ndjson');
    writeFileSync(
      referrals,
      [
        JSON.stringify(fall()),
        '',
        JSON.stringify({
          id: 'news2-high',
          reference: 'FD-TEST-0001',
          receivedAt: '2026-06-01T10:00:00Z',
          inArea: true,
          submission: news2High(),
        }),
      ].join('\n'),
    );
  });
  afterAll(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  it('exits 1 and names the referral when a red flag would be lost, 0 when none is', async () => {
    const unsafe = await runCli(['--rules', noNews2, '--referrals', referrals]);
    expect(unsafe.stderr).toBe('');
    expect(unsafe.code).toBe(1);
    expect(unsafe.stdout).toContain('2 referrals replayed, 1 changed');
    expect(unsafe.stdout).toContain('UNSAFE: 1 referral would lose a red flag:');
    expect(unsafe.stdout).toMatch(/FD-TEST-0001 \(news2-high\): loses news2_high/);
    expect(unsafe.stdout).not.toContain('Lovelace');

    const safe = await runCli(['--rules', same, '--referrals', referrals, '--json']);
    expect(safe.code).toBe(0);
    expect(JSON.parse(safe.stdout)).toMatchObject({ total: 2, changed: 0, safe: true });
  });

  it('exits 2 naming the bad line, not its content, or every problem of a broken rule set', async () => {
    const bad = join(dir, 'bad.ndjson');
    writeFileSync(bad, `${JSON.stringify(fall())}\n{"patient": {"familyName": "Secretname"\n`);
    const badLine = await runCli(['--rules', same, '--referrals', bad]);
    expect(badLine.code).toBe(2);
    expect(badLine.stderr).toContain('line 2 is not valid JSON');
    expect(badLine.stderr).not.toContain('Secretname');

    const invalid = join(dir, 'invalid.ndjson');
    writeFileSync(invalid, JSON.stringify({ submission: { ...fall(), consent: 'Secretname' } }));
    const notSubmission = await runCli(['--rules', same, '--referrals', invalid]);
    expect(notSubmission.code).toBe(2);
    expect(notSubmission.stderr).toMatch(/line 1: not a valid referral submission \(consent: /);
    expect(notSubmission.stderr).not.toContain('Secretname');

    const broken = await runCli([
      '--rules',
      join(PROJECT_ROOT, 'libs/triage/src/__fixtures__/broken-schema'),
      '--referrals',
      referrals,
    ]);
    expect(broken.code).toBe(2);
    expect(broken.stderr).toContain('candidate rule set');
    expect(broken.stderr).toMatch(/error: red-flags\.yaml:\d+: rule rf-news2-high: .*news2Usd/);
    expect(broken.stderr).toMatch(/error: pathways\.yaml:\d+/);

    const usage = await runCli(['--referrals', referrals]);
    expect(usage.code).toBe(2);
    expect(usage.stderr).toContain('--rules <dir> (the candidate rule set) is required');
  });

  describe('on the referrals stored in the database', () => {
    let context: ApiContext;
    beforeAll(async () => {
      context = await startApiContext();
      const careHome = await bearer(context.config, referrer('VNA12'));
      for (const submission of [fall(), news2High()]) {
        const response = await postJson(
          `${context.api.url}/api/v1/referrals`,
          submission,
          careHome,
        );
        expect(response.status).toBe(201);
      }
    });
    afterAll(async () => {
      await context.close();
    });

    it('reads DATABASE_URL and exits 1 when a red flag would be lost', async () => {
      const env = { DATABASE_URL: context.database.url };
      const unsafe = await runCli(['--rules', noNews2], env);
      expect(unsafe.code).toBe(1);
      expect(unsafe.stdout).toContain('2 referrals replayed, 1 changed');
      expect(unsafe.stdout).toMatch(/FD-[0-9A-Z-]+ \([0-9a-f-]{36}\): loses news2_high/);
      const limited = await runCli(['--rules', noNews2, '--limit', '1', '--json'], env);
      expect(JSON.parse(limited.stdout)).toMatchObject({ total: 1 });
      const safe = await runCli(['--rules', same, '--since', '2020-01-01'], env);
      expect(safe.code).toBe(0);
      expect(safe.stdout).toContain('safe: no red flag would be lost');
    });
  });
});
