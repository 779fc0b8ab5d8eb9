import { bearer, type Person } from './auth';
import type { ApiContext } from './context';
import { getJson, postJson, type JsonResponse } from './http';

export { clinician, coordinator, teamLead } from './auth';

export interface ActionResult {
  id: string;
  status: string;
  version: number;
  teamCode: string | null;
  pathway: string | null;
  urgency: string | null;
  flags: string[];
  allowedActions: string[];
}

/** Takes a tracker action as a person would: over HTTP, with the version they saw. */
export async function act(
  context: ApiContext,
  id: string,
  action: string,
  body: Record<string, unknown>,
  person: Person,
): Promise<JsonResponse<ActionResult & { statusCode?: number; message?: string }>> {
  return postJson(
    `${context.api.url}/api/v1/referrals/${id}/actions/${action}`,
    body,
    await bearer(context.config, person),
  );
}

/** Submits and waits until the worker has triaged it; returns the referral as read. */
export async function submitTriaged(
  context: ApiContext,
  submission: object,
): Promise<{ id: string; reference: string; version: number; teamCode: string; status: string }> {
  const { body } = await postJson<{ id: string; reference: string }>(
    `${context.api.url}/api/v1/referrals`,
    submission,
  );
  const deadline = Date.now() + 20_000;
  for (;;) {
    const { body: referral } = await getJson<{
      status: string;
      version: number;
      team: { code: string } | null;
    }>(`${context.api.url}/api/v1/referrals/${body.id}`);
    if (referral.status !== 'received' || Date.now() > deadline) {
      return {
        id: body.id,
        reference: body.reference,
        version: referral.version,
        teamCode: referral.team?.code ?? '',
        status: referral.status,
      };
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
