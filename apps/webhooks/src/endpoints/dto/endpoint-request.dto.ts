import { ApiProperty, ApiPropertyOptional, PartialType } from '@nestjs/swagger';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsBoolean,
  IsOptional,
  IsString,
  Matches,
  MaxLength,
  MinLength,
} from 'class-validator';

/** `whsec_` + base64 of 24 to 64 bytes: what Standard Webhooks libraries accept. */
const SECRET_PATTERN = /^whsec_[A-Za-z0-9+/]{32,88}={0,2}$/;

export class CreateEndpointDto {
  @ApiProperty({ example: 'https://api.example.com/webhooks/herald', maxLength: 2048 })
  @IsString()
  @MinLength(1)
  @MaxLength(2048)
  url!: string;

  @ApiProperty({ example: ['invoice.paid', 'payment.failed'], description: 'Event types from GET /v1/event-types' })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(100)
  @IsString({ each: true })
  @MaxLength(128, { each: true })
  events!: string[];

  @ApiPropertyOptional({
    description: 'Signing secret; generated when omitted',
    example: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw',
  })
  @IsOptional()
  @Matches(SECRET_PATTERN, { message: 'secret must be "whsec_" followed by base64 of 24 to 64 bytes' })
  secret?: string;

  @ApiPropertyOptional({ default: true })
  @IsOptional()
  @IsBoolean()
  active?: boolean;

  @ApiPropertyOptional({ example: 'Billing service', maxLength: 500 })
  @IsOptional()
  @IsString()
  @MaxLength(500)
  description?: string;
}

export class UpdateEndpointDto extends PartialType(CreateEndpointDto) {}

export class RotateSecretDto {
  @ApiPropertyOptional({ description: 'The new secret; generated when omitted' })
  @IsOptional()
  @Matches(SECRET_PATTERN, { message: 'secret must be "whsec_" followed by base64 of 24 to 64 bytes' })
  secret?: string;
}
