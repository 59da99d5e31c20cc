import { Module } from '@nestjs/common';
import { SecretVault } from '@herald/signing';
import { IngestUrls } from './ingest-url';
import { SourcesController } from './sources.controller';
import { SourcesRepository } from './sources.repository';
import { SourcesService } from './sources.service';

/** Inbound sources: CRUD and secret rotation; the repository and vault serve ingestion too. */
@Module({
  controllers: [SourcesController],
  providers: [SourcesService, SourcesRepository, SecretVault, IngestUrls],
  exports: [SourcesRepository, SecretVault],
})
export class SourcesModule {}
