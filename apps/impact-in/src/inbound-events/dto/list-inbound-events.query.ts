import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, Matches } from 'class-validator';
import { PageQuery } from '@herald/http-app';
import { SOURCE_NAME_PATTERN } from '../../sources/dto/source-request.dto';

/** `limit` and `cursor`, plus the source name. */
export class ListInboundEventsQuery extends PageQuery {
  @ApiPropertyOptional({ example: 'stripe', description: 'Only events that arrived through this source (its name)' })
  @IsOptional()
  @Matches(SOURCE_NAME_PATTERN, { message: 'source must be a source name' })
  source?: string;
}
