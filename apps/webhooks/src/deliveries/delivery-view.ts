import type { WebhookDelivery, WebhookDeliveryAttempt } from '@herald/database';
import type { DeliveryAttemptDto, DeliveryDto, DeliveryStatus } from './dto/delivery-response.dto';

export function toDeliveryView(delivery: WebhookDelivery): DeliveryDto {
  return {
    id: delivery.id,
    event_id: delivery.eventId,
    event_type: delivery.eventType,
    status: delivery.status as DeliveryStatus,
    status_code: delivery.statusCode,
    attempts: delivery.attempts,
    delivered_at: delivery.deliveredAt?.toISOString() ?? null,
    next_attempt_at: delivery.nextAttemptAt?.toISOString() ?? null,
    error: delivery.error,
  };
}

export function toAttemptView(attempt: WebhookDeliveryAttempt): DeliveryAttemptDto {
  return {
    attempt: attempt.attempt,
    started_at: attempt.startedAt.toISOString(),
    duration_ms: attempt.durationMs,
    status_code: attempt.statusCode,
    error: attempt.error,
    response: attempt.responseExcerpt,
  };
}
