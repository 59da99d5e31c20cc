import { Injectable } from '@nestjs/common';
import type { NotificationDigest, Prisma } from '@herald/database';
import { newId } from '@herald/ids';
import { type HandlerOutcome, reject, retry } from '@herald/jetstream';
import { TemplatesService } from '../templates/templates.service';
import { DeliveryRepository, type NewNotification } from './delivery.repository';
import { FanOutService } from './fan-out.service';

const MAX_WAIT_MS = 60 * 60_000;

/**
 * Sends a digest when its window closes: one notification of kind `digest` whose data is the last
 * folded message's, plus `digest: {count, items}`. Claimed under the same lock that folds into it,
 * so nothing is folded into a digest already sent.
 */
@Injectable()
export class DigestFlusher {
  constructor(
    private readonly repository: DeliveryRepository,
    private readonly templates: TemplatesService,
    private readonly fanOut: FanOutService,
  ) {}

  async flush(digestId: string): Promise<HandlerOutcome | void> {
    const digest = await this.repository.findDigest(digestId);
    if (!digest) return reject(`no digest "${digestId}"`);
    const waitMs = digest.closesAt.getTime() - Date.now();
    if (!digest.flushedAt && waitMs > 0) return retry(Math.min(waitMs, MAX_WAIT_MS), 'digest window still open');
    const template = await this.templates.resolve(digest.orgId, digest.templateKey);
    if (!template) return reject(`digest ${digestId}: no template "${digest.templateKey}"`);
    const lockKey = `${digest.orgId}|${digest.userId}|${digest.channel}|${template.category}`;
    await this.repository.withThrottleLock(lockKey, async (tx) => {
      const claimed = await this.repository.claimDigest(tx, digest.id);
      if (!claimed) return;
      const items = claimed.items as Prisma.JsonArray;
      const last = (items[items.length - 1] ?? {}) as Prisma.JsonObject;
      await this.repository.createNotificationIn(
        tx,
        digestNotification(digest, { ...last, digest: { count: items.length, items } }),
      );
    });
    // Also after a crash between the claim and here: the notification is found by its key.
    const notification = await this.repository.ensureNotification(digestNotification(digest, {}));
    await this.fanOut.fanOut(notification);
  }
}

/** The digest's notification; its idempotency key is the digest's, so it is made once. */
function digestNotification(digest: NotificationDigest, data: Prisma.InputJsonObject): NewNotification {
  return {
    id: newId('ntf'),
    orgId: digest.orgId,
    userId: digest.userId,
    templateKey: digest.templateKey,
    critical: false,
    channels: [digest.channel],
    idempotencyKey: `digest:${digest.id}`,
    kind: 'digest',
    data,
  };
}
