import type { Role } from '@frontdoor/domain';

/** How a caller proved who they are. */
export type CredentialKind = 'jwt' | 'api_key';

/** A verified caller: a person (JWT) or a system (API key bound to an organisation). */
export interface Principal {
  /** The identity provider's `sub`, or `api-key:<id>` for a system. */
  id: string;
  name: string | null;
  roles: readonly Role[];
  /** Team codes the person works in (team leads and clinicians). */
  teamIds: readonly string[];
  /** ODS code of a referrer's organisation. */
  orgCode: string | null;
  credential: CredentialKind;
}
