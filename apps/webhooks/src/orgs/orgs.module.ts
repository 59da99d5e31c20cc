import { Module } from '@nestjs/common';
import { OrgsController } from './orgs.controller';

/** The admin API of DESIGN.md: organizations and their API keys. */
@Module({ controllers: [OrgsController] })
export class OrgsModule {}
