import {
  Controller,
  ForbiddenException,
  Headers,
  HttpCode,
  Inject,
  Post,
  Req,
  UnauthorizedException,
} from '@nestjs/common';
import { ApiForbiddenResponse, ApiOkResponse, ApiOperation, ApiTags, ApiUnauthorizedResponse } from '@nestjs/swagger';
import { EventWebhook, EventWebhookHeader } from '@sendgrid/eventwebhook';
import type { Request } from 'express';
import twilio from 'twilio';
import { HERALD_CONFIG, type HeraldConfig } from '@herald/config';
import { TWILIO_STATUS_PATH } from '../channels/sms.sender';
import { ProviderCallbacksService, type SendgridEvent, type TwilioStatus } from './provider-callbacks.service';

type RawRequest = Request & { rawBody?: Buffer };

/** Signed provider callbacks. No API key: the provider's signature is the authority. */
@ApiTags('providers')
@Controller('v1/providers')
export class ProviderCallbacksController {
  private readonly eventWebhook = new EventWebhook();

  constructor(
    @Inject(HERALD_CONFIG) private readonly config: HeraldConfig,
    private readonly callbacks: ProviderCallbacksService,
  ) {}

  @Post('sendgrid/events')
  @HttpCode(200)
  @ApiOperation({ summary: 'SendGrid signed event webhook (ECDSA, SENDGRID_WEBHOOK_PUBLIC_KEY)' })
  @ApiOkResponse()
  @ApiUnauthorizedResponse({ description: 'Missing or bad signature' })
  @ApiForbiddenResponse({ description: 'No public key configured' })
  sendgrid(@Req() request: RawRequest): Promise<{ applied: number }> {
    const publicKey = this.config.notifications.sendgrid.webhookPublicKey;
    if (!publicKey) throw new ForbiddenException('SENDGRID_WEBHOOK_PUBLIC_KEY is not configured');
    const signature = request.header(EventWebhookHeader.SIGNATURE());
    const timestamp = request.header(EventWebhookHeader.TIMESTAMP());
    if (
      !signature ||
      !timestamp ||
      !request.rawBody ||
      !this.verifySendgrid(publicKey, request.rawBody, signature, timestamp)
    ) {
      throw new UnauthorizedException('Bad or missing SendGrid signature');
    }
    const events = JSON.parse(request.rawBody.toString()) as unknown;
    return this.callbacks.applySendgrid(Array.isArray(events) ? (events as SendgridEvent[]) : []);
  }

  @Post('twilio/status')
  @HttpCode(200)
  @ApiOperation({ summary: 'Twilio message status callback (X-Twilio-Signature, TWILIO_AUTH_TOKEN)' })
  @ApiOkResponse()
  @ApiForbiddenResponse({ description: 'Missing or bad signature, or no auth token configured' })
  twilioStatus(
    @Req() request: RawRequest,
    @Headers('x-twilio-signature') signature: string | undefined,
  ): Promise<{ applied: number }> {
    const params = this.verifyTwilio(request, signature, TWILIO_STATUS_PATH);
    return this.callbacks.applyTwilio(params as TwilioStatus);
  }

  @Post('twilio/inbound')
  @HttpCode(200)
  @ApiOperation({ summary: 'Twilio incoming SMS: STOP suppresses the number' })
  @ApiForbiddenResponse({ description: 'Missing or bad signature, or no auth token configured' })
  async twilioInbound(
    @Req() request: RawRequest,
    @Headers('x-twilio-signature') signature: string | undefined,
  ): Promise<{ suppressed: boolean }> {
    const params = this.verifyTwilio(request, signature, '/v1/providers/twilio/inbound');
    return this.callbacks.applyInboundSms(params['From'], params['Body']);
  }

  private verifySendgrid(publicKey: string, body: Buffer, signature: string, timestamp: string): boolean {
    try {
      const key = this.eventWebhook.convertPublicKeyToECDSA(publicKey);
      return this.eventWebhook.verifySignature(key, body.toString(), signature, timestamp);
    } catch {
      return false;
    }
  }

  /** Twilio signs the public URL it called plus the sorted form parameters. */
  private verifyTwilio(request: RawRequest, signature: string | undefined, path: string): Record<string, string> {
    const authToken = this.config.notifications.twilio.authToken;
    if (!authToken) throw new ForbiddenException('TWILIO_AUTH_TOKEN is not configured');
    const params = (typeof request.body === 'object' && request.body !== null ? request.body : {}) as Record<
      string,
      string
    >;
    const query = request.originalUrl.includes('?') ? request.originalUrl.slice(request.originalUrl.indexOf('?')) : '';
    const url = `${this.config.notifications.publicUrl}${path}${query}`;
    if (!signature || !twilio.validateRequest(authToken, signature, url, params)) {
      throw new ForbiddenException('Bad or missing Twilio signature');
    }
    return params;
  }
}
