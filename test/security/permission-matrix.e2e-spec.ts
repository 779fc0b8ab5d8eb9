/**
 * Walks the whole permission matrix over real HTTP: every person (each role, in and out of
 * the referral's team or organisation, a system API key, and nobody) against every route and
 * every tracker action. A refusal must be a 403 (401 without a credential); anything the
 * matrix does not grant and the api lets through fails the test, and so does a route the
 * table below does not know. Every answer that let something through leaves an audit row.
 *
 * Actions carry a stale version, so a permitted one is a 409 and nothing changes; bodies are
 * otherwise empty, so a permitted write is a 400 and stores nothing.
 */
import { randomUUID } from 'node:crypto';
import { grantFor, type Permission, type Principal, type Resource } from '@frontdoor/auth';
import { ACTIONS, makeReference } from '@frontdoor/domain';
import { RouteRules } from '../../apps/api/src/auth/route-rules';
import {
  admin,
  bearer,
  clinician,
  coordinator,
  referrer,
  teamLead,
  type Person,
} from '../support/auth';
import { startApiContext, type ApiContext } from '../support/context';
import { newSubmission } from '../support/factories';
import { postJson } from '../support/http';

const TEAM = 'ucr-medway';
const ORG = 'VNA12';
const PRACTICE = 'G82001';

interface Caller {
  name: string;
  principal?: Principal;
  headers: () => Promise<Record<string, string>>;
}

interface Case {
  name: string;
  method: 'GET' | 'POST' | 'PATCH';
  path: () => string;
  permission: Permission;
  resource?: () => Resource;
  body?: unknown;
  contentType?: string;
}

