import { ApiProperty } from '@nestjs/swagger';
import { IsString, Length } from 'class-validator';

export class CreateOrganizationDto {
  @ApiProperty({ example: 'Acme Inc.', minLength: 1, maxLength: 200 })
  @IsString()
  @Length(1, 200)
  name!: string;
}

export class OrganizationDto {
  @ApiProperty({ example: 'org_01jd3n0b8c7v5r4q2p1m0k9h8g' })
  id!: string;

  @ApiProperty({ example: 'Acme Inc.' })
  name!: string;

  @ApiProperty({ example: '2026-11-22T08:00:00.000Z' })
  created_at!: string;
}
