/**
 * Publishes one event to the EVENTS stream, as a platform service would:
 *   npm run publish-event -- --org <orgId> --type invoice.paid --data '{"amount":42}' [--id evt_…] [--nats nats://…]
 */
import { parseArgs } from 'node:util';
import { EventPublisher, HERALD_STREAMS, InvalidEventError } from '@herald/events';
import { JetStreamConnection, JetStreamPublisher, provisionStreams } from '@herald/jetstream';

const USAGE =
  "usage: npm run publish-event -- --org <orgId> --type <event.type> [--data '<json object>'] [--id <eventId>] [--nats <url>]";

type Arguments = { org: string; type: string; data: Record<string, unknown>; id?: string; nats: string };

function parseArguments(): Arguments {
  const { values } = parseArgs({
    options: {
      org: { type: 'string' },
      type: { type: 'string' },
      data: { type: 'string', default: '{}' },
      id: { type: 'string' },
      nats: { type: 'string', default: process.env['NATS_URL'] || 'nats://127.0.0.1:4222' },
    },
  });
  if (!values.org || !values.type) throw new UsageError('--org and --type are required');
  return { org: values.org, type: values.type, data: parseData(values.data), id: values.id, nats: values.nats };
}

function parseData(json: string): Record<string, unknown> {
  let data: unknown;
  try {
    data = JSON.parse(json);
  } catch {
    throw new UsageError('--data is not valid JSON');
  }
  if (typeof data !== 'object' || data === null || Array.isArray(data))
    throw new UsageError('--data must be a JSON object');
  return data as Record<string, unknown>;
}

class UsageError extends Error {}

async function main(): Promise<void> {
  const args = parseArguments();
  const connection = await JetStreamConnection.connect({ servers: args.nats, name: 'herald-publish-event' });
  try {
    await provisionStreams(connection, HERALD_STREAMS);
    const events = new EventPublisher(new JetStreamPublisher(connection));
    const published = await events.publish({ orgId: args.org, type: args.type, data: args.data, id: args.id });
    const note = published.duplicate ? ' (duplicate: already in the stream, stored once)' : '';
    console.log(`published ${published.envelope.id} to ${published.subject} (EVENTS seq ${published.seq})${note}`);
    console.log(JSON.stringify(published.envelope));
  } finally {
    await connection.close();
  }
}

main().catch((error: unknown) => {
  if (error instanceof UsageError) console.error(`${error.message}\n${USAGE}`);
  else if (error instanceof InvalidEventError) console.error(error.message);
  else console.error(`publish-event failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