describe('the permission matrix, over HTTP', () => {
  let context: ApiContext;
  let referral: { id: string; reference: string };
  let deliveryId: string;
  let apiKey: string;
  const referralResource = (): Resource => ({
    teamCode: TEAM,
    assignee: 'clin-assigned',
    orgCodes: [ORG],
  });

  const person = (name: string, who: Person): Caller => ({
    name,
    principal: {
      id: who.id,
      name: null,
      roles: [who.role],
      teamIds: who.teams ?? [],
      orgCode: who.org ?? null,
      credential: 'jwt',
    },
    headers: () => bearer(context.config, who),
  });
  const callers: Caller[] = [
    { name: 'nobody', headers: () => Promise.resolve({ authorization: '' }) },
    person('referrer of the organisation', referrer(ORG)),
    person('referrer of another organisation', referrer('VNA99')),
    person('the GP practice', referrer(PRACTICE)),
    {
      name: "the organisation's system key",
      principal: {
        id: 'api-key',
        name: null,
        roles: ['referrer'],
        teamIds: [],
        orgCode: ORG,
        credential: 'api_key',
      },
      headers: () => Promise.resolve({ 'x-api-key': apiKey }),
    },
    person('coordinator', coordinator),
    person("the team's lead", teamLead(TEAM)),
    person("another team's lead", teamLead('ucr-elsewhere')),
    person("the team's clinician", clinician(TEAM)),
    person("another team's clinician", clinician('ucr-elsewhere')),
    person('the assigned clinician of another team', {
      id: 'clin-assigned',
      role: 'clinician',
      teams: ['ucr-elsewhere'],
    }),
    person('admin', admin),
  ];

  const referralPath = (rest = '') => `/api/v1/referrals/${referral.id}${rest}`;
  const CASES: Record<string, Case[] | 'public'> = {
    'HealthController.live': 'public',
    'HealthController.ready': 'public',
    // Development sign-in (seeds/users.yaml): registered only when NODE_ENV is not production.
    'DevSignInController.list': 'public',
    'DevSignInController.signIn': 'public',
    'ReferralsController.submit': [
      {
        name: 'submit',
        method: 'POST',
        path: () => '/api/v1/referrals',
        permission: 'referral.submit',
        body: {},
      },
    ],
    'FhirController.createServiceRequest': [
      {
        name: 'submit a FHIR ServiceRequest',
        method: 'POST',
        path: () => '/fhir/r4/ServiceRequest',
        permission: 'referral.submit',
        body: { resourceType: 'ServiceRequest' },
        contentType: 'application/fhir+json',
      },
    ],
    'FhirController.processMessage': [
      {
        name: 'submit a BaRS message',
        method: 'POST',
        path: () => '/fhir/r4/$process-message',
        permission: 'referral.submit',
        body: { resourceType: 'Bundle' },
        contentType: 'application/fhir+json',
      },
    ],
    'ReferralsController.status': [
      {
        name: 'referral status',
        method: 'GET',
        path: () => `/api/v1/referrals/by-reference/${referral.reference}/status`,
        permission: 'referral.status',
        resource: referralResource,
      },
    ],
    'ReferralsController.get': [
      {
        name: 'read a referral',
        method: 'GET',
        path: () => referralPath(),
        permission: 'referral.read',
        resource: referralResource,
      },
    ],
    'ReferralsController.events': [
      {
        name: 'read a timeline',
        method: 'GET',
        path: () => referralPath('/events'),
        permission: 'referral.read',
        resource: referralResource,
      },
    ],
    'GpDeliveriesController.letterHtml': [
      {
        name: 'read a discharge letter',
        method: 'GET',
        path: () => referralPath('/discharge-letter'),
        permission: 'referral.read',
        resource: referralResource,
      },
    ],
    'GpDeliveriesController.letterFhir': [
      {
        name: 'read a FHIR discharge letter',
        method: 'GET',
        path: () => referralPath('/discharge-letter.fhir'),
        permission: 'referral.read',
        resource: referralResource,
      },
    ],
    'ReferralActionsController.act': ACTIONS.map((action) => ({
      name: `action ${action}`,
      method: 'POST' as const,
      path: () => referralPath(`/actions/${action}`),
      permission: `referral.${action}` as Permission,
      resource: referralResource,
      body: { version: 0 },
    })),
    'TriageController.evaluate': [
      {
        name: 'evaluate triage',
        method: 'POST',
        path: () => '/api/v1/triage/evaluate',
        permission: 'triage.evaluate',
        body: {},
      },
    ],
    'TriageReplayController.replay': [
      {
        name: 'replay triage with a candidate rule set',
        method: 'POST',
        path: () => '/api/v1/triage/replay',
        permission: 'triage.replay',
        body: {},
      },
    ],
    'QueuesController.hub': [
      {
        name: 'hub queue',
        method: 'GET',
        path: () => '/api/v1/queues/hub',
        permission: 'queue.hub',
      },
    ],
    'QueuesController.team': [
      {
        name: 'team queue',
        method: 'GET',
        path: () => `/api/v1/queues/teams/${TEAM}`,
        permission: 'queue.team',
        resource: () => ({ teamCode: TEAM }),
      },
    ],
    'TeamsController.get': [
      {
        name: 'read a team',
        method: 'GET',
        path: () => `/api/v1/teams/${TEAM}`,
        permission: 'team.read',
        resource: () => ({ teamCode: TEAM }),
      },
    ],
    'TeamsController.changeCapacity': [
      {
        name: 'change capacity',
        method: 'PATCH',
        path: () => `/api/v1/teams/${TEAM}/capacity`,
        permission: 'team.capacity',
        resource: () => ({ teamCode: TEAM }),
        body: {},
      },
    ],
    'GpDeliveriesController.list': [
      {
        name: 'list GP deliveries',
        method: 'GET',
        path: () => '/api/v1/admin/gp-deliveries',
        permission: 'gp_delivery.manage',
      },
    ],
    'GpDeliveriesController.resend': [
      {
        name: 'resend a GP delivery',
        method: 'POST',
        path: () => `/api/v1/admin/gp-deliveries/${deliveryId}/resend`,
        permission: 'gp_delivery.manage',
        body: {},
      },
    ],
    'GpDeliveriesController.acknowledge': [
      {
        name: 'acknowledge a GP delivery',
        method: 'POST',
        path: () => `/api/v1/gp-deliveries/${deliveryId}/acknowledgement`,
        permission: 'gp_delivery.acknowledge',
        resource: () => ({ orgCodes: [PRACTICE] }),
        body: {},
      },
    ],
    'ApiKeysController.issue': [
      {
        name: 'issue an API key',
        method: 'POST',
        path: () => '/api/v1/admin/api-keys',
        permission: 'api_key.manage',
        body: {},
      },
    ],
    'ApiKeysController.list': [
      {
        name: 'list API keys',
        method: 'GET',
        path: () => '/api/v1/admin/api-keys',
        permission: 'api_key.manage',
      },
    ],
    'ApiKeysController.revoke': [
      {
        name: 'revoke an API key',
        method: 'POST',
        path: () => `/api/v1/admin/api-keys/${randomUUID()}/revoke`,
        permission: 'api_key.manage',
        body: {},
      },
    ],
    'AuditController.list': [
      {
        name: 'read the audit trail',
        method: 'GET',
        path: () => `/api/v1/audit?referralId=${referral.id}`,
        permission: 'audit.read',
      },
    ],
  };

  beforeAll(async () => {
    context = await startApiContext();
    const db = context.database.dataSource;
    const submission = newSubmission();
    [referral] = await db.query<{ id: string; reference: string }[]>(
      `INSERT INTO referrals (reference, status, referrer_type, referrer_org_code, referrer, patient,
         clinical, consent, channel, pathway, urgency, team_code, assignee, submitted_by)
       VALUES ($7, 'in_care', 'care_home', $1, $2, $3, $4, $5, 'api', 'ucr', '2_hour',
         $6, 'clin-assigned', 'test')
       RETURNING id, reference`,
      [
        ORG,
        submission.referrer,
        submission.patient,
        submission.clinical,
        submission.consent,
        TEAM,
        makeReference(Math.random),
      ],
    );
    [{ id: deliveryId }] = await db.query<{ id: string }[]>(
      `WITH discharge AS (
         INSERT INTO discharges (referral_id, outcome, summary, discharged_by, discharged_by_role,
           letter_html, letter_fhir)
         VALUES ($1, 'care_completed', '{}', 'clin-1', 'clinician', '<p>letter</p>', '{}')
         RETURNING id)
       INSERT INTO gp_deliveries (discharge_id, practice_ods_code, status)
       SELECT id, $2, 'delivered' FROM discharge RETURNING id`,
      [referral.id, PRACTICE],
    );
    const issued = await postJson<{ key: string }>(
      `${context.api.url}/api/v1/admin/api-keys`,
      { name: 'Care home portal', orgCode: ORG },
      await bearer(context.config, admin),
    );
    apiKey = issued.body.key;
  });
  afterAll(async () => {
    await context.close();
  });

  it('knows every route the api serves, and only health and development sign-in are public', () => {
    const routes = context.api.app.get(RouteRules).list();
    expect(routes.map((route) => route.handler).sort()).toEqual(Object.keys(CASES).sort());
    for (const route of routes) {
      expect({ route: route.handler, public: route.rule && 'public' in route.rule }).toEqual({
        route: route.handler,
        public: CASES[route.handler] === 'public',
      });
    }
  });

  const cases = (): Case[] =>
    Object.values(CASES).flatMap((value) => (value === 'public' ? [] : value));

  it.each(callers.map((caller) => [caller.name, caller] as const))(
    'lets %s do exactly what the matrix grants, and audits it',
    async (_name, caller) => {
      const headers = await caller.headers();
      const outcomes: string[] = [];
      for (const item of cases()) {
        const expected = caller.principal
          ? grantFor(caller.principal, item.permission, item.resource?.())
            ? 'allowed'
            : 403
          : 401;
        const response = await fetch(`${context.api.url}${item.path()}`, {
          method: item.method,
          headers: {
            ...headers,
            ...(item.body !== undefined && {
              'content-type': item.contentType ?? 'application/json',
            }),
          },
          ...(item.body !== undefined && { body: JSON.stringify(item.body) }),
        });
        const got = [401, 403].includes(response.status) ? response.status : 'allowed';
        if (got !== expected)
          outcomes.push(`${item.name}: expected ${expected}, got ${response.status}`);
        if (response.ok) {
          const [audit] = await context.database.dataSource.query<{ permission: string }[]>(
            'SELECT permission FROM audit_events WHERE request_id = $1',
            [response.headers.get('x-request-id')],
          );
          if (audit?.permission !== item.permission)
            outcomes.push(`${item.name}: answered ${response.status} with no audit row`);
        }
      }
      expect(outcomes).toEqual([]);
    },
  );

  it('lets a read outside your teams through only with a stated reason, and keeps the reason', async () => {
    const outsider = await bearer(context.config, teamLead('ucr-elsewhere'));
    const url = `${context.api.url}${referralPath()}`;
    expect((await fetch(url, { headers: outsider })).status).toBe(403);
    const reason = 'Covering the Medway caseload overnight';
    const read = await fetch(url, { headers: { ...outsider, 'x-break-glass-reason': reason } });
    expect(read.status).toBe(200);
    const [audit] = await context.database.dataSource.query<Record<string, unknown>[]>(
      'SELECT actor_id, actor_role, break_glass_reason, referral_id FROM audit_events WHERE request_id = $1',
      [read.headers.get('x-request-id')],
    );
    expect(audit).toEqual({
      actor_id: 'lead-ucr-elsewhere',
      actor_role: 'team_lead',
      break_glass_reason: reason,
      referral_id: referral.id,
    });
    const tooShort = await fetch(url, {
      headers: { ...outsider, 'x-break-glass-reason': 'because' },
    });
    expect(tooShort.status).toBe(400);
    const asAdmin = await bearer(context.config, admin);
    expect((await fetch(url, { headers: asAdmin })).status).toBe(403);
    expect(
      (await fetch(url, { headers: { ...asAdmin, 'x-break-glass-reason': reason } })).status,
    ).toBe(200);
    const asReferrer = await bearer(context.config, referrer(ORG));
    expect(
      (await fetch(url, { headers: { ...asReferrer, 'x-break-glass-reason': reason } })).status,
    ).toBe(403);
  });
});
