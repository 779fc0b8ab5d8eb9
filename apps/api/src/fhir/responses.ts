import { randomUUID } from 'node:crypto';
import type * as R4 from 'fhir/r4';
import type { ReferralEntity } from '@frontdoor/persistence';
import { REFERRAL_REQUEST_EVENT, SYSTEM } from './code-systems';
import type { ReferralMessage } from './message';
import { isObject, type Json } from './resources';

/** Elements the stored ServiceRequest states itself; the rest are echoed as received. */
const OURS = new Set(['resourceType', 'id', 'meta', 'identifier', 'status', 'intent']);

export type StoredReferral = Pick<ReferralEntity, 'id' | 'reference' | 'receivedAt'>;

/** Where the stored referral can be read in full. */
export function referralLocation(referral: Pick<ReferralEntity, 'id'>): string {
  return `/api/v1/referrals/${referral.id}`;
}

/**
 * The ServiceRequest as received, now stored: our id, the referral reference as an identifier,
 * status active, intent plan (BaRS), and meta.lastUpdated = when we received it. The same on
 * an idempotent replay, because `receivedAt` is the first receipt's.
 */
export function storedServiceRequest(received: Json, referral: StoredReferral): R4.ServiceRequest {
  const theirs = Array.isArray(received.identifier)
    ? received.identifier.filter(
        (identifier) => isObject(identifier) && identifier.system !== SYSTEM.referralReference,
      )
    : [];
  const meta = isObject(received.meta) ? received.meta : {};
  // The received resource passed the mapper's checks; its other elements travel back as sent.
  const asSent = Object.fromEntries(
    Object.entries(received).filter(([element]) => !OURS.has(element)),
  ) as unknown as Omit<R4.ServiceRequest, 'resourceType' | 'status' | 'intent'>;
  return {
    resourceType: 'ServiceRequest',
    id: referral.id,
    meta: { ...(meta as R4.Meta), lastUpdated: referral.receivedAt.toISOString() },
    identifier: [
      ...(theirs as R4.Identifier[]),
      { system: SYSTEM.referralReference, value: referral.reference },
    ],
    status: 'active',
    intent: 'plan',
    ...asSent,
  };
}

/**
 * The synchronous answer to a BaRS request message: a message Bundle whose MessageHeader
 * responds `ok` to the request's MessageHeader and focuses on the stored ServiceRequest.
 */
export function responseMessage(
  request: ReferralMessage,
  stored: R4.ServiceRequest,
  endpoint: string,
  now: Date = new Date(),
): R4.Bundle {
  const focusUrl = `urn:uuid:${stored.id}`;
  const headerId = randomUUID();
  const header: R4.MessageHeader = {
    resourceType: 'MessageHeader',
    id: headerId,
    eventCoding: { system: SYSTEM.barsMessageEvents, code: REFERRAL_REQUEST_EVENT },
    ...(request.sourceEndpoint && { destination: [{ endpoint: request.sourceEndpoint }] }),
    source: { name: 'Front Door', endpoint },
    response: { identifier: request.headerId, code: 'ok' },
    focus: [{ reference: focusUrl }],
  };
  const bundleId = randomUUID();
  return {
    resourceType: 'Bundle',
    id: bundleId,
    meta: { lastUpdated: now.toISOString() },
    identifier: { system: 'urn:ietf:rfc:3986', value: `urn:uuid:${bundleId}` },
    type: 'message',
    timestamp: now.toISOString(),
    entry: [
      { fullUrl: `urn:uuid:${headerId}`, resource: header },
      { fullUrl: focusUrl, resource: stored },
    ],
  };
}
