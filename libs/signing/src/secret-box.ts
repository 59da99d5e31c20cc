import { createCipheriv, createDecipheriv, createSecretKey, type KeyObject, randomBytes } from 'node:crypto';

const VERSION = 'v1';
const ALGORITHM = 'aes-256-gcm';
const KEY_BYTES = 32;
const IV_BYTES = 12;
const TAG_BYTES = 16;

/** Thrown when a sealed secret cannot be opened; deliberately silent about which check failed. */
export class SecretBoxError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SecretBoxError';
  }
}

/**
 * Encrypts secrets at rest with AES-256-GCM. Sealed form: `v1:<base64 iv>:<base64 ciphertext+tag>`.
 * An optional `context` (e.g. the owning row's id) is bound as associated data, so a sealed value
 * copied onto another row does not open there.
 */
export class SecretBox {
  private readonly key: KeyObject;

  constructor(key: Uint8Array) {
    if (key.length !== KEY_BYTES) {
      throw new SecretBoxError(`SecretBox key must be ${KEY_BYTES} bytes, got ${key.length}`);
    }
    this.key = createSecretKey(key);
  }

  static fromBase64(key: string): SecretBox {
    return new SecretBox(Buffer.from(key, 'base64'));
  }

  seal(plaintext: string, context = ''): string {
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv(ALGORITHM, this.key, iv, { authTagLength: TAG_BYTES });
    cipher.setAAD(Buffer.from(context, 'utf8'));
    const sealed = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final(), cipher.getAuthTag()]);
    return `${VERSION}:${iv.toString('base64')}:${sealed.toString('base64')}`;
  }

  open(sealed: string, context = ''): string {
    const { iv, ciphertext, tag } = parseSealed(sealed);
    const decipher = createDecipheriv(ALGORITHM, this.key, iv, { authTagLength: TAG_BYTES });
    decipher.setAAD(Buffer.from(context, 'utf8'));
    decipher.setAuthTag(tag);
    try {
      return Buffer.concat([decipher.update(ciphertext), decipher.final()]).toString('utf8');
    } catch {
      throw new SecretBoxError('Sealed secret could not be opened: wrong key or tampered data');
    }
  }
}

function parseSealed(sealed: string): { iv: Buffer; ciphertext: Buffer; tag: Buffer } {
  const [version, ivText, bodyText, ...extra] = sealed.split(':');
  if (version !== VERSION || ivText === undefined || bodyText === undefined || extra.length > 0) {
    throw new SecretBoxError(`Sealed secret is not in the ${VERSION}:<iv>:<ciphertext> format`);
  }
  const iv = Buffer.from(ivText, 'base64');
  const body = Buffer.from(bodyText, 'base64');
  if (iv.length !== IV_BYTES || body.length < TAG_BYTES) {
    throw new SecretBoxError('Sealed secret is truncated or corrupted');
  }
  return { iv, ciphertext: body.subarray(0, body.length - TAG_BYTES), tag: body.subarray(body.length - TAG_BYTES) };
}
