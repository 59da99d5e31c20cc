import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  IsBoolean,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  Matches,
  Max,
  MaxLength,
  Min,
  MinLength,
  ValidateNested,
} from 'class-validator';
import { INBOUND_SCHEMES, type InboundScheme } from '@herald/signing';

/** Lower-case letters, digits, `_` and `-`: the name is a URL path segment and a NATS subject token. */
export const SOURCE_NAME_PATTERN = /^[a-z0-9][a-z0-9_-]{0,62}$/;
const HEADER_NAME_PATTERN = /^[A-Za-z0-9-]{1,128}$/;
/** `data.object.id`, optionally written `$.data.object.id`. */
const JSON_PATH_PATTERN = /^(\$\.)?[A-Za-z0-9_-]+(\.[A-Za-z0-9_-]+){0,15}$/;

export class SourceOptionsDto {
  @ApiPropertyOptional({ example: 'x-signature', description: 'hmac-sha256: the header carrying the signature' })
  @IsOptional()
  @Matches(HEADER_NAME_PATTERN, { message: 'header must be an HTTP header name' })
  header?: string;

  @ApiPropertyOptional({ enum: ['hex', 'base64'], description: 'hmac-sha256: how the signature is written' })
  @IsOptional()
  @IsIn(['hex', 'base64'])
  encoding?: 'hex' | 'base64';

  @ApiPropertyOptional({ example: 'sha256=', description: 'hmac-sha256: text before the signature in the header' })
  @IsOptional()
  @IsString()
  @MaxLength(64)
  prefix?: string;

  @ApiPropertyOptional({
    example: 'x-timestamp',
    description:
      'hmac-sha256: a header with unix seconds; the signed content is then `<timestamp>.<body>` (300 s tolerance)',
  })
  @IsOptional()
  @Matches(HEADER_NAME_PATTERN, { message: 'timestamp_header must be an HTTP header name' })
  timestamp_header?: string;

  @ApiPropertyOptional({ example: 'x-event-id', description: "hmac-sha256: header with the sender's event id" })
  @IsOptional()
  @Matches(HEADER_NAME_PATTERN, { message: 'id_header must be an HTTP header name' })
  id_header?: string;

  @ApiPropertyOptional({ example: 'data.id', description: "hmac-sha256: JSON path to the sender's event id" })
  @IsOptional()
  @Matches(JSON_PATH_PATTERN, { message: 'id_path must be a dotted JSON path such as data.id' })
  id_path?: string;

  @ApiPropertyOptional({ example: 'x-event-type', description: 'hmac-sha256: header with the event type' })
  @IsOptional()
  @Matches(HEADER_NAME_PATTERN, { message: 'event_type_header must be an HTTP header name' })
  event_type_header?: string;

  @ApiPropertyOptional({
    example: 'type',
    description: 'hmac-sha256: JSON path to the event type (default `type`)',
  })
  @IsOptional()
  @Matches(JSON_PATH_PATTERN, { message: 'event_type_path must be a dotted JSON path such as type' })
  event_type_path?: string;
}

export class CreateSourceDto {
  @ApiProperty({ example: 'stripe', description: 'Path segment of the ingestion URL and NATS subject token' })
  @Matches(SOURCE_NAME_PATTERN, {
    message: 'name must be 1-63 lower-case letters, digits, "_" or "-", starting with a letter or digit',
  })
  name!: string;

  @ApiProperty({ enum: INBOUND_SCHEMES })
  @IsIn(INBOUND_SCHEMES)
  scheme!: InboundScheme;

  @ApiPropertyOptional({
    description:
      'The shared secret: Stripe signing secret (whsec_…), Twilio auth token (both required), GitHub webhook secret, ' +
      'Standard Webhooks whsec_… secret; generated when omitted where the scheme lets us choose it',
  })
  @IsOptional()
  @IsString()
  @MinLength(8)
  @MaxLength(256)
  secret?: string;

  @ApiPropertyOptional({ type: SourceOptionsDto, description: 'Only for hmac-sha256 (header and encoding required)' })
  @IsOptional()
  @ValidateNested()
  @Type(() => SourceOptionsDto)
  options?: SourceOptionsDto;

  @ApiPropertyOptional({ example: 'Stripe live account', maxLength: 500 })
  @IsOptional()
  @IsString()
  @MaxLength(500)
  description?: string;

  @ApiPropertyOptional({ default: true, description: 'An inactive source answers 404, as an unknown one' })
  @IsOptional()
  @IsBoolean()
  active?: boolean;

  @ApiPropertyOptional({ minimum: 1, maximum: 1_000_000, description: 'Default: INBOUND_RATE_LIMIT_PER_MINUTE' })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(1_000_000)
  rate_limit_per_minute?: number;
}

export class UpdateSourceDto {
  @ApiPropertyOptional({ example: 'stripe' })
  @IsOptional()
  @Matches(SOURCE_NAME_PATTERN, {
    message: 'name must be 1-63 lower-case letters, digits, "_" or "-", starting with a letter or digit',
  })
  name?: string;

  @ApiPropertyOptional({ type: SourceOptionsDto })
  @IsOptional()
  @ValidateNested()
  @Type(() => SourceOptionsDto)
  options?: SourceOptionsDto;

  @ApiPropertyOptional({ maxLength: 500, nullable: true, type: String })
  @IsOptional()
  @IsString()
  @MaxLength(500)
  description?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsBoolean()
  active?: boolean;

  @ApiPropertyOptional({ minimum: 1, maximum: 1_000_000 })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(1_000_000)
  rate_limit_per_minute?: number;
}

export class RotateSourceSecretDto {
  @ApiPropertyOptional({ description: 'The new secret (required for stripe and twilio); generated otherwise' })
  @IsOptional()
  @IsString()
  @MinLength(8)
  @MaxLength(256)
  secret?: string;

  @ApiPropertyOptional({
    default: 86_400,
    minimum: 0,
    maximum: 604_800,
    description: 'Seconds during which the previous secret is still accepted',
  })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(604_800)
  overlap_seconds?: number;
}
