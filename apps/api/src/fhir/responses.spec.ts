import { SYSTEM } from './code-systems';
import { containedContext } from './resources';
import { referralLocation, responseMessage, storedServiceRequest } from './responses';

const referral = {
  id: '6f1c2d3e-0000-4000-8000-000000000001',
  reference: 'FD-7H3K-Q9MX',
  receivedAt: new Date('2025-01-01T10:00:00.000Z'),
};

const received = {
  resourceType: 'ServiceRequest',
  id: 'their-id',
  meta: { profile: ['https://fhir.hl7.org.uk/StructureDefinition/UKCore-ServiceRequest'] },
  identifier: [
    { system: 'https://sender.example/referrals', value: 'R-1' },
    { system: SYSTEM.referralReference, value: 'FD-FAKE-FAKE' },
  ],
  status: 'active',
  intent: 'order',
  subject: { reference: '#patient' },
  note: [{ text: 'As sent' }],
};

describe('storedServiceRequest', () => {
  it('is the resource as received with our id, reference, status, intent and receipt time', () => {
    expect(storedServiceRequest(received, referral)).toEqual({
      resourceType: 'ServiceRequest',
      id: referral.id,
      meta: { ...received.meta, lastUpdated: '2025-01-01T10:00:00.000Z' },
      identifier: [
        { system: 'https://sender.example/referrals', value: 'R-1' },
        { system: SYSTEM.referralReference, value: 'FD-7H3K-Q9MX' },
      ],
      status: 'active',
      intent: 'plan',
      subject: { reference: '#patient' },
      note: [{ text: 'As sent' }],
    });
  });

  it('names the referral for the Location header', () => {
    expect(referralLocation(referral)).toBe(`/api/v1/referrals/${referral.id}`);
  });
});

describe('responseMessage', () => {
  it('answers ok to the request MessageHeader, focused on the stored ServiceRequest', () => {
    const stored = storedServiceRequest(received, referral);
    const now = new Date('2025-01-01T10:00:01.000Z');
    const bundle = responseMessage(
      {
        headerId: 'request-header',
        sourceEndpoint: 'https://sender.example/fhir',
        serviceRequest: received,
        context: containedContext(received),
        idempotencyKey: 'bars:x',
      },
      stored,
      'https://frontdoor.example/fhir/r4/$process-message',
      now,
    );
    expect(bundle).toMatchObject({
      resourceType: 'Bundle',
      type: 'message',
      timestamp: '2025-01-01T10:00:01.000Z',
      entry: [
        {
          resource: {
            resourceType: 'MessageHeader',
            eventCoding: { system: SYSTEM.barsMessageEvents, code: 'servicerequest-request' },
            destination: [{ endpoint: 'https://sender.example/fhir' }],
            source: { endpoint: 'https://frontdoor.example/fhir/r4/$process-message' },
            response: { identifier: 'request-header', code: 'ok' },
            focus: [{ reference: `urn:uuid:${referral.id}` }],
          },
        },
        { fullUrl: `urn:uuid:${referral.id}`, resource: stored },
      ],
    });
  });
});
