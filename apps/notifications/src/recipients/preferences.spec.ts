import { allows, optOut, parsePreferences } from './preferences';

describe('preferences', () => {
  it('lets the most specific setting win', () => {
    const preferences = { channels: { email: false }, categories: { billing: { email: true }, news: { sms: false } } };
    expect(allows(preferences, 'billing', 'email')).toBe(true);
    expect(allows(preferences, 'news', 'email')).toBe(false);
    expect(allows(preferences, 'news', 'sms')).toBe(false);
    expect(allows(preferences, 'news', 'discord')).toBe(true);
  });

  it('opts out of one category on one channel', () => {
    const preferences = optOut({ channels: {}, categories: { news: { sms: true } } }, 'news', 'email');
    expect(preferences.categories).toEqual({ news: { sms: true, email: false } });
  });

  it('refuses an unknown channel, naming it', () => {
    expect(() => parsePreferences({ channels: { pigeon: true } })).toThrow('channels.pigeon is not a channel');
    expect(() => parsePreferences({ channels: {}, categories: { news: { email: 'no' } } })).toThrow(
      'categories.news.email must be a boolean',
    );
  });
});
