import { newId } from './prefixed-id';

describe('newId', () => {
  it('is the prefix and 26 Crockford base32 characters', () => {
    expect(newId('evt')).toMatch(/^evt_[0-9a-hjkmnp-tv-z]{26}$/);
  });

  it('sorts by creation time', () => {
    const earlier = newId('org', Date.parse('2026-01-01T00:00:00Z'));
    const later = newId('org', Date.parse('2026-01-01T00:00:00.001Z'));
    expect(earlier < later).toBe(true);
  });

  it('does not repeat within the same millisecond', () => {
    const now = Date.now();
    const ids = new Set(Array.from({ length: 1000 }, () => newId('key', now)));
    expect(ids.size).toBe(1000);
  });
});
