import { Injectable } from '@nestjs/common';
import mjml2html from 'mjml';
import { invalidField } from '@herald/http-app';
import type { Channel } from '../channels/channel';
import { applyEmailLayout } from './email-layout';
import { checkTemplate } from './handlebars-env';
import { type ChannelContents, DEFAULT_LOCALE, type TemplateSource } from './template-content';

const PARTIAL_REFERENCE = /\{\{>\s*([A-Za-z0-9_.-]+)\s*\}\}/g;
const MAX_PARTIAL_DEPTH = 5;
const BLOCK_TOKEN = /\{\{\s*(?:[#^/]|else\b)/g;

export type CompiledTemplate = { source: TemplateSource; compiledHtml: Record<string, string> };

/**
 * Makes a template version: partials inlined, every Handlebars field parsed, the email MJML placed
 * in the layout and compiled to HTML once (sends only run Handlebars). Any problem is a 400 that
 * names the field.
 */
@Injectable()
export class TemplateCompiler {
  async compile(source: TemplateSource, partials: ReadonlyMap<string, string>): Promise<CompiledTemplate> {
    const expanded: TemplateSource = {
      channels: expandContents(source.channels, partials, 'channels'),
      locales: Object.fromEntries(
        Object.entries(source.locales).map(([locale, contents]) => [
          locale,
          expandContents(contents, partials, `locales.${locale}`),
        ]),
      ),
      sample_data: source.sample_data,
    };
    const compiledHtml: Record<string, string> = {};
    const variants: [string, ChannelContents, string][] = [
      [DEFAULT_LOCALE, expanded.channels, 'channels'],
      ...Object.entries(expanded.locales).map(
        ([locale, contents]) => [locale, contents, `locales.${locale}`] as [string, ChannelContents, string],
      ),
    ];
    for (const [locale, contents, field] of variants) {
      checkFields(contents, field);
      if (contents.email) compiledHtml[locale] = await compileMjml(contents.email.mjml, `${field}.email.mjml`);
    }
    return { source: expanded, compiledHtml };
  }
}

function expandContents(contents: ChannelContents, partials: ReadonlyMap<string, string>, field: string) {
  return JSON.parse(
    JSON.stringify(contents, (key, value: unknown) =>
      typeof value === 'string' ? expandPartials(value, partials, `${field}`, 0) : value,
    ),
  ) as ChannelContents;
}

function expandPartials(text: string, partials: ReadonlyMap<string, string>, field: string, depth: number): string {
  if (depth > MAX_PARTIAL_DEPTH)
    throw invalidField(field, `${field}: partials nest more than ${MAX_PARTIAL_DEPTH} deep`);
  return text.replace(PARTIAL_REFERENCE, (_, name: string) => {
    const partial = partials.get(name);
    if (partial === undefined) throw invalidField(field, `${field}: unknown partial "${name}"`);
    return expandPartials(partial, partials, field, depth + 1);
  });
}

function checkFields(contents: ChannelContents, field: string): void {
  const fields: [Channel, string, unknown][] = [
    ['email', 'subject', contents.email?.subject],
    ['email', 'mjml', contents.email?.mjml],
    ['email', 'text', contents.email?.text],
    ['sms', 'body', contents.sms?.body],
    ['discord', 'content', contents.discord?.content],
    ['discord', 'embeds', contents.discord?.embeds ? JSON.stringify(contents.discord.embeds) : undefined],
    ['in_app', 'title', contents.in_app?.title],
    ['in_app', 'body', contents.in_app?.body],
  ];
  for (const [channel, name, value] of fields) {
    if (typeof value !== 'string') continue;
    try {
      checkTemplate(value);
    } catch (error) {
      const path = `${field}.${channel}.${name}`;
      throw invalidField(path, `${path}: Handlebars: ${firstLines(error)}`);
    }
  }
}

async function compileMjml(mjml: string, field: string): Promise<string> {
  const document = applyEmailLayout(mjml);
  let html: string;
  try {
    // mj-include would read files of this server: templates come from tenants.
    ({ html } = await mjml2html(document, { validationLevel: 'strict', keepComments: false, ignoreIncludes: true }));
  } catch (error) {
    throw invalidField(field, `${field}: MJML: ${mjmlMessage(error)}`);
  }
  // MJML keeps only what it knows: a {{#each}} standing between sections is silently dropped.
  if (count(document, BLOCK_TOKEN) !== count(html, BLOCK_TOKEN)) {
    throw invalidField(
      field,
      `${field}: MJML dropped Handlebars block helpers ({{#…}}/{{/…}}) standing between MJML elements; wrap them in <mj-raw>`,
    );
  }
  try {
    checkTemplate(html);
  } catch (error) {
    throw invalidField(field, `${field}: Handlebars (after MJML): ${firstLines(error)}`);
  }
  return html;
}

function count(text: string, pattern: RegExp): number {
  return text.match(pattern)?.length ?? 0;
}

function mjmlMessage(error: unknown): string {
  const details = (error as { errors?: { formattedMessage?: string; message?: string; line?: number }[] }).errors;
  if (Array.isArray(details) && details.length > 0) {
    return details.map((detail) => `line ${detail.line ?? '?'}: ${detail.message ?? ''}`).join('; ');
  }
  return firstLines(error);
}

function firstLines(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return message.split('\n').slice(0, 4).join(' ').replace(/\s+/g, ' ').trim();
}
