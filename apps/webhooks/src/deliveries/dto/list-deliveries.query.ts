import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';
import { ListEndpointsQuery } from '../../endpoints/dto/list-endpoints.query';
import { DELIVERY_STATUSES, type DeliveryStatus } from './delivery-response.dto';

/** `limit` and `cursor` as for endpoints, plus a status filter. */
export class ListDeliveriesQuery extends ListEndpointsQuery {
  @ApiPropertyOptional({ enum: DELIVERY_STATUSES })
  @IsOptional()
  @IsIn(DELIVERY_STATUSES)
  status?: DeliveryStatus;
}
