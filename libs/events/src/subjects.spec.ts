import { eventSubject, inboundSubject, webhookDeliverySubject } from './subjects';

describe('subjects', () => {
  it('keeps the dots of an event type', () => {
    expect(eventSubject('org_1', 'invoice.paid')).toBe('events.org_1.invoice.paid');
    expect(inboundSubject('stripe', 'payment_intent.succeeded')).toBe('inbound.stripe.payment_intent.succeeded');
    expect(webhookDeliverySubject('ep_1')).toBe('webhooks.deliver.ep_1');
  });

  it('refuses tokens that would change the subject', () => {
    expect(() => eventSubject('org.1', 'invoice.paid')).toThrow('org id "org.1"');
    expect(() => eventSubject('org_1', 'invoice.>')).toThrow('event type "invoice.>"');
    expect(() => eventSubject('*', 'invoice.paid')).toThrow('org id');
  });
});
