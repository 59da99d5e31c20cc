import { createHash } from 'node:crypto';
import { describeSenderEvent, type SenderEventInput, subjectEventType, textAt } from './sender-event';

const rawBody = Buffer.from('{"any":"body"}');
const bodyHash = `sha256:${createHash('sha256').update(rawBody).digest('hex')}`;

function describe_(input: Partial<SenderEventInput> & Pick<SenderEventInput, 'scheme'>) {
  return describeSenderEvent({ options: null, headers: {}, rawBody, data: {}, ...input });
}

describe('describeSenderEvent', () => {
  it('stripe: the type and id of the event object', () => {
    expect(describe_({ scheme: 'stripe', data: { id: 'evt_1', type: 'invoice.paid' }, verifiedId: 'evt_1' })).toEqual({
      type: 'invoice.paid',
      senderEventId: 'evt_1',
      dedupKey: 'id:evt_1',
    });
  });

  it('github: the event header and the action, deduplicated on the delivery id', () => {
    const headers = { 'x-github-event': 'pull_request', 'x-github-delivery': 'd-1' };
    expect(describe_({ scheme: 'github', headers, data: { action: 'closed' } })).toEqual({
      type: 'pull_request.closed',
      senderEventId: 'd-1',
      dedupKey: 'id:d-1',
    });
    expect(describe_({ scheme: 'github', headers: { 'x-github-event': 'push' } }).type).toBe('push');
  });

  it('standard-webhooks: webhook-id as the id, the body type as the type', () => {
    const headers = { 'webhook-id': 'msg_1' };
    expect(describe_({ scheme: 'standard-webhooks', headers, data: { type: 'user.created' } })).toMatchObject({
      type: 'user.created',
      senderEventId: 'msg_1',
    });
  });

  it('twilio: one event per message (or call) and status', () => {
    const message = describe_({ scheme: 'twilio', data: { MessageSid: 'SM1', MessageStatus: 'sent' } });
    expect(message).toEqual({ type: 'message.sent', senderEventId: 'SM1:sent', dedupKey: 'id:SM1:sent' });
    const call = describe_({ scheme: 'twilio', data: { CallSid: 'CA1', CallStatus: 'completed' } });
    expect(call).toMatchObject({ type: 'call.completed', senderEventId: 'CA1:completed' });
    const other = describe_({ scheme: 'twilio', headers: { 'i-twilio-idempotency-token': 'tok-1' } });
    expect(other).toMatchObject({ type: 'request', senderEventId: 'tok-1' });
  });

  it('hmac-sha256: type and id from the configured header or JSON path, else the body type and a body hash', () => {
    const byPath = describe_({
      scheme: 'hmac-sha256',
      options: { header: 'x-sig', encoding: 'hex', id_path: '$.event.id', event_type_path: 'event.kind' },
      data: { event: { id: 42, kind: 'grant.awarded' } },
    });
    expect(byPath).toEqual({ type: 'grant.awarded', senderEventId: '42', dedupKey: 'id:42' });
    const byHeader = describe_({
      scheme: 'hmac-sha256',
      options: { header: 'x-sig', encoding: 'hex', id_header: 'X-Id', event_type_header: 'X-Type' },
      headers: { 'x-id': 'abc', 'x-type': 'a.b' },
    });
    expect(byHeader).toMatchObject({ type: 'a.b', senderEventId: 'abc' });
    const bare = describe_({
      scheme: 'hmac-sha256',
      options: { header: 'x-sig', encoding: 'hex' },
      data: { type: 't' },
    });
    expect(bare).toEqual({ type: 't', senderEventId: null, dedupKey: bodyHash });
  });

  it("hashes an id too long for an index entry, and calls a type it cannot find 'unknown'", () => {
    const long = 'x'.repeat(500);
    const result = describe_({ scheme: 'stripe', verifiedId: long, data: [] });
    expect(result.dedupKey).toMatch(/^id-sha256:[0-9a-f]{64}$/);
    expect(result.type).toBe('unknown');
  });
});

describe('subjectEventType', () => {
  it.each([
    ['invoice.paid', 'invoice.paid'],
    ['Customer.Subscription.Created', 'customer.subscription.created'],
    ['check run/completed', 'check_run_completed'],
    ['2fa.enabled', 'x2fa.enabled'],
    ['a..b', 'a.b'],
    ['...', 'unknown'],
  ])('%s → %s', (type, subjectToken) => {
    expect(subjectEventType(type)).toBe(subjectToken);
  });
});

describe('textAt', () => {
  it('reads strings and numbers at a dotted path, nothing else', () => {
    const value = { a: { b: 'x', n: 7, o: {}, l: ['y'] } };
    expect(textAt(value, 'a.b')).toBe('x');
    expect(textAt(value, '$.a.n')).toBe('7');
    expect(textAt(value, 'a.o')).toBeUndefined();
    expect(textAt(value, 'a.l.0')).toBeUndefined();
    expect(textAt(value, 'a.missing.deeper')).toBeUndefined();
  });
});
