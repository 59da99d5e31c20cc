import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  IsBoolean,
  IsEmail,
  IsObject,
  IsOptional,
  IsString,
  IsTimeZone,
  Matches,
  MaxLength,
  ValidateNested,
} from 'class-validator';

const TIME_OF_DAY = /^([01]\d|2[0-3]):[0-5]\d$/;

export class QuietHoursDto {
  @ApiProperty({ example: '22:00', description: 'Start, HH:MM in the recipient’s timezone' })
  @Matches(TIME_OF_DAY, { message: 'start must be a time of day, HH:MM' })
  start!: string;

  @ApiProperty({ example: '07:00', description: 'End, HH:MM in the recipient’s timezone' })
  @Matches(TIME_OF_DAY, { message: 'end must be a time of day, HH:MM' })
  end!: string;
}

/** PUT replaces the recipient's addresses: a field left out is cleared. */
export class PutRecipientDto {
  @ApiPropertyOptional({ example: 'ada@example.com' })
  @IsOptional()
  @IsEmail({}, { message: 'email must be an email address' })
  @MaxLength(320)
  email?: string;

  @ApiPropertyOptional({ example: '+447700900123', description: 'E.164' })
  @IsOptional()
  @Matches(/^\+[1-9]\d{6,14}$/, { message: 'phone must be in E.164 form, e.g. +447700900123' })
  phone?: string;

  @ApiPropertyOptional({ example: 'https://discord.com/api/webhooks/123/abc' })
  @IsOptional()
  @IsString()
  @MaxLength(2048)
  discord_webhook_url?: string;

  @ApiPropertyOptional({ example: 'fr-CA', description: 'BCP 47; templates fall back fr-CA → fr → default' })
  @IsOptional()
  @Matches(/^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$/, { message: 'locale must be a BCP 47 tag such as en or fr-CA' })
  locale?: string;

  @ApiPropertyOptional({ example: 'Europe/Paris', description: 'IANA time zone; quiet hours are read in it' })
  @IsOptional()
  @IsTimeZone({ message: 'timezone must be an IANA time zone such as Europe/Paris' })
  timezone?: string;

  @ApiPropertyOptional({ description: 'Receives the organization’s operational notifications' })
  @IsOptional()
  @IsBoolean()
  admin?: boolean;

  @ApiPropertyOptional({ type: QuietHoursDto, description: 'Non-critical email and SMS wait while it is open' })
  @IsOptional()
  @IsObject()
  @ValidateNested()
  @Type(() => QuietHoursDto)
  quiet_hours?: QuietHoursDto;
}

export class RecipientDto {
  @ApiProperty() user_id!: string;
  @ApiPropertyOptional({ nullable: true, type: String }) email!: string | null;
  @ApiPropertyOptional({ nullable: true, type: String }) phone!: string | null;
  @ApiProperty({ description: 'Whether a Discord webhook URL is set (the URL is a credential, never shown)' })
  discord!: boolean;
  @ApiPropertyOptional({ nullable: true, type: String }) locale!: string | null;
  @ApiPropertyOptional({ nullable: true, type: String }) timezone!: string | null;
  @ApiProperty() admin!: boolean;
  @ApiPropertyOptional({ nullable: true, type: QuietHoursDto }) quiet_hours!: QuietHoursDto | null;
  @ApiProperty() updated_at!: string;
}

export class PreferencesDto {
  @ApiProperty({ example: { email: true, sms: false, discord: true, in_app: true } })
  @IsObject()
  channels!: Record<string, boolean>;

  @ApiPropertyOptional({ example: { marketing: { email: false } } })
  @IsOptional()
  @IsObject()
  categories?: Record<string, Record<string, boolean>>;
}
