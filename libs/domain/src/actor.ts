import type { Role } from './codes';

/** Who is acting: every write (and, with the security issue, every read) names one. */
export interface Actor {
  id: string;
  role: Role;
  /** Team codes the person works in (team leads and clinicians). */
  teamIds: readonly string[];
}
