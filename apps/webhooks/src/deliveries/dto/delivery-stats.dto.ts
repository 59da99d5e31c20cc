import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsISO8601, IsOptional, IsString } from 'class-validator';

export class DeliveryStatsQuery {
  @ApiPropertyOptional({ description: 'Count deliveries created at or after this time (default: the last 24 hours)' })
  @IsOptional()
  @IsISO8601({ strict: true }, { message: 'since must be an ISO 8601 date-time' })
  since?: string;

  @ApiPropertyOptional({ description: 'Only this endpoint' })
  @IsOptional()
  @IsString()
  endpoint_id?: string;
}

export class DeliveryStatsDto {
  @ApiProperty()
  since!: string;

  @ApiProperty({ description: 'Deliveries created in the window' })
  total!: number;

  @ApiProperty({ description: 'Of those, delivered (success)' })
  delivered!: number;

  @ApiProperty({ description: 'Of those, failed for good' })
  failed!: number;

  @ApiProperty({ description: 'Of those, still pending (queued or retrying)' })
  pending!: number;

  @ApiProperty({
    nullable: true,
    type: Number,
    description: 'delivered / (delivered + failed): null while none has settled',
  })
  success_rate!: number | null;

  @ApiProperty({ nullable: true, type: Number, description: 'Mean duration of the attempts made in the window' })
  average_latency_ms!: number | null;
}
