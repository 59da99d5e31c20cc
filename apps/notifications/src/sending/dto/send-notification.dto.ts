import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { PageQuery } from '@herald/http-app';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsObject,
  IsOptional,
  IsString,
  MaxLength,
  MinLength,
} from 'class-validator';
import { z } from 'zod';
import { CHANNELS } from '../../channels/channel';

export class SendNotificationDto {
  @ApiProperty({ example: 'user_42' })
  @IsString()
  @MinLength(1)
  @MaxLength(128)
  user_id!: string;

  @ApiProperty({ example: 'invoice-paid', description: 'Template key' })
  @IsString()
  @MinLength(1)
  @MaxLength(100)
  template!: string;

  @ApiPropertyOptional({ example: { invoice: { number: 'INV-7', amount: '€42.00' } } })
  @IsOptional()
  @IsObject()
  data?: Record<string, unknown>;

  @ApiPropertyOptional({ enum: CHANNELS, isArray: true, description: 'Default: every channel the template has' })
  @IsOptional()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(4)
  @IsIn(CHANNELS, { each: true, message: `channels must hold only ${CHANNELS.join(', ')}` })
  channels?: string[];

  @ApiPropertyOptional({ example: 'invoice-INV-7-paid', description: 'A repeat with the same key sends nothing' })
  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(255)
  idempotency_key?: string;

  @ApiPropertyOptional({ description: 'Ignores opt-outs, quiet hours and throttles (never the address checks)' })
  @IsOptional()
  @IsBoolean()
  critical?: boolean;
}

/** The `notifications.send` message: the REST body plus `org_id`. */
export const notificationRequestSchema = z.object({
  org_id: z.string().min(1).max(64),
  user_id: z.string().min(1).max(128),
  template: z.string().min(1).max(100),
  data: z.record(z.string(), z.unknown()).optional(),
  channels: z.array(z.enum(CHANNELS)).min(1).max(4).optional(),
  idempotency_key: z.string().min(1).max(255).optional(),
  critical: z.boolean().optional(),
  /** Set by the REST API, which made the notification before publishing. */
  notification_id: z.string().min(1).max(64).optional(),
});

export type NotificationRequest = z.infer<typeof notificationRequestSchema>;

export class ListNotificationsQuery extends PageQuery {
  @ApiPropertyOptional({ example: 'user_42' })
  @IsOptional()
  @IsString()
  @MaxLength(128)
  user_id?: string;
}

export class AcceptedNotificationDto {
  @ApiProperty() id!: string;
  @ApiProperty({ description: 'accepted, processed or failed' }) status!: string;
}
