import { Module } from '@nestjs/common';
import { EndpointDirectory } from './endpoint-directory';
import { EndpointSecretVault } from './endpoint-secret-vault';
import { EndpointUrlValidator } from './endpoint-url.validator';
import { EndpointsController } from './endpoints.controller';
import { EndpointsRepository } from './endpoints.repository';
import { EndpointsService } from './endpoints.service';
import { EventTypesController } from './event-types.controller';

/** Endpoint registration: CRUD, secret rotation, the event-type catalogue. */
@Module({
  controllers: [EndpointsController, EventTypesController],
  providers: [EndpointsService, EndpointsRepository, EndpointUrlValidator, EndpointSecretVault, EndpointDirectory],
  exports: [EndpointsService, EndpointSecretVault, EndpointDirectory],
})
export class EndpointsModule {}
