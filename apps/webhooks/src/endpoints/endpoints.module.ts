import { Module } from '@nestjs/common';
import { SecretVault } from '@herald/signing';
import { EndpointDirectory } from './endpoint-directory';
import { EndpointSigners } from './endpoint-signers';
import { EndpointUrlValidator } from './endpoint-url.validator';
import { EndpointsController } from './endpoints.controller';
import { EndpointsRepository } from './endpoints.repository';
import { EndpointsService } from './endpoints.service';
import { EventTypesController } from './event-types.controller';

/** Endpoint registration: CRUD, secret rotation, the event-type catalogue. */
@Module({
  controllers: [EndpointsController, EventTypesController],
  providers: [
    EndpointsService,
    EndpointsRepository,
    EndpointUrlValidator,
    SecretVault,
    EndpointSigners,
    EndpointDirectory,
  ],
  exports: [EndpointsService, EndpointSigners, EndpointDirectory],
})
export class EndpointsModule {}
