import {
  ConflictException,
  Injectable,
  NotFoundException,
  type OnModuleDestroy,
  type OnModuleInit,
} from '@nestjs/common';
import { plainToInstance } from 'class-transformer';
import { validate, type ValidationError } from 'class-validator';
import type { NotificationTemplateVersion, Prisma } from '@herald/database';
import { invalidField } from '@herald/http-app';
import { InvalidatedCache, JetStreamConnection } from '@herald/jetstream';
import { type Channel } from '../channels/channel';
import { BUILTIN_PREFIX, BUILTIN_TEMPLATES } from './builtin-templates';
import {
  ChannelContentsDto,
  type CreateTemplateDto,
  type TemplateDto,
  type TemplateVersionBodyDto,
} from './dto/template.dto';
import { TemplateCompiler } from './template-compiler';
import {
  type ChannelContents,
  type DigestPolicy,
  templateChannels,
  type TemplateSource,
  type TemplateVersionView,
  type ThrottlePolicy,
} from './template-content';
import { TemplateRenderer } from './template-renderer';
import { type TemplateWithVersion, TemplatesRepository, type VersionInput } from './templates.repository';

const LOCALE_PATTERN = /^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$/;

export const TEMPLATES_CHANGED_SUBJECT = 'herald.notifications.templates.changed';

@Injectable()
export class TemplatesService implements OnModuleInit, OnModuleDestroy {
  private readonly builtins = new Map<string, TemplateVersionView>();
  /** Every send resolves its template: versions are kept, and a template's current one is dropped when it changes. */
  private readonly versions: InvalidatedCache<TemplateVersionView | null>;

  constructor(
    private readonly repository: TemplatesRepository,
    private readonly compiler: TemplateCompiler,
    private readonly renderer: TemplateRenderer,
    connection: JetStreamConnection,
  ) {
    this.versions = new InvalidatedCache(connection, {
      subject: TEMPLATES_CHANGED_SUBJECT,
      load: (cacheKey) => this.load(cacheKey),
    });
  }

  /** Built-in templates are compiled once per process, like any version. */
  async onModuleInit(): Promise<void> {
    this.versions.listen();
    for (const [key, { category, source }] of Object.entries(BUILTIN_TEMPLATES)) {
      const compiled = await this.compiler.compile(source, new Map());
      this.builtins.set(key, {
        versionId: `builtin:${key}`,
        key,
        version: 1,
        category,
        source: compiled.source,
        compiledHtml: compiled.compiledHtml,
        throttle: null,
        digest: null,
      });
    }
  }

  onModuleDestroy(): void {
    this.versions.close();
  }

  async create(orgId: string, body: CreateTemplateDto): Promise<TemplateDto> {
    if (body.key.startsWith(BUILTIN_PREFIX)) throw invalidField('key', `key may not start with "${BUILTIN_PREFIX}"`);
    const input = await this.versionInput(orgId, body);
    const created = await this.repository.create(orgId, body.key, input);
    if (!created)
      throw new ConflictException(`Template "${body.key}" exists; PUT /v1/templates/${body.key} adds a version`);
    this.versions.invalidate(versionCacheKey(orgId, body.key));
    return templateView(created);
  }

  async addVersion(orgId: string, key: string, body: TemplateVersionBodyDto): Promise<TemplateDto> {
    const input = await this.versionInput(orgId, body);
    const added = await this.repository.addVersion(orgId, key, input);
    if (!added) throw templateNotFound(key);
    this.versions.invalidate(versionCacheKey(orgId, key));
    return templateView(added);
  }

  async get(orgId: string, key: string, version?: number): Promise<TemplateDto> {
    const found = await this.repository.find(orgId, key, version);
    if (!found) throw templateNotFound(key);
    return templateView(found);
  }

  async list(orgId: string): Promise<TemplateDto[]> {
    return (await this.repository.list(orgId)).map(templateView);
  }

  async putPartial(orgId: string, name: string, content: string): Promise<void> {
    if (!/^[A-Za-z0-9_.-]{1,64}$/.test(name))
      throw invalidField('name', 'name must be letters, digits, "_", "-" or "."');
    await this.repository.putPartial(orgId, name, content);
  }

  /** The version a send uses: the current one (or the given one), or a built-in. */
  async resolve(orgId: string, key: string, version?: number): Promise<TemplateVersionView | null> {
    if (key.startsWith(BUILTIN_PREFIX)) return this.builtins.get(key) ?? null;
    return this.versions.get(versionCacheKey(orgId, key, version));
  }

