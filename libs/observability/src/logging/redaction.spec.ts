import { Writable } from 'node:stream';
import pino from 'pino';
import { REDACTED_PATHS } from './redaction';

function logLine(object: Record<string, unknown>): string {
  let written = '';
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      written += chunk.toString();
      done();
    },
  });
  pino({ redact: { paths: REDACTED_PATHS, censor: '[redacted]' } }, sink).info(object, 'message');
  return written;
}

describe('log redaction', () => {
  it('never writes bearer tokens or cookies of a request', () => {
    const line = logLine({ req: { headers: { authorization: 'Bearer hrld_secret', cookie: 'session=abc' } } });
    expect(line).not.toContain('hrld_secret');
    expect(line).not.toContain('session=abc');
    expect(line).toContain('[redacted]');
  });

  it('never writes secret, key, token or password fields', () => {
    const line = logLine({
      endpoint: { secret: 'whsec_abc' },
      apiKey: { key: 'hrld_k' },
      config: { token: 't0k', password: 'pw' },
    });
    for (const secret of ['whsec_abc', 'hrld_k', 't0k', '"pw"']) expect(line).not.toContain(secret);
  });
});
