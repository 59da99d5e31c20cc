import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

export class EndpointDto {
  @ApiProperty({ example: 'ep_01jd3n0b8c7v5r4q2p1m0k9h8g' })
  id!: string;

  @ApiProperty({ example: 'https://api.example.com/webhooks/herald' })
  url!: string;

  @ApiProperty({ example: ['invoice.paid'] })
  events!: string[];

  @ApiProperty()
  active!: boolean;

  @ApiProperty({ nullable: true, type: String })
  description!: string | null;

  @ApiProperty({ nullable: true, type: String, description: 'When Herald disabled the endpoint, if it did' })
  disabled_at!: string | null;

  @ApiProperty({ nullable: true, type: String, example: null })
  disabled_reason!: string | null;

  @ApiProperty()
  created_at!: string;

  @ApiProperty()
  updated_at!: string;
}

export class CreatedEndpointDto extends EndpointDto {
  @ApiProperty({ description: 'The signing secret. Shown here and on rotation only.' })
  secret!: string;
}

export class EndpointListDto {
  @ApiProperty({ type: EndpointDto, isArray: true })
  webhooks!: EndpointDto[];

  @ApiPropertyOptional({ nullable: true, type: String, description: 'Pass as `cursor` for the next page' })
  next_cursor!: string | null;
}

export class RotatedSecretDto {
  @ApiProperty({ description: 'The new signing secret' })
  secret!: string;

  @ApiProperty({ description: 'Until then the previous secret signs beside the new one' })
  previous_secret_expires_at!: string;
}

export class EventTypeDto {
  @ApiProperty({ example: 'invoice.paid' })
  name!: string;

  @ApiProperty({ example: 'An invoice was paid' })
  description!: string;
}

export class EventTypeListDto {
  @ApiProperty({ type: EventTypeDto, isArray: true })
  event_types!: EventTypeDto[];
}
