/**
 * A consumer process for crash tests: it takes every message it is given and never finishes
 * handling it, so nothing is ever acked, until the test SIGKILLs it.
 *
 * Usage: node --import tsx hanging-consumer.fixture.ts <nats url> '<ConsumerSpec[] as JSON>'
 */
import { type ConsumerSpec, JetStreamServer } from '../index';

const [url, consumersJson] = process.argv.slice(2);
const consumers = JSON.parse(consumersJson ?? '[]') as ConsumerSpec[];
const server = new JetStreamServer({ servers: url ?? '', consumers });

for (const { filterSubject } of consumers) {
  server.addHandler(
    filterSubject,
    async (data: unknown) => {
      process.stdout.write(`received ${JSON.stringify(data)}\n`);
      return new Promise<never>(() => undefined);
    },
    true,
  );
}

server.listen((error?: unknown) => {
  if (error) {
    process.stderr.write(`fixture failed to start: ${String(error)}\n`);
    process.exit(1);
  }
  process.stdout.write('listening\n');
});
