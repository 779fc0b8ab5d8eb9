import { DomainError, ROLES, type Role } from '@frontdoor/domain';
import { allowedActionsFor, authorise, grantFor } from './authorise';
import { PERMISSION_MATRIX, PERMISSIONS } from './permissions';
import type { Principal } from './principal';

const person = (roles: Role[], extra: Partial<Principal> = {}): Principal => ({
  id: 'p-1',
  name: null,
  roles,
  teamIds: [],
  orgCode: null,
  credential: 'jwt',
  ...extra,
});
const medway = { teamCode: 'ucr-medway', assignee: 'clin-9', orgCodes: ['VNA12'] };

describe('the permission matrix', () => {
  it('has a row for every permission, naming only known roles', () => {
    expect(Object.keys(PERMISSION_MATRIX).sort()).toEqual([...PERMISSIONS].sort());
    for (const row of Object.values(PERMISSION_MATRIX)) {
      for (const role of Object.keys(row)) expect(ROLES).toContain(role);
    }
  });

  it('lets a referrer submit and follow only their own organisation, never read the record', () => {
    const careHome = person(['referrer'], { orgCode: 'VNA12' });
    expect(grantFor(careHome, 'referral.submit')).toEqual({ role: 'referrer', breakGlass: false });
    expect(grantFor(careHome, 'referral.status', medway)).toBeDefined();
    expect(grantFor(person(['referrer'], { orgCode: 'VNA99' }), 'referral.status', medway)).toBe(
      undefined,
    );
    expect(grantFor(careHome, 'referral.read', medway, 'I need to see it')).toBeUndefined();
  });

  it("lets a team work its own referrals and those assigned to its people, not another team's", () => {
    const lead = person(['team_lead'], { teamIds: ['ucr-medway'] });
    expect(grantFor(lead, 'referral.assign', medway)).toEqual({
      role: 'team_lead',
      breakGlass: false,
    });
    const elsewhere = person(['clinician'], { teamIds: ['ucr-swale'] });
    expect(grantFor(elsewhere, 'referral.record_contact', medway)).toBeUndefined();
    expect(
      grantFor({ ...elsewhere, id: 'clin-9' }, 'referral.record_contact', medway),
    ).toBeDefined();
  });

  it('lets a read outside your teams through only with a reason, and never a write', () => {
    const elsewhere = person(['team_lead'], { teamIds: ['ucr-swale'] });
    expect(grantFor(elsewhere, 'referral.read', medway)).toBeUndefined();
    expect(grantFor(elsewhere, 'referral.read', medway, 'Covering tonight')).toEqual({
      role: 'team_lead',
      breakGlass: true,
    });
    expect(grantFor(elsewhere, 'referral.accept', medway, 'Covering tonight')).toBeUndefined();
  });

  it('keeps admins out of clinical detail unless they break the glass', () => {
    const admin = person(['admin']);
    expect(grantFor(admin, 'api_key.manage')).toBeDefined();
    expect(grantFor(admin, 'referral.read', medway)).toBeUndefined();
    expect(grantFor(admin, 'referral.read', medway, 'Subject access request')?.breakGlass).toBe(
      true,
    );
    expect(grantFor(admin, 'queue.hub')).toBeUndefined();
  });

  it('grants through whichever of several roles reaches, and names it', () => {
    const both = person(['clinician', 'coordinator'], { teamIds: ['ucr-swale'] });
    expect(grantFor(both, 'referral.read', medway)).toEqual({
      role: 'coordinator',
      breakGlass: false,
    });
  });

  it('refuses with a 403 that says what would be needed', () => {
    const refuse = (run: () => unknown) => {
      try {
        run();
      } catch (error) {
        return error as DomainError;
      }
      throw new Error('expected a refusal');
    };
    expect(refuse(() => authorise(person(['referrer']), 'queue.hub')).code).toBe('forbidden');
    expect(
      refuse(() => authorise(person(['clinician'], { teamIds: ['x'] }), 'referral.read', medway))
        .message,
    ).toMatch(/X-Break-Glass-Reason/);
  });

  it("lists only the actions the status allows and the caller's permissions reach", () => {
    const lead = person(['team_lead'], { teamIds: ['ucr-medway'] });
    expect(allowedActionsFor(lead, 'accepted', medway)).toEqual([
      'request_information',
      'hand_back',
      'assign',
      'record_contact',
      'admit',
      'cancel',
    ]);
    expect(allowedActionsFor(person(['coordinator']), 'accepted', medway)).toEqual([
      'request_information',
      'cancel',
    ]);
  });
});
