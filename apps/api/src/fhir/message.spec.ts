import { SYSTEM } from './code-systems';
import { messageKey, readReferralMessage } from './message';
import { bundleContext, containedContext } from './resources';

const patient = { resourceType: 'Patient', id: 'p1' };
const serviceRequest = {
  resourceType: 'ServiceRequest',
  id: 'sr1',
  subject: { reference: 'Patient/p1' },
  contained: [{ resourceType: 'Organization', id: 'org' }],
};

function message(header: Record<string, unknown> = {}, extra: Record<string, unknown> = {}) {
  return {
    resourceType: 'Bundle',
    type: 'message',
    identifier: { value: 'msg-123' },
    entry: [
      {
        fullUrl: 'urn:uuid:h1',
        resource: {
          resourceType: 'MessageHeader',
          id: 'h1',
          eventCoding: { system: SYSTEM.barsMessageEvents, code: 'servicerequest-request' },
          reason: { coding: [{ system: SYSTEM.barsMessageReason, code: 'new' }] },
          source: { endpoint: 'https://sender.example/fhir' },
          focus: [{ reference: 'urn:uuid:sr' }],
          ...header,
        },
      },
      { fullUrl: 'urn:uuid:sr', resource: serviceRequest },
      { fullUrl: 'https://sender.example/fhir/Patient/p1', resource: patient },
    ],
    ...extra,
  };
}

describe('readReferralMessage', () => {
  it('finds the focus ServiceRequest, its resources and the idempotency key', () => {
    const read = readReferralMessage(message());
    if (!read.ok) throw new Error(JSON.stringify(read.issues));
    expect(read.message).toMatchObject({
      headerId: 'h1',
      sourceEndpoint: 'https://sender.example/fhir',
      serviceRequest,
      idempotencyKey: 'bars:msg-123',
    });
    expect(read.message.context.resolve('Patient/p1')).toBe(patient);
    expect(read.message.context.resolve('#org')).toEqual({
      resourceType: 'Organization',
      id: 'org',
    });
    expect(read.message.context.siblings).toEqual([serviceRequest.contained[0], patient]);
  });

  it('keys on MessageHeader.id when the Bundle has no identifier', () => {
    const read = readReferralMessage(message({}, { identifier: undefined }));
    expect(read.ok && read.message.idempotencyKey).toBe('bars:h1');
  });

  it('accepts a focus given as ServiceRequest/id', () => {
    const read = readReferralMessage(message({ focus: [{ reference: 'ServiceRequest/sr1' }] }));
    expect(read.ok && read.message.serviceRequest).toBe(serviceRequest);
  });

  it.each([
    ['a ServiceRequest', serviceRequest, 'invalid', 'Bundle'],
    ['a Bundle of another type', message({}, { type: 'collection' }), 'value', 'Bundle.type'],
    ['an empty Bundle', message({}, { entry: [] }), 'required', 'Bundle.entry'],
    [
      'an entry without a resource',
      message({}, { entry: [{ fullUrl: 'x' }] }),
      'invalid',
      'Bundle.entry[0].resource',
    ],
    [
      'a Bundle not led by a MessageHeader',
      message({}, { entry: [{ resource: serviceRequest }] }),
      'invalid',
      'Bundle.entry[0].resource',
    ],
    ['a MessageHeader without id', message({ id: undefined }), 'required', 'MessageHeader.id'],
    [
      'a MessageHeader without event',
      message({ eventCoding: undefined }),
      'required',
      'MessageHeader.eventCoding',
    ],
    [
      'a booking',
      message({ eventCoding: { system: SYSTEM.barsMessageEvents, code: 'booking-request' } }),
      'not-supported',
      'MessageHeader.eventCoding',
    ],
    [
      'an update',
      message({ reason: { coding: [{ system: SYSTEM.barsMessageReason, code: 'update' }] } }),
      'not-supported',
      'MessageHeader.reason',
    ],
    ['no focus', message({ focus: [] }), 'required', 'MessageHeader.focus'],
    [
      'a focus that is not a ServiceRequest',
      message({ focus: [{ reference: 'Patient/p1' }] }),
      'invalid',
      'MessageHeader.focus[0].reference',
    ],
  ])('refuses %s', (_, body, code, expression) => {
    const read = readReferralMessage(body);
    expect(read).toEqual({
      ok: false,
      issues: [expect.objectContaining({ code, expression })],
    });
  });
});

describe('messageKey', () => {
  it('prefixes a usable identifier and hashes one that is too long or not ASCII', () => {
    expect(messageKey('0f3c-uuid')).toBe('bars:0f3c-uuid');
    expect(messageKey('x'.repeat(300))).toMatch(/^bars:sha256:[0-9a-f]{64}$/);
    expect(messageKey('nachricht ü')).toMatch(/^bars:sha256:[0-9a-f]{64}$/);
    expect(messageKey('x'.repeat(300))).toBe(messageKey('x'.repeat(300)));
  });
});

describe('resource contexts', () => {
  it('resolves only #id references for a lone ServiceRequest', () => {
    const context = containedContext(serviceRequest);
    expect(context.resolve('#org')).toBe(serviceRequest.contained[0]);
    expect(context.resolve('#nope')).toBeUndefined();
    expect(context.resolve('Organization/org')).toBeUndefined();
  });

  it('resolves Bundle references by fullUrl, Type/id or an absolute URL ending Type/id', () => {
    const entries = [
      { fullUrl: 'urn:uuid:p', resource: { resourceType: 'Patient', id: 'p1' } },
      {
        fullUrl: 'https://other.example/fhir/Organization/o9',
        resource: { resourceType: 'Organization' },
      },
    ];
    const context = bundleContext(serviceRequest, entries);
    expect(context.resolve('urn:uuid:p')).toBe(entries[0].resource);
    expect(context.resolve('Patient/p1')).toBe(entries[0].resource);
    expect(context.resolve('https://sender.example/fhir/Patient/p1/_history/2')).toBe(
      entries[0].resource,
    );
    expect(context.resolve('Organization/o9')).toBe(entries[1].resource);
    expect(context.resolve('Patient/p2')).toBeUndefined();
  });
});
