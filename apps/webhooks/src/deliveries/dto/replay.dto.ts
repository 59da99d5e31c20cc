import { ApiProperty } from '@nestjs/swagger';
import { IsISO8601 } from 'class-validator';

export class ReplayRequestDto {
  @ApiProperty({
    example: '2026-11-21T00:00:00Z',
    description: 'Every failed delivery of the endpoint created at or after this time is sent again',
  })
  @IsISO8601({ strict: true }, { message: 'since must be an ISO 8601 date-time' })
  since!: string;
}

export class ReplayAnswerDto {
  @ApiProperty({ description: 'Failed deliveries put back to pending' })
  replayed!: number;

  @ApiProperty()
  since!: string;

  @ApiProperty({ description: 'They are sent no faster than this many per second (WEBHOOK_REPLAY_RATE)' })
  rate_per_second!: number;

  @ApiProperty({ nullable: true, type: String, description: 'When the last one is due, if any' })
  last_attempt_at!: string | null;
}
