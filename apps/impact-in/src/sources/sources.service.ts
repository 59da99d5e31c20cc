import { ConflictException, Injectable, NotFoundException } from '@nestjs/common';
import type { InboundSource, Prisma } from '@herald/database';
import { cursorPage, DEFAULT_PAGE_SIZE } from '@herald/http-app';
import { newId } from '@herald/ids';
import { type InboundScheme, SecretVault } from '@herald/signing';
import type { CreateSourceDto, RotateSourceSecretDto, UpdateSourceDto } from './dto/source-request.dto';
import type { CreatedSourceDto, RotatedSourceSecretDto, SourceDto, SourceListDto } from './dto/source-response.dto';
import { IngestUrls } from './ingest-url';
import { checkSourceOptions } from './source-options';
import { resolveSourceSecret } from './source-secret';
import { toSourceView } from './source-view';
import { SourcesRepository } from './sources.repository';

/** How long a rotated-out secret is still accepted unless the rotation says otherwise. */
export const DEFAULT_ROTATION_OVERLAP_SECONDS = 24 * 60 * 60;

@Injectable()
export class SourcesService {
  constructor(
    private readonly sources: SourcesRepository,
    private readonly vault: SecretVault,
    private readonly urls: IngestUrls,
  ) {}

  async create(orgId: string, input: CreateSourceDto): Promise<CreatedSourceDto> {
    const options = checkSourceOptions(input.scheme, input.options);
    const secret = resolveSourceSecret(input.scheme, input.secret);
    const id = newId('src');
    const source = await this.nameTaken(input.name, () =>
      this.sources.create({
        id,
        orgId,
        name: input.name,
        scheme: input.scheme,
        options,
        description: input.description ?? null,
        active: input.active ?? true,
        rateLimitPerMinute: input.rate_limit_per_minute ?? null,
        secret: this.vault.seal(id, secret),
      }),
    );
    return { ...this.view(source), secret };
  }

  async list(orgId: string, limit = DEFAULT_PAGE_SIZE, cursor?: string): Promise<SourceListDto> {
    const { items, nextCursor } = cursorPage(await this.sources.page(orgId, limit, cursor), limit);
    return { sources: items.map((source) => this.view(source)), next_cursor: nextCursor };
  }

  async get(orgId: string, id: string): Promise<SourceDto> {
    return this.view(await this.require(orgId, id));
  }

  async update(orgId: string, id: string, input: UpdateSourceDto): Promise<SourceDto> {
    const source = await this.require(orgId, id);
    const options =
      input.options === undefined ? undefined : checkSourceOptions(source.scheme as InboundScheme, input.options);
    const updated = await this.nameTaken(input.name ?? source.name, () =>
      this.sources.update(orgId, id, {
        name: input.name,
        description: input.description,
        active: input.active,
        rateLimitPerMinute: input.rate_limit_per_minute,
        ...(options ? { options: options as Prisma.InputJsonValue } : {}),
      }),
    );
    if (!updated) throw notFound(id);
    return this.view(updated);
  }

  async delete(orgId: string, id: string): Promise<void> {
    if (!(await this.sources.delete(orgId, id))) throw notFound(id);
  }

  /** A new secret; the current one is still accepted for `overlap_seconds` (default 24 h). */
  async rotateSecret(orgId: string, id: string, input: RotateSourceSecretDto): Promise<RotatedSourceSecretDto> {
    const source = await this.require(orgId, id);
    const secret = resolveSourceSecret(source.scheme as InboundScheme, input.secret);
    const overlapSeconds = input.overlap_seconds ?? DEFAULT_ROTATION_OVERLAP_SECONDS;
    const expiresAt = overlapSeconds > 0 ? new Date(Date.now() + overlapSeconds * 1000) : null;
    await this.sources.update(orgId, id, {
      secret: this.vault.seal(id, secret),
      previousSecret: expiresAt ? source.secret : null,
      previousSecretExpiresAt: expiresAt,
    });
    return { secret, previous_secret_expires_at: expiresAt?.toISOString() ?? null };
  }

  private view(source: InboundSource): SourceDto {
    return toSourceView(source, this.urls.forSource(source.orgId, source.name));
  }

  private async require(orgId: string, id: string): Promise<InboundSource> {
    const source = await this.sources.find(orgId, id);
    if (!source) throw notFound(id);
    return source;
  }

  /** Names are unique per organization: the database says so, and we answer 409 naming the field. */
  private async nameTaken<T>(name: string, write: () => Promise<T>): Promise<T> {
    try {
      return await write();
    } catch (error) {
      if ((error as { code?: unknown })?.code !== 'P2002') throw error;
      throw new ConflictException({
        statusCode: 409,
        error: 'Conflict',
        message: `a source named "${name}" already exists`,
        errors: [{ field: 'name', message: `a source named "${name}" already exists` }],
      });
    }
  }
}

function notFound(id: string): NotFoundException {
  return new NotFoundException(`inbound source ${id} not found`);
}
