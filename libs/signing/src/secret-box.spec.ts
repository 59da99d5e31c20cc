import { randomBytes } from 'node:crypto';
import { SecretBox, SecretBoxError } from './secret-box';

describe('SecretBox', () => {
  const key = randomBytes(32);
  const box = new SecretBox(key);
  const secret = 'whsec_c2VjcmV0LXZhbHVlLXRoYXQtbXVzdC1zdGF5LXByaXZhdGU=';

  it('round-trips a secret through a versioned sealed string that does not reveal it', () => {
    const sealed = box.seal(secret);

    expect(sealed).toMatch(/^v1:[A-Za-z0-9+/]{16}:[A-Za-z0-9+/=]+$/);
    expect(sealed).not.toContain(secret);
    expect(box.open(sealed)).toBe(secret);
    expect(SecretBox.fromBase64(key.toString('base64')).open(sealed)).toBe(secret);
  });

  it('uses a fresh IV for every seal', () => {
    expect(box.seal(secret)).not.toBe(box.seal(secret));
  });

  it('detects a tampered ciphertext, tag or IV', () => {
    const [version, iv, body] = box.seal(secret).split(':');
    const flip = (text: string, index: number) => {
      const bytes = Buffer.from(text, 'base64');
      bytes[index] ^= 1;
      return bytes.toString('base64');
    };

    expect(() => box.open([version, iv, flip(body, 0)].join(':'))).toThrow(SecretBoxError);
    expect(() => box.open([version, iv, flip(body, Buffer.from(body, 'base64').length - 1)].join(':'))).toThrow(
      /wrong key or tampered/,
    );
    expect(() => box.open([version, flip(iv, 0), body].join(':'))).toThrow(SecretBoxError);
  });

  it('refuses to open with the wrong key', () => {
    expect(() => new SecretBox(randomBytes(32)).open(box.seal(secret))).toThrow(/wrong key or tampered/);
  });

  it('binds an optional context, so a sealed value moved to another row does not open', () => {
    const sealed = box.seal(secret, 'ep_1');

    expect(box.open(sealed, 'ep_1')).toBe(secret);
    expect(() => box.open(sealed, 'ep_2')).toThrow(SecretBoxError);
  });

  it.each(['', 'v2:a:b', 'v1:only-two', 'v1:AAAA:AAAA', 'v1:a:b:c'])(
    'rejects a malformed sealed string %p',
    (sealed) => {
      expect(() => box.open(sealed)).toThrow(SecretBoxError);
    },
  );

  it('requires a 32-byte key', () => {
    expect(() => new SecretBox(randomBytes(16))).toThrow(/32 bytes/);
  });
});
