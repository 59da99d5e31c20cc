import { Module } from '@nestjs/common';
import { IngestUrls } from './ingest-url';
import { SourceSecretVault } from './source-secret-vault';
import { SourcesController } from './sources.controller';
import { SourcesRepository } from './sources.repository';
import { SourcesService } from './sources.service';

/** Inbound sources: CRUD and secret rotation; the repository and vault serve ingestion too. */
@Module({
  controllers: [SourcesController],
  providers: [SourcesService, SourcesRepository, SourceSecretVault, IngestUrls],
  exports: [SourcesRepository, SourceSecretVault],
})
export class SourcesModule {}
