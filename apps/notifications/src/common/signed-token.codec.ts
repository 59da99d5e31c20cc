import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * `<base64url JSON>.<base64url HMAC-SHA256>` under a key derived from SECRETS_KEY and a context
 * string, so tokens of one purpose never validate as another's. Validating needs no database.
 */
export class SignedTokenCodec {
  private readonly key: Buffer;

  constructor(secretsKey: Buffer, context: string) {
    this.key = createHmac('sha256', secretsKey).update(context).digest();
  }

  encode(claim: Record<string, unknown>): string {
    const payload = Buffer.from(JSON.stringify(claim)).toString('base64url');
    return `${payload}.${this.mac(payload).toString('base64url')}`;
  }

  /** The claim, or null when the token was not signed with this key and context. */
  decode(token: string): Record<string, unknown> | null {
    const [payload, signature, ...rest] = token.split('.');
    if (!payload || !signature || rest.length > 0) return null;
    const expected = this.mac(payload);
    const given = Buffer.from(signature, 'base64url');
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) return null;
    try {
      const claim: unknown = JSON.parse(Buffer.from(payload, 'base64url').toString());
      return typeof claim === 'object' && claim !== null ? (claim as Record<string, unknown>) : null;
    } catch {
      return null;
    }
  }

  private mac(payload: string): Buffer {
    return createHmac('sha256', this.key).update(payload).digest();
  }
}
