import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { INBOUND_SCHEMES } from '@herald/signing';
import { SourceOptionsDto } from './source-request.dto';

export class SourceDto {
  @ApiProperty({ example: 'src_01jd3n0b8c7v5r4q2p1m0k9h8g' })
  id!: string;

  @ApiProperty({ example: 'stripe' })
  name!: string;

  @ApiProperty({ enum: INBOUND_SCHEMES })
  scheme!: string;

  @ApiProperty({ type: SourceOptionsDto, nullable: true })
  options!: SourceOptionsDto | null;

  @ApiProperty({ nullable: true, type: String })
  description!: string | null;

  @ApiProperty()
  active!: boolean;

  @ApiProperty({ nullable: true, type: Number, description: 'null: INBOUND_RATE_LIMIT_PER_MINUTE' })
  rate_limit_per_minute!: number | null;

  @ApiProperty({
    example: 'https://hooks.example.com/v1/inbound/org_…/stripe',
    description: 'Where the partner posts (IMPACT_IN_PUBLIC_URL + path)',
  })
  ingest_url!: string;

  @ApiProperty({ nullable: true, type: String, description: 'Until then the previous secret is accepted too' })
  previous_secret_expires_at!: string | null;

  @ApiProperty()
  created_at!: string;

  @ApiProperty()
  updated_at!: string;
}

export class CreatedSourceDto extends SourceDto {
  @ApiProperty({ description: 'The secret. Shown here and on rotation only.' })
  secret!: string;
}

export class SourceListDto {
  @ApiProperty({ type: SourceDto, isArray: true })
  sources!: SourceDto[];

  @ApiPropertyOptional({ nullable: true, type: String, description: 'Pass as `cursor` for the next page' })
  next_cursor!: string | null;
}

export class RotatedSourceSecretDto {
  @ApiProperty({ description: 'The new secret' })
  secret!: string;

  @ApiProperty({ nullable: true, type: String, description: 'Until then the previous secret is accepted too' })
  previous_secret_expires_at!: string | null;
}
