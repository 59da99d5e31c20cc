import type { TemplateSource } from './template-content';

/** Templates Herald itself sends with; their keys start with "herald." and cannot be created by orgs. */
export const BUILTIN_PREFIX = 'herald.';

export const WEBHOOK_ENDPOINT_DISABLED_TEMPLATE = 'herald.webhook-endpoint-disabled';

export const BUILTIN_TEMPLATES: Record<string, { category: string; source: TemplateSource }> = {
  [WEBHOOK_ENDPOINT_DISABLED_TEMPLATE]: {
    category: 'operations',
    source: {
      channels: {
        email: {
          subject: 'Webhook endpoint disabled: {{url}}',
          mjml: `<mj-section background-color="#ffffff" padding="24px">
  <mj-column>
    <mj-text font-size="20px" font-weight="bold">A webhook endpoint was disabled</mj-text>
    <mj-text>Herald stopped delivering to <strong>{{url}}</strong>{{#if description}} ({{description}}){{/if}}
      {{#if reason_gone}}because it answered 410 Gone{{else}}because its deliveries kept failing{{/if}}.</mj-text>
    <mj-text>Endpoint <code>{{endpoint_id}}</code>, disabled at {{disabled_at}}. Fix the receiver, then re-enable it
      with <code>PATCH /v1/webhooks/{{endpoint_id}} {"active": true}</code>.</mj-text>
  </mj-column>
</mj-section>`,
        },
        sms: { body: 'Herald: webhook endpoint {{url}} was disabled ({{reason}}).' },
        discord: { content: 'Webhook endpoint `{{url}}` was disabled ({{reason}}) at {{disabled_at}}.' },
        in_app: {
          title: 'Webhook endpoint disabled',
          body: '{{url}} was disabled ({{reason}}) at {{disabled_at}}.',
        },
      },
      locales: {},
      sample_data: {
        endpoint_id: 'ep_01example',
        url: 'https://api.example.com/hooks',
        reason: 'failing',
        disabled_at: '2026-01-15T12:30:00Z',
      },
    },
  },
};
