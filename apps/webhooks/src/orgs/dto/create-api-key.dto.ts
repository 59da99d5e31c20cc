import { ApiProperty } from '@nestjs/swagger';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsIn } from 'class-validator';
import { type Scope, SCOPES } from '@herald/auth';

export class CreateApiKeyDto {
  @ApiProperty({ enum: SCOPES, isArray: true, example: ['webhooks:manage', 'notifications:send'] })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(SCOPES.length)
  @IsIn(SCOPES, { each: true, message: `each value in scopes must be one of: ${SCOPES.join(', ')}` })
  scopes!: Scope[];
}

export class IssuedApiKeyDto {
  @ApiProperty({ example: 'key_01jd3n0b8c7v5r4q2p1m0k9h8g' })
  id!: string;

  @ApiProperty({ description: 'The key itself. Shown in this answer only; Herald keeps a hash.', example: 'hrld_3q2…' })
  key!: string;

  @ApiProperty({ enum: SCOPES, isArray: true })
  scopes!: Scope[];

  @ApiProperty({ example: '2026-11-22T08:00:00.000Z' })
  created_at!: string;
}

export class ApiKeyDto {
  @ApiProperty({ example: 'key_01jd3n0b8c7v5r4q2p1m0k9h8g' })
  id!: string;

  @ApiProperty({ description: 'The first characters of the key, to tell keys apart', example: 'hrld_3q2Xk9a' })
  prefix!: string;

  @ApiProperty({ enum: SCOPES, isArray: true })
  scopes!: Scope[];

  @ApiProperty({ example: '2026-11-22T08:00:00.000Z' })
  created_at!: string;

  @ApiProperty({ nullable: true, type: String, example: null })
  last_used_at!: string | null;
}
