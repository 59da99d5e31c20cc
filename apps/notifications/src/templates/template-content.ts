import type { Channel } from '../channels/channel';

export type EmailContent = { subject: string; mjml: string; text?: string };
export type SmsContent = { body: string };
export type DiscordContent = { content?: string; embeds?: Record<string, unknown>[] };
export type InAppContent = { title: string; body: string };

export type ChannelContents = {
  email?: EmailContent;
  sms?: SmsContent;
  discord?: DiscordContent;
  in_app?: InAppContent;
};

/** What a template version stores: the default content, locale variants, sample data for previews. */
export type TemplateSource = {
  channels: ChannelContents;
  locales: Record<string, ChannelContents>;
  sample_data: Record<string, unknown>;
};

export type ThrottlePolicy = { limit: number; window_seconds: number };
export type DigestPolicy = { window_seconds: number };

/** A template version as the pipeline uses it. Built-in templates have no row. */
export type TemplateVersionView = {
  /** Cache key of the compiled Handlebars functions: unique per version. */
  versionId: string;
  key: string;
  version: number;
  category: string;
  source: TemplateSource;
  /** Email HTML per locale ("default" included), MJML compiled once when the version was made. */
  compiledHtml: Record<string, string>;
  throttle: ThrottlePolicy | null;
  digest: DigestPolicy | null;
};

export const DEFAULT_LOCALE = 'default';

/** fr-CA → fr-CA, fr, default: the first of these that has the channel's content wins. */
export function localeChain(locale: string | null | undefined): string[] {
  if (!locale) return [DEFAULT_LOCALE];
  const parts = locale.split('-');
  const chain = parts.map((_, index) => parts.slice(0, parts.length - index).join('-'));
  return [...chain, DEFAULT_LOCALE];
}

export function contentFor<C extends Channel>(
  source: TemplateSource,
  channel: C,
  locale: string | null | undefined,
): { locale: string; content: NonNullable<ChannelContents[C]> } | null {
  for (const candidate of localeChain(locale)) {
    const contents = candidate === DEFAULT_LOCALE ? source.channels : source.locales[candidate];
    const content = contents?.[channel];
    if (content) return { locale: candidate, content: content as NonNullable<ChannelContents[C]> };
  }
  return null;
}

export function templateChannels(source: TemplateSource): Channel[] {
  return (Object.keys(source.channels) as Channel[]).filter((channel) => source.channels[channel] !== undefined);
}