  private async load(cacheKey: string): Promise<TemplateVersionView | null> {
    const [orgId, key, version] = JSON.parse(cacheKey) as [string, string, number | undefined];
    const found = await this.repository.find(orgId, key, version);
    return found ? versionView(key, found.version) : null;
  }

  async preview(orgId: string, key: string, channel: Channel, locale?: string, version?: number): Promise<unknown> {
    const template = await this.resolve(orgId, key, version);
    if (!template) throw templateNotFound(key);
    const rendered = this.renderer.render(template, channel, locale, template.source.sample_data, {
      unsubscribe_url: 'https://example.com/unsubscribe/preview',
    });
    if (!rendered) throw invalidField('channel', `template "${key}" has no ${channel} content`);
    return { template: key, version: template.version, channel, locale: locale ?? null, ...rendered };
  }

  private async versionInput(orgId: string, body: TemplateVersionBodyDto): Promise<VersionInput> {
    const source: TemplateSource = {
      channels: stripUndefined(body.channels),
      locales: await validLocales(body.locales ?? {}, body.channels),
      sample_data: body.sample_data ?? {},
    };
    if (templateChannels(source).length === 0)
      throw invalidField('channels', 'channels must hold at least one channel');
    const compiled = await this.compiler.compile(source, await this.repository.partials(orgId));
    return {
      category: body.category,
      content: compiled.source as unknown as Prisma.InputJsonObject,
      compiled: compiled.compiledHtml,
      throttle: body.throttle ? { limit: body.throttle.limit, window_seconds: body.throttle.window_seconds } : null,
      digest: body.digest ? { window_seconds: body.digest.window_seconds } : null,
    };
  }
}

async function validLocales(
  locales: Record<string, unknown>,
  defaults: ChannelContents,
): Promise<Record<string, ChannelContents>> {
  const result: Record<string, ChannelContents> = {};
  for (const [locale, value] of Object.entries(locales)) {
    if (!LOCALE_PATTERN.test(locale)) throw invalidField(`locales.${locale}`, `locales.${locale}: not a BCP 47 tag`);
    const contents = plainToInstance(ChannelContentsDto, value);
    const errors = await validate(contents, { whitelist: true, forbidNonWhitelisted: true });
    if (errors.length > 0) {
      const [field, message] = firstError(errors, `locales.${locale}`);
      throw invalidField(field, message);
    }
    for (const channel of Object.keys(stripUndefined(contents)) as Channel[]) {
      if (!defaults[channel]) {
        throw invalidField(`locales.${locale}.${channel}`, `locales.${locale}.${channel} has no default in channels`);
      }
    }
    result[locale] = stripUndefined(contents);
  }
  return result;
}

function firstError(errors: ValidationError[], parent: string): [string, string] {
  const [error] = errors;
  const field = `${parent}.${error.property}`;
  if (error.children && error.children.length > 0) return firstError(error.children, field);
  const message = Object.values(error.constraints ?? {})[0] ?? 'is invalid';
  return [field, `${field}: ${message}`];
}

function stripUndefined<T extends object>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T;
}

/** A given version never changes; the current one (no version) is what `invalidate` drops. */
function versionCacheKey(orgId: string, key: string, version?: number): string {
  return JSON.stringify(version === undefined ? [orgId, key] : [orgId, key, version]);
}

function templateNotFound(key: string): NotFoundException {
  return new NotFoundException(`No template "${key}"`);
}

function versionView(key: string, version: NotificationTemplateVersion): TemplateVersionView {
  return {
    versionId: version.id,
    key,
    version: version.version,
    category: version.category,
    source: version.content as unknown as TemplateSource,
    compiledHtml: version.compiled as Record<string, string>,
    throttle: version.throttle as ThrottlePolicy | null,
    digest: version.digest as DigestPolicy | null,
  };
}

function templateView({ template, version }: TemplateWithVersion): TemplateDto {
  const source = version.content as unknown as TemplateSource;
  return {
    id: template.id,
    key: template.key,
    version: version.version,
    category: version.category,
    channels: templateChannels(source),
    content: { channels: source.channels, locales: source.locales, sample_data: source.sample_data },
    throttle: version.throttle as ThrottlePolicy | null,
    digest: version.digest as DigestPolicy | null,
    created_at: version.createdAt.toISOString(),
  };
}
