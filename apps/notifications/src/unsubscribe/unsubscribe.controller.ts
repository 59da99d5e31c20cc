import { Controller, Get, Header, HttpCode, Param, Post } from '@nestjs/common';
import { ApiBadRequestResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { invalidField } from '@herald/http-app';
import { RecipientsRepository } from '../recipients/recipients.repository';
import { optOut, storedPreferences } from '../recipients/preferences';
import { type UnsubscribeClaim, UnsubscribeTokens } from './unsubscribe-tokens';

/** The link in every non-critical email. No API key: the signed token is the authority. */
@ApiTags('unsubscribe')
@Controller('v1/unsubscribe/:token')
export class UnsubscribeController {
  constructor(
    private readonly tokens: UnsubscribeTokens,
    private readonly recipients: RecipientsRepository,
  ) {}

  /** RFC 8058 one-click (List-Unsubscribe-Post), or the button of the page below. */
  @Post()
  @HttpCode(200)
  @ApiOperation({ summary: 'Opt the user out of the token’s category on email' })
  @ApiOkResponse()
  @ApiBadRequestResponse({ description: 'A token that was not signed by this Herald' })
  async unsubscribe(@Param('token') token: string): Promise<{ unsubscribed: true; category: string; channel: string }> {
    const claim = this.claim(token);
    const recipient = await this.recipients.find(claim.orgId, claim.userId);
    if (recipient) {
      const preferences = optOut(storedPreferences(recipient.preferences), claim.category, claim.channel);
      await this.recipients.setPreferences(claim.orgId, claim.userId, preferences);
    }
    return { unsubscribed: true, category: claim.category, channel: claim.channel };
  }

  /** A link opened in a browser (or fetched by a mail scanner) only shows a confirmation button. */
  @Get()
  @Header('content-type', 'text/html; charset=utf-8')
  @ApiOperation({ summary: 'A page that confirms with a POST' })
  page(@Param('token') token: string): string {
    const claim = this.claim(token);
    const category = claim.category.replace(/[^a-z0-9_.-]/g, '');
    return `<!doctype html><html><head><meta charset="utf-8"><title>Unsubscribe</title></head><body>
<form method="post"><p>Stop receiving “${category}” emails?</p><button type="submit">Unsubscribe</button></form>
</body></html>`;
  }

  private claim(token: string): UnsubscribeClaim {
    const claim = this.tokens.verify(token);
    if (!claim) throw invalidField('token', 'token is not a valid unsubscribe token');
    return claim;
  }
}
