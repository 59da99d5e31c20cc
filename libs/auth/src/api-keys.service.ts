import { Injectable, Logger, NotFoundException } from '@nestjs/common';
import { PrismaService } from '@herald/database';
import { newId } from '@herald/ids';
import { hashApiKey, issueApiKeyToken, looksLikeApiKey } from './api-key-token';
import type { Principal } from './principal';
import { isScope, type Scope } from './scopes';

export type IssuedApiKey = { id: string; key: string; scopes: Scope[]; created_at: string };
export type ApiKeyView = {
  id: string;
  prefix: string;
  scopes: Scope[];
  created_at: string;
  last_used_at: string | null;
};

/** How stale `last_used_at` may get before a request refreshes it: one write per key a minute at most. */
const LAST_USED_RESOLUTION_MS = 60_000;

@Injectable()
export class ApiKeysService {
  private readonly logger = new Logger(ApiKeysService.name);

  constructor(private readonly prisma: PrismaService) {}

  /** Creates a key; the clear key is in this answer only, the database keeps its hash. */
  async issue(orgId: string, scopes: Scope[]): Promise<IssuedApiKey> {
    const token = issueApiKeyToken();
    const record = await this.prisma.apiKey.create({
      data: { id: newId('key'), orgId, prefix: token.displayPrefix, keyHash: token.hash, scopes: [...new Set(scopes)] },
    });
    return {
      id: record.id,
      key: token.key,
      scopes: record.scopes.filter(isScope),
      created_at: record.createdAt.toISOString(),
    };
  }

  async list(orgId: string): Promise<ApiKeyView[]> {
    const keys = await this.prisma.apiKey.findMany({ where: { orgId, revokedAt: null }, orderBy: { id: 'asc' } });
    return keys.map((key) => ({
      id: key.id,
      prefix: key.prefix,
      scopes: key.scopes.filter(isScope),
      created_at: key.createdAt.toISOString(),
      last_used_at: key.lastUsedAt?.toISOString() ?? null,
    }));
  }

  async revoke(orgId: string, keyId: string): Promise<void> {
    const { count } = await this.prisma.apiKey.updateMany({
      where: { id: keyId, orgId, revokedAt: null },
      data: { revokedAt: new Date() },
    });
    if (count === 0) throw new NotFoundException(`api key ${keyId} not found`);
  }

  /** The principal a presented key stands for, or null for an unknown or revoked key. */
  async authenticate(presented: string): Promise<Principal | null> {
    if (!looksLikeApiKey(presented)) return null;
    const key = await this.prisma.apiKey.findUnique({ where: { keyHash: hashApiKey(presented) } });
    if (!key || key.revokedAt) return null;
    this.touch(key.id, key.lastUsedAt);
    return { kind: 'api-key', orgId: key.orgId, keyId: key.id, scopes: key.scopes.filter(isScope) };
  }

  /** Records the use at most once per resolution: the row just read says whether it is due. */
  private touch(keyId: string, lastUsedAt: Date | null): void {
    const staleBefore = new Date(Date.now() - LAST_USED_RESOLUTION_MS);
    if (lastUsedAt && lastUsedAt >= staleBefore) return;
    this.prisma.apiKey
      .updateMany({
        where: { id: keyId, OR: [{ lastUsedAt: null }, { lastUsedAt: { lt: staleBefore } }] },
        data: { lastUsedAt: new Date() },
      })
      .catch((error: unknown) => this.logger.warn(`could not record use of key ${keyId}: ${String(error)}`));
  }
}
