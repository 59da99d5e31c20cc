import { Injectable, type MessageEvent } from '@nestjs/common';
import { interval, map, merge, Observable } from 'rxjs';
import { JetStreamConnection } from '@herald/jetstream';

const KEEPALIVE_MS = 15_000;

/**
 * New in-app messages are announced on core NATS (`notifications.inbox.<org>.<user>`), so the
 * replica holding a user's event stream hears about a message another replica stored.
 */
@Injectable()
export class InboxBroadcaster {
  constructor(private readonly connection: JetStreamConnection) {}

  announce(orgId: string, userId: string, message: unknown): void {
    this.connection.unwrap().publish(subject(orgId, userId), JSON.stringify(message));
  }

  /** What an inbox event stream sends: `message` per new message, and `ping` to keep proxies from closing it. */
  events(orgId: string, userId: string): Observable<MessageEvent> {
    return merge(
      this.messages(orgId, userId).pipe(map((data) => ({ type: 'message', data: data as object }))),
      interval(KEEPALIVE_MS).pipe(map(() => ({ type: 'ping', data: {} }))),
    );
  }

  private messages(orgId: string, userId: string): Observable<unknown> {
    return new Observable((subscriber) => {
      const subscription = this.connection.unwrap().subscribe(subject(orgId, userId), {
        callback: (error, message) => {
          if (error) return subscriber.error(error);
          subscriber.next(JSON.parse(message.string()) as unknown);
        },
      });
      return () => subscription.unsubscribe();
    });
  }
}

/** User ids may hold dots, which NATS reads as token separators. */
function subject(orgId: string, userId: string): string {
  return `notifications.inbox.${orgId}.${Buffer.from(userId).toString('base64url')}`;
}
