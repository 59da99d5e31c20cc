import { ApiProperty } from '@nestjs/swagger';

export const DELIVERY_STATUSES = ['pending', 'success', 'failed'] as const;
export type DeliveryStatus = (typeof DELIVERY_STATUSES)[number];

export class DeliveryDto {
  @ApiProperty({ example: 'dlv_01jd3n0b8c7v5r4q2p1m0k9h8g', description: 'Also the webhook-id header' })
  id!: string;

  @ApiProperty({ example: 'evt_01jd3n0b8c7v5r4q2p1m0k9h8g' })
  event_id!: string;

  @ApiProperty({ example: 'invoice.paid' })
  event_type!: string;

  @ApiProperty({ enum: DELIVERY_STATUSES })
  status!: DeliveryStatus;

  @ApiProperty({ nullable: true, type: Number, description: 'HTTP status of the latest attempt' })
  status_code!: number | null;

  @ApiProperty()
  attempts!: number;

  @ApiProperty({ nullable: true, type: String })
  delivered_at!: string | null;

  @ApiProperty({ nullable: true, type: String })
  next_attempt_at!: string | null;

  @ApiProperty({ nullable: true, type: String })
  error!: string | null;
}

export class DeliveryAttemptDto {
  @ApiProperty()
  attempt!: number;

  @ApiProperty()
  started_at!: string;

  @ApiProperty()
  duration_ms!: number;

  @ApiProperty({ nullable: true, type: Number })
  status_code!: number | null;

  @ApiProperty({ nullable: true, type: String })
  error!: string | null;

  @ApiProperty({ nullable: true, type: String, description: 'The first 1 KiB of the response body' })
  response!: string | null;
}

export class DeliveryDetailDto extends DeliveryDto {
  @ApiProperty()
  endpoint_id!: string;

  @ApiProperty({ type: DeliveryAttemptDto, isArray: true })
  attempt_log!: DeliveryAttemptDto[];
}

export class DeliveryListDto {
  @ApiProperty({ type: DeliveryDto, isArray: true })
  deliveries!: DeliveryDto[];

  @ApiProperty({ nullable: true, type: String, description: 'Pass as `cursor` for the next page' })
  next_cursor!: string | null;
}
