import { ClaimsError, principalFromClaims } from './claims';

describe('a principal from token claims', () => {
  it("reads the contract's claims", () => {
    expect(
      principalFromClaims({
        sub: 'u-1',
        name: 'Casey',
        roles: ['team_lead', 'clinician'],
        teamIds: ['ucr-medway'],
        orgCode: 'rpa',
      }),
    ).toEqual({
      id: 'u-1',
      name: 'Casey',
      roles: ['team_lead', 'clinician'],
      teamIds: ['ucr-medway'],
      orgCode: 'RPA',
      credential: 'jwt',
    });
  });

  it('ignores roles Front Door does not know, and refuses a token with none of its own', () => {
    expect(principalFromClaims({ sub: 'u', roles: ['nurse', 'clinician'] }).roles).toEqual([
      'clinician',
    ]);
    expect(() => principalFromClaims({ sub: 'u', roles: ['nurse'] })).toThrow(ClaimsError);
    expect(() => principalFromClaims({ sub: 'u' })).toThrow(ClaimsError);
  });

  it.each([
    [{ roles: ['admin'] }],
    [{ sub: 42, roles: ['admin'] }],
    [{ sub: 'u', roles: 'admin' }],
    [{ sub: 'u', roles: ['admin'], teamIds: [1] }],
    [{ sub: 'u', roles: ['admin'], orgCode: { code: 'x' } }],
    [{ sub: 'x'.repeat(201), roles: ['admin'] }],
  ])('refuses malformed claims %j', (claims) => {
    expect(() => principalFromClaims(claims)).toThrow(ClaimsError);
  });
});
