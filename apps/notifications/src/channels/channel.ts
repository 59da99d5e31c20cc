export const CHANNELS = ['email', 'sms', 'discord', 'in_app'] as const;
export type Channel = (typeof CHANNELS)[number];

export function isChannel(value: string): value is Channel {
  return (CHANNELS as readonly string[]).includes(value);
}

/** Channels whose messages wait out a recipient's quiet hours (in-app always arrives). */
export const QUIET_HOURS_CHANNELS: readonly Channel[] = ['email', 'sms'];
