import type { ConsumerSpec } from '../provisioning/consumer-spec';
import { assertHandlersCoverConsumers } from './handler-coverage';

const consumer = (filterSubject: string): ConsumerSpec => ({ stream: 'S', durable: 'd', filterSubject });

describe('assertHandlersCoverConsumers', () => {
  it('accepts handlers that take every subject of every consumer, however they split it', () => {
    expect(() =>
      assertHandlersCoverConsumers([consumer('orders.>'), consumer('jobs.*')], ['orders.>', 'orders.vip.>', 'jobs.*']),
    ).not.toThrow();
  });

  it('refuses a consumer whose subjects no handler takes, naming it', () => {
    expect(() => assertHandlersCoverConsumers([consumer('webhooks.retry.>')], ['webhooks.deliver.>'])).toThrow(
      /consumer S\/d \(webhooks\.retry\.>\) has no @EventPattern/,
    );
  });

  it('refuses a consumer only partly covered', () => {
    expect(() => assertHandlersCoverConsumers([consumer('orders.>')], ['orders.vip.>'])).toThrow(/orders\.>/);
  });

  it('refuses a handler no consumer feeds, naming its pattern', () => {
    expect(() => assertHandlersCoverConsumers([consumer('orders.>')], ['orders.>', 'order.>'])).toThrow(
      /@EventPattern\('order\.>'\) matches no consumer/,
    );
  });
});
