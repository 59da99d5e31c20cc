import { Module } from '@nestjs/common';
import { OrgsController } from './orgs.controller';

/** The admin API of docs/design.md: organizations and their API keys. */
@Module({ controllers: [OrgsController] })
export class OrgsModule {}
