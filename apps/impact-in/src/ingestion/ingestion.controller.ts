import { Controller, HttpCode, Param, Post, Req, Res } from '@nestjs/common';
import {
  ApiAcceptedResponse,
  ApiBody,
  ApiConsumes,
  ApiNotFoundResponse,
  ApiOperation,
  ApiPayloadTooLargeResponse,
  ApiServiceUnavailableResponse,
  ApiTags,
  ApiTooManyRequestsResponse,
  ApiUnauthorizedResponse,
  ApiUnsupportedMediaTypeResponse,
} from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { IngestionUrls } from './ingestion-urls';
import { IngestionService } from './ingestion.service';
import { InboundRefusal } from './inbound-refusal';

/** The partners' side: no API key, the signature is the credential. */
@ApiTags('inbound')
@Controller('v1/inbound')
export class IngestionController {
  constructor(
    private readonly ingestion: IngestionService,
    private readonly urls: IngestionUrls,
  ) {}

  @Post(':orgId/:source')
  @HttpCode(202)
  @ApiOperation({
    summary: "A partner's webhook: verified over the exact bytes received, stored and published once",
    description:
      'Answers 202 {id} once INBOUND has stored the event; a repeated delivery of the same sender event id answers ' +
      "202 with the first delivery's id and publishes nothing.",
  })
  @ApiConsumes('application/json', 'application/x-www-form-urlencoded', 'text/plain')
  @ApiBody({ description: "The sender's body, verified byte for byte (at most 1 MiB)", schema: { type: 'string' } })
  @ApiAcceptedResponse({ schema: { example: { id: 'inb_01jd3n0b8c7v5r4q2p1m0k9h8g', duplicate: false } } })
  @ApiUnauthorizedResponse({ description: 'Missing, bad or stale signature' })
  @ApiNotFoundResponse({ description: 'No such (active) source in that organization' })
  @ApiPayloadTooLargeResponse({ description: 'Body over 1 MiB' })
  @ApiUnsupportedMediaTypeResponse({ description: "A content type the source's scheme does not carry" })
  @ApiTooManyRequestsResponse({ description: "Over the source's requests per minute (see Retry-After)" })
  @ApiServiceUnavailableResponse({ description: 'The event could not be published: retry (nothing was stored)' })
  async receive(
    @Param('orgId') orgId: string,
    @Param('source') source: string,
    @Req() request: Request,
    @Res({ passthrough: true }) response: Response,
  ): Promise<{ id: string; duplicate: boolean }> {
    try {
      return await this.ingestion.ingest({
        orgId,
        sourceName: source,
        headers: request.headers,
        rawBody: Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0),
        url: this.urls.asCalled(request),
      });
    } catch (error) {
      if (error instanceof InboundRefusal && error.retryAfterSeconds !== undefined) {
        response.setHeader('retry-after', String(error.retryAfterSeconds));
      }
      throw error;
    }
  }
}
