import { Injectable, Logger, NotFoundException, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import { type ApiKey, PrismaService } from '@herald/database';
import { newId } from '@herald/ids';
import { InvalidatedCache, JetStreamConnection } from '@herald/jetstream';
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
/** Core NATS subject on which a revocation reaches every replica of every app at once. */
export const API_KEY_REVOKED_SUBJECT = 'herald.auth.api-key.revoked';
/** The longest a revoked key could still be taken by a replica that missed the revocation message. */
const KEY_CACHE_TTL_MS = 10_000;

/** A lookup of a hash no key has: not kept, so made-up keys cannot crowd real ones out of the cache. */
class UnknownKey extends Error {}

@Injectable()
export class ApiKeysService implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger(ApiKeysService.name);
  /**
   * Keys by hash, as every authenticated request asks for them; dropped on revocation here at
   * once and, through a NATS message, in every other replica and app.
   */
  private readonly keys: InvalidatedCache<ApiKey>;

  constructor(
    private readonly prisma: PrismaService,
    connection: JetStreamConnection,
  ) {
    this.keys = new InvalidatedCache(connection, {
      subject: API_KEY_REVOKED_SUBJECT,
      ttlMs: KEY_CACHE_TTL_MS,
      load: async (keyHash) => {
        const key = await this.prisma.apiKey.findUnique({ where: { keyHash } });
        if (!key) throw new UnknownKey();
        return key;
      },
    });
  }

  onModuleInit(): void {
    this.keys.listen();
  }

  onModuleDestroy(): void {
    this.keys.close();
  }

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
    const [revoked] = await this.prisma.$queryRaw<{ key_hash: string }[]>`
      UPDATE "api_keys" SET "revoked_at" = now()
      WHERE "id" = ${keyId} AND "org_id" = ${orgId} AND "revoked_at" IS NULL
      RETURNING "key_hash"`;
    if (!revoked) throw new NotFoundException(`api key ${keyId} not found`);
    this.keys.invalidate(revoked.key_hash);
  }

  /** The principal a presented key stands for, or null for an unknown or revoked key. */
  async authenticate(presented: string): Promise<Principal | null> {
    if (!looksLikeApiKey(presented)) return null;
    const key = await this.keys.get(hashApiKey(presented)).catch((error: unknown) => {
      if (error instanceof UnknownKey) return null;
      throw error;
    });
    if (!key || key.revokedAt) return null;
    this.touch(key);
    return { kind: 'api-key', orgId: key.orgId, keyId: key.id, scopes: key.scopes.filter(isScope) };
  }

  /** Records the use at most once per resolution: the cached row says whether it is due, and is moved on. */
  private touch(key: ApiKey): void {
    const staleBefore = new Date(Date.now() - LAST_USED_RESOLUTION_MS);
    if (key.lastUsedAt && key.lastUsedAt >= staleBefore) return;
    key.lastUsedAt = new Date();
    this.prisma.apiKey
      .updateMany({
        where: { id: key.id, OR: [{ lastUsedAt: null }, { lastUsedAt: { lt: staleBefore } }] },
        data: { lastUsedAt: new Date() },
      })
      .catch((error: unknown) => this.logger.warn(`could not record use of key ${key.id}: ${String(error)}`));
  }
}
