import { Injectable } from '@nestjs/common';
import type { Channel } from '../channels/channel';
import { compileTemplate, type RenderMode } from './handlebars-env';
import { htmlToText } from './html-to-text';
import { contentFor, type TemplateVersionView } from './template-content';

export type RenderedEmail = { subject: string; html: string; text: string };
export type RenderedSms = { body: string };
export type RenderedDiscord = { content: string; embeds: Record<string, unknown>[] };
export type RenderedInApp = { title: string; body: string };
export type Rendered = {
  email: RenderedEmail;
  sms: RenderedSms;
  discord: RenderedDiscord;
  in_app: RenderedInApp;
};

/** What every template can use beside the caller's data. */
export type SystemData = { unsubscribe_url?: string };

const CACHE_LIMIT = 2000;
const SMS_LIMIT = 1600;
const DISCORD_CONTENT_LIMIT = 2000;

/**
 * Renders a channel of a template version: Handlebars only, over the HTML its MJML was compiled to
 * when the version was made. Compiled Handlebars functions are cached per version, locale and field.
 */
@Injectable()
export class TemplateRenderer {
  private readonly cache = new Map<string, HandlebarsTemplateDelegate>();

  render<C extends Channel>(
    template: TemplateVersionView,
    channel: C,
    locale: string | null | undefined,
    data: Record<string, unknown>,
    system: SystemData = {},
  ): Rendered[C] | null {
    const found = contentFor(template.source, channel, locale);
    if (!found) return null;
    const context = { ...data, herald: system };
    const field = (name: string, source: string, mode: RenderMode) =>
      this.compiled(`${template.versionId}:${found.locale}:${channel}:${name}`, source, mode)(context);
    const content = found.content as Record<string, unknown>;
    switch (channel) {
      case 'email': {
        const html = field('html', template.compiledHtml[found.locale] ?? '', 'html');
        const text = typeof content['text'] === 'string' ? field('text', content['text'], 'text') : htmlToText(html);
        return { subject: oneLine(field('subject', String(content['subject']), 'text')), html, text } as Rendered[C];
      }
      case 'sms':
        return { body: field('body', String(content['body']), 'text').slice(0, SMS_LIMIT) } as Rendered[C];
      case 'discord': {
        const embeds = Array.isArray(content['embeds']) ? (content['embeds'] as Record<string, unknown>[]) : [];
        return {
          content: content['content']
            ? field('content', String(content['content']), 'text').slice(0, DISCORD_CONTENT_LIMIT)
            : '',
          embeds: embeds.map((embed, index) =>
            this.renderJson(`${template.versionId}:${found.locale}:embed${index}`, embed, context),
          ),
        } as Rendered[C];
      }
      default:
        return {
          title: oneLine(field('title', String(content['title']), 'text')),
          body: field('body', String(content['body']), 'text'),
        } as Rendered[C];
    }
  }

  private renderJson(key: string, value: Record<string, unknown>, context: object): Record<string, unknown> {
    let index = 0;
    const walk = (node: unknown): unknown => {
      if (typeof node === 'string') return this.compiled(`${key}:${index++}`, node, 'text')(context);
      if (Array.isArray(node)) return node.map(walk);
      if (node && typeof node === 'object') {
        return Object.fromEntries(Object.entries(node).map(([name, child]) => [name, walk(child)]));
      }
      return node;
    };
    return walk(value) as Record<string, unknown>;
  }

  private compiled(key: string, source: string, mode: RenderMode): HandlebarsTemplateDelegate {
    let template = this.cache.get(key);
    if (!template) {
      template = compileTemplate(source, mode);
      if (this.cache.size >= CACHE_LIMIT) this.cache.delete(this.cache.keys().next().value as string);
      this.cache.set(key, template);
    }
    return template;
  }
}

/** Headers and titles are one line: a newline in data must not start a new header. */
function oneLine(text: string): string {
  return text.replace(/[\r\n]+/g, ' ').trim();
}
