import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, Matches } from 'class-validator';
import { ListSourcesQuery } from '../../sources/dto/list-sources.query';
import { SOURCE_NAME_PATTERN } from '../../sources/dto/source-request.dto';

/** `limit` and `cursor` as for sources, plus the source name. */
export class ListInboundEventsQuery extends ListSourcesQuery {
  @ApiPropertyOptional({ example: 'stripe', description: 'Only events that arrived through this source (its name)' })
  @IsOptional()
  @Matches(SOURCE_NAME_PATTERN, { message: 'source must be a source name' })
  source?: string;
}
