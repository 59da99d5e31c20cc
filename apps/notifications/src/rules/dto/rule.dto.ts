import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsOptional, IsString, Matches, MaxLength, MinLength } from 'class-validator';

export class CreateRuleDto {
  @ApiProperty({ example: 'invoice.paid' })
  @IsString()
  @MinLength(1)
  @MaxLength(128)
  event_type!: string;

  @ApiProperty({ example: 'invoice-paid' })
  @IsString()
  @MinLength(1)
  @MaxLength(100)
  template!: string;

  @ApiProperty({ example: 'data.user_id', description: 'Dotted path into the event envelope naming the user' })
  @Matches(/^[A-Za-z0-9_]+(\.[A-Za-z0-9_]+){0,9}$/, { message: 'recipient must be a dotted path such as data.user_id' })
  recipient!: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsBoolean()
  critical?: boolean;
}

export class RuleDto {
  @ApiProperty() id!: string;
  @ApiProperty() event_type!: string;
  @ApiProperty() template!: string;
  @ApiProperty() recipient!: string;
  @ApiProperty() critical!: boolean;
  @ApiProperty() created_at!: string;
}
