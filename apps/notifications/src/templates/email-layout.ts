/**
 * The shared email layout: a template's MJML that is not a whole `<mjml>` document is placed in
 * its body; every email gets the footer with the unsubscribe link (critical mail has none).
 */
const HEAD = `<mj-head>
  <mj-attributes>
    <mj-all font-family="Helvetica, Arial, sans-serif" />
    <mj-text font-size="15px" line-height="1.5" color="#18181b" />
  </mj-attributes>
</mj-head>`;

const FOOTER = `<mj-section padding="8px 0">
  <mj-column>
    <mj-text font-size="12px" color="#71717a" align="center">{{#if herald.unsubscribe_url}}<a href="{{herald.unsubscribe_url}}" style="color:#71717a">Unsubscribe</a> from these emails.{{/if}}</mj-text>
  </mj-column>
</mj-section>`;

export function applyEmailLayout(mjml: string): string {
  const trimmed = mjml.trim();
  const document = trimmed.startsWith('<mjml')
    ? trimmed
    : `<mjml>${HEAD}<mj-body background-color="#f4f4f5">${trimmed}</mj-body></mjml>`;
  const bodyEnd = document.lastIndexOf('</mj-body>');
  if (bodyEnd < 0) return document;
  return `${document.slice(0, bodyEnd)}${FOOTER}${document.slice(bodyEnd)}`;
}
