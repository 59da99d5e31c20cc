import { invalidField } from '@herald/http-app';
import { type Channel, CHANNELS, isChannel } from '../channels/channel';

export type Preferences = {
  channels: Partial<Record<Channel, boolean>>;
  categories: Record<string, Partial<Record<Channel, boolean>>>;
};

export const CATEGORY_PATTERN = /^[a-z0-9][a-z0-9_.-]{0,63}$/;

/** The most specific setting wins: category × channel, then channel, then allowed. */
export function allows(preferences: Preferences, category: string, channel: Channel): boolean {
  return preferences.categories[category]?.[channel] ?? preferences.channels[channel] ?? true;
}

/** Every channel spelled out, as GET answers. */
export function withDefaults(preferences: Preferences): Preferences {
  const channels = Object.fromEntries(CHANNELS.map((channel) => [channel, preferences.channels[channel] ?? true]));
  return { channels, categories: preferences.categories };
}

export function optOut(preferences: Preferences, category: string, channel: Channel): Preferences {
  return {
    channels: preferences.channels,
    categories: {
      ...preferences.categories,
      [category]: { ...preferences.categories[category], [channel]: false },
    },
  };
}

/** Reads stored JSON leniently (it was validated on the way in). */
export function storedPreferences(value: unknown): Preferences {
  const record = (value ?? {}) as Partial<Preferences>;
  return { channels: record.channels ?? {}, categories: record.categories ?? {} };
}

/** Validates a PUT body's dynamic keys, naming the offending field. */
export function parsePreferences(body: { channels: Record<string, unknown>; categories?: Record<string, unknown> }) {
  const channels = channelFlags(body.channels, 'channels');
  const categories: Preferences['categories'] = {};
  for (const [category, flags] of Object.entries(body.categories ?? {})) {
    if (!CATEGORY_PATTERN.test(category)) {
      throw invalidField(`categories.${category}`, 'a category is lower-case letters, digits, "_", "-" or "."');
    }
    if (typeof flags !== 'object' || flags === null || Array.isArray(flags)) {
      throw invalidField(`categories.${category}`, `categories.${category} must be an object of channel flags`);
    }
    categories[category] = channelFlags(flags as Record<string, unknown>, `categories.${category}`);
  }
  return { channels, categories } satisfies Preferences;
}

function channelFlags(flags: Record<string, unknown>, field: string): Partial<Record<Channel, boolean>> {
  const result: Partial<Record<Channel, boolean>> = {};
  for (const [channel, flag] of Object.entries(flags)) {
    if (!isChannel(channel)) {
      throw invalidField(`${field}.${channel}`, `${field}.${channel} is not a channel (${CHANNELS.join(', ')})`);
    }
    if (typeof flag !== 'boolean') throw invalidField(`${field}.${channel}`, `${field}.${channel} must be a boolean`);
    result[channel] = flag;
  }
  return result;
}
