import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

export class InboundEventDto {
  @ApiProperty({ example: 'inb_01jd3n0b8c7v5r4q2p1m0k9h8g' })
  id!: string;

  @ApiProperty({ example: 'stripe', description: 'The source name it arrived through' })
  source!: string;

  @ApiProperty({ nullable: true, type: String, description: 'null once the source is deleted' })
  source_id!: string | null;

  @ApiProperty({ example: 'stripe' })
  scheme!: string;

  @ApiProperty({ example: 'invoice.paid', description: "The sender's event type" })
  type!: string;

  @ApiProperty({ nullable: true, type: String, example: 'evt_1PqR…', description: "The sender's event id" })
  sender_event_id!: string | null;

  @ApiProperty({ example: 'inbound.stripe.invoice.paid' })
  subject!: string;

  @ApiProperty()
  received_at!: string;

  @ApiProperty()
  published_at!: string;

  @ApiProperty()
  replay_count!: number;

  @ApiProperty({ nullable: true, type: String })
  last_replayed_at!: string | null;
}

export class InboundEventDetailDto extends InboundEventDto {
  @ApiProperty({ example: 'application/json' })
  content_type!: string;

  @ApiProperty({ description: 'The headers kept: content type, signatures, the sender’s ids' })
  headers!: Record<string, string>;

  @ApiProperty({ description: 'The raw body exactly as received, as UTF-8 text' })
  body!: string;

  @ApiProperty({ description: 'The body as published: parsed JSON, or form fields' })
  data!: unknown;
}

export class InboundEventListDto {
  @ApiProperty({ type: InboundEventDto, isArray: true })
  events!: InboundEventDto[];

  @ApiPropertyOptional({ nullable: true, type: String, description: 'Pass as `cursor` for the next page' })
  next_cursor!: string | null;
}

export class ReplayedEventDto {
  @ApiProperty()
  id!: string;

  @ApiProperty({ description: 'How many times the event has now been replayed' })
  replay_count!: number;

  @ApiProperty({ example: 'inbound.stripe.invoice.paid' })
  subject!: string;
}
