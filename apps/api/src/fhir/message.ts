import { createHash } from 'node:crypto';
import { REFERRAL_REQUEST_EVENT, SYSTEM } from './code-systems';
import { outcomeIssue, type OutcomeIssue } from './operation-outcome';
import {
  bundleContext,
  isObject,
  isResource,
  type BundleEntryView,
  type Json,
  type ResourceContext,
} from './resources';

/** A BaRS referral request message, read far enough to map its ServiceRequest. */
export interface ReferralMessage {
  /** MessageHeader.id: the response's `response.identifier`. */
  headerId: string;
  /** MessageHeader.source.endpoint, where a reply would go. */
  sourceEndpoint?: string;
  serviceRequest: Json;
  context: ResourceContext;
  /** `bars:` + Bundle.identifier.value, else `bars:` + MessageHeader.id. */
  idempotencyKey: string;
}

export type MessageResult =
  { ok: true; message: ReferralMessage } | { ok: false; issues: OutcomeIssue[] };

const USABLE_KEY = /^[\x21-\x7e]{1,200}$/;

/**
 * Checks a `$process-message` body: a Bundle of type message whose first entry is a
 * MessageHeader for a `servicerequest-request` event (BaRS), focused on a ServiceRequest in the
 * Bundle. Messages never repeat a value that was sent.
 */
export function readReferralMessage(body: unknown): MessageResult {
  if (!isResource(body, 'Bundle')) {
    return fail(
      outcomeIssue(
        'invalid',
        'The body must be a Bundle resource (type message): POST a lone ServiceRequest to /fhir/r4/ServiceRequest instead',
        'Bundle',
      ),
    );
  }
  if (body.type !== 'message') {
    return fail(outcomeIssue('value', 'Bundle.type must be message', 'Bundle.type'));
  }
  if (!Array.isArray(body.entry) || body.entry.length === 0) {
    return fail(outcomeIssue('required', 'Bundle.entry must hold the message', 'Bundle.entry'));
  }
  const entries: BundleEntryView[] = [];
  const issues: OutcomeIssue[] = [];
  body.entry.forEach((entry: unknown, index) => {
    if (isObject(entry) && isResource(entry.resource)) {
      entries.push({
        resource: entry.resource,
        ...(typeof entry.fullUrl === 'string' && { fullUrl: entry.fullUrl }),
      });
    } else {
      issues.push(
        outcomeIssue(
          'invalid',
          `Bundle.entry[${index}].resource must be a FHIR resource`,
          `Bundle.entry[${index}].resource`,
        ),
      );
    }
  });
  if (issues.length) return { ok: false, issues };

  const header = entries[0].resource;
  if (header.resourceType !== 'MessageHeader') {
    return fail(
      outcomeIssue(
        'invalid',
        'Bundle.entry[0].resource must be the MessageHeader',
        'Bundle.entry[0].resource',
      ),
    );
  }
  if (typeof header.id !== 'string' || !header.id) {
    issues.push(
      outcomeIssue(
        'required',
        'MessageHeader.id is required: the response names it',
        'MessageHeader.id',
      ),
    );
  }
  const event = isObject(header.eventCoding) ? header.eventCoding : undefined;
  if (!event) {
    issues.push(
      outcomeIssue(
        'required',
        `MessageHeader.eventCoding is required: ${SYSTEM.barsMessageEvents}|${REFERRAL_REQUEST_EVENT}`,
        'MessageHeader.eventCoding',
      ),
    );
  } else if (event.system !== SYSTEM.barsMessageEvents || event.code !== REFERRAL_REQUEST_EVENT) {
    issues.push(
      outcomeIssue(
        'not-supported',
        `MessageHeader.eventCoding must be ${SYSTEM.barsMessageEvents}|${REFERRAL_REQUEST_EVENT}: only new referrals are accepted here`,
        'MessageHeader.eventCoding',
      ),
    );
  }
  const reasons =
    isObject(header.reason) && Array.isArray(header.reason.coding) ? header.reason.coding : [];
  const reason = reasons
    .filter(isObject)
    .find((coding) => coding.system === SYSTEM.barsMessageReason);
  if (reason && reason.code !== 'new') {
    issues.push(
      outcomeIssue(
        'not-supported',
        'MessageHeader.reason must be new: updates and cancellations are not accepted here yet',
        'MessageHeader.reason',
      ),
    );
  }

  const focus: unknown = Array.isArray(header.focus) ? header.focus[0] : undefined;
  const focusReference =
    isObject(focus) && typeof focus.reference === 'string' ? focus.reference : undefined;
  // The focus is a Bundle entry (by fullUrl or ServiceRequest/id), never a contained resource.
  const located = focusReference ? bundleContext({}, entries).resolve(focusReference) : undefined;
  if (!focusReference) {
    issues.push(
      outcomeIssue(
        'required',
        'MessageHeader.focus is required: reference the ServiceRequest entry',
        'MessageHeader.focus',
      ),
    );
  } else if (!isResource(located, 'ServiceRequest')) {
    issues.push(
      outcomeIssue(
        'invalid',
        'MessageHeader.focus must reference a ServiceRequest entry of the Bundle (by fullUrl or ServiceRequest/id)',
        'MessageHeader.focus[0].reference',
      ),
    );
  }
  if (issues.length || !isResource(located, 'ServiceRequest') || typeof header.id !== 'string') {
    return { ok: false, issues };
  }

  const source = isObject(header.source) ? header.source : undefined;
  const identifier = isObject(body.identifier) ? body.identifier.value : undefined;
  return {
    ok: true,
    message: {
      headerId: header.id,
      ...(typeof source?.endpoint === 'string' && { sourceEndpoint: source.endpoint }),
      serviceRequest: located,
      context: bundleContext(
        located,
        entries.filter((entry) => entry.resource !== header),
      ),
      idempotencyKey: messageKey(
        typeof identifier === 'string' && identifier.trim() ? identifier : header.id,
      ),
    },
  };
}

/** The idempotency key of a message: readable when it fits the key rules, else hashed. */
export function messageKey(messageIdentifier: string): string {
  const key = `bars:${messageIdentifier}`;
  return USABLE_KEY.test(key)
    ? key
    : `bars:sha256:${createHash('sha256').update(messageIdentifier).digest('hex')}`;
}

function fail(issue: OutcomeIssue): MessageResult {
  return { ok: false, issues: [issue] };
}
