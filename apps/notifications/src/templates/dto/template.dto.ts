import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  IsArray,
  IsIn,
  IsInt,
  IsObject,
  IsOptional,
  IsString,
  Matches,
  Max,
  MaxLength,
  Min,
  MinLength,
  ValidateNested,
} from 'class-validator';
import { CHANNELS } from '../../channels/channel';

export class EmailContentDto {
  @ApiProperty({ example: 'Invoice {{invoice.number}} was paid' })
  @IsString()
  @MinLength(1)
  @MaxLength(998)
  subject!: string;

  @ApiProperty({
    description: 'MJML; a fragment (sections) is placed in the shared layout, a whole <mjml> document is used as is',
    example: '<mj-section><mj-column><mj-text>Hello {{name}}</mj-text></mj-column></mj-section>',
  })
  @IsString()
  @MinLength(1)
  @MaxLength(200_000)
  mjml!: string;

  @ApiPropertyOptional({ description: 'Plain-text alternative; generated from the HTML when omitted' })
  @IsOptional()
  @IsString()
  @MaxLength(100_000)
  text?: string;
}

export class SmsContentDto {
  @ApiProperty({ example: 'Invoice {{invoice.number}} was paid' })
  @IsString()
  @MinLength(1)
  @MaxLength(1600)
  body!: string;
}

export class DiscordContentDto {
  @ApiPropertyOptional({ example: 'Invoice **{{invoice.number}}** was paid' })
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  content?: string;

  @ApiPropertyOptional({ description: 'Discord embed objects; their strings are Handlebars too' })
  @IsOptional()
  @IsArray()
  @IsObject({ each: true })
  embeds?: Record<string, unknown>[];
}

export class InAppContentDto {
  @ApiProperty({ example: 'Invoice paid' })
  @IsString()
  @MinLength(1)
  @MaxLength(500)
  title!: string;

  @ApiProperty({ example: 'Invoice {{invoice.number}} was paid' })
  @IsString()
  @MinLength(1)
  @MaxLength(10_000)
  body!: string;
}

export class ChannelContentsDto {
  @ApiPropertyOptional({ type: EmailContentDto })
  @IsOptional()
  @ValidateNested()
  @Type(() => EmailContentDto)
  email?: EmailContentDto;

  @ApiPropertyOptional({ type: SmsContentDto })
  @IsOptional()
  @ValidateNested()
  @Type(() => SmsContentDto)
  sms?: SmsContentDto;

  @ApiPropertyOptional({ type: DiscordContentDto })
  @IsOptional()
  @ValidateNested()
  @Type(() => DiscordContentDto)
  discord?: DiscordContentDto;

  @ApiPropertyOptional({ type: InAppContentDto })
  @IsOptional()
  @ValidateNested()
  @Type(() => InAppContentDto)
  in_app?: InAppContentDto;
}

export class ThrottleDto {
  @ApiProperty({ example: 3, description: 'Messages let through per user × channel × category per window' })
  @IsInt()
  @Min(0)
  @Max(10_000)
  limit!: number;

  @ApiProperty({ example: 3600 })
  @IsInt()
  @Min(1)
  @Max(30 * 24 * 3600)
  window_seconds!: number;
}

export class DigestDto {
  @ApiProperty({ example: 600, description: 'Messages over the throttle are folded into one sent when this closes' })
  @IsInt()
  @Min(1)
  @Max(7 * 24 * 3600)
  window_seconds!: number;
}

export class TemplateVersionBodyDto {
  @ApiProperty({ example: 'billing', description: 'Preferences and throttles are per category' })
  @Matches(/^[a-z0-9][a-z0-9_.-]{0,63}$/, { message: 'category must be lower-case letters, digits, "_", "-" or "."' })
  category!: string;

  @ApiProperty({ type: ChannelContentsDto })
  @IsObject()
  @ValidateNested()
  @Type(() => ChannelContentsDto)
  channels!: ChannelContentsDto;

  @ApiPropertyOptional({
    description: 'Locale variants (fr, fr-CA, …) of some channels; the rest fall back to the default',
    example: { fr: { sms: { body: 'Facture {{invoice.number}} payée' } } },
  })
  @IsOptional()
  @IsObject()
  locales?: Record<string, ChannelContentsDto>;

  @ApiPropertyOptional({ description: 'Data the preview renders with' })
  @IsOptional()
  @IsObject()
  sample_data?: Record<string, unknown>;

  @ApiPropertyOptional({ type: ThrottleDto })
  @IsOptional()
  @ValidateNested()
  @Type(() => ThrottleDto)
  throttle?: ThrottleDto;

  @ApiPropertyOptional({ type: DigestDto, description: 'Without a throttle, every message is folded' })
  @IsOptional()
  @ValidateNested()
  @Type(() => DigestDto)
  digest?: DigestDto;
}

export class CreateTemplateDto extends TemplateVersionBodyDto {
  @ApiProperty({ example: 'invoice-paid' })
  @Matches(/^[a-z0-9][a-z0-9_-]{0,99}$/, { message: 'key must be lower-case letters, digits, "_" or "-"' })
  key!: string;
}

export class PreviewQuery {
  @ApiProperty({ enum: CHANNELS })
  @IsIn(CHANNELS, { message: `channel must be one of ${CHANNELS.join(', ')}` })
  channel!: string;

  @ApiPropertyOptional({ example: 'fr-CA' })
  @IsOptional()
  @Matches(/^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$/, { message: 'locale must be a BCP 47 tag such as en or fr-CA' })
  locale?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  version?: number;
}

export class PartialDto {
  @ApiProperty({ example: '<mj-text>Thanks, the {{org}} team</mj-text>' })
  @IsString()
  @MaxLength(100_000)
  content!: string;
}

export class TemplateDto {
  @ApiProperty() id!: string;
  @ApiProperty() key!: string;
  @ApiProperty() version!: number;
  @ApiProperty() category!: string;
  @ApiProperty() channels!: string[];
  @ApiProperty() content!: Record<string, unknown>;
  @ApiPropertyOptional({ type: ThrottleDto, nullable: true }) throttle!: ThrottleDto | null;
  @ApiPropertyOptional({ type: DigestDto, nullable: true }) digest!: DigestDto | null;
  @ApiProperty() created_at!: string;
}

export class TemplateVersionQuery {
  @ApiPropertyOptional()
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  version?: number;
}
