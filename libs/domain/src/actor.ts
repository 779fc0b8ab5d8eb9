import type { Role } from './codes';

/** Who is acting, as events record them: one id, the role they acted in, their teams. */
export interface Actor {
  id: string;
  role: Role;
  /** Team codes the person works in (team leads and clinicians). */
  teamIds: readonly string[];
}
