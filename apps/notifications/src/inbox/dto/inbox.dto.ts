import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { PageQuery } from '@herald/http-app';
import { IsIn, IsOptional } from 'class-validator';

export class InboxQuery extends PageQuery {
  @ApiPropertyOptional({ enum: ['all', 'unread', 'archived'], default: 'all', description: 'all = not archived' })
  @IsOptional()
  @IsIn(['all', 'unread', 'archived'])
  status?: 'all' | 'unread' | 'archived';
}

export class InboxMessageDto {
  @ApiProperty() id!: string;
  @ApiProperty() notification_id!: string;
  @ApiPropertyOptional({ nullable: true, type: String }) category!: string | null;
  @ApiProperty() title!: string;
  @ApiProperty() body!: string;
  @ApiPropertyOptional({ nullable: true, type: String }) seen_at!: string | null;
  @ApiPropertyOptional({ nullable: true, type: String }) read_at!: string | null;
  @ApiPropertyOptional({ nullable: true, type: String }) archived_at!: string | null;
  @ApiProperty() created_at!: string;
}

export class InboxPageDto {
  @ApiProperty({ type: [InboxMessageDto] }) messages!: InboxMessageDto[];
  @ApiProperty() unread_count!: number;
  @ApiPropertyOptional({ nullable: true, type: String }) next_cursor!: string | null;
}
