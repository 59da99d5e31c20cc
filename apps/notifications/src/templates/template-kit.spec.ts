import { applyEmailLayout } from './email-layout';
import { checkTemplate, compileTemplate, safeUrl } from './handlebars-env';
import { htmlToText } from './html-to-text';
import { localeChain } from './template-content';

describe('template kit', () => {
  it('replaces URLs that escaping does not make safe', () => {
    expect(safeUrl('javascript:alert(1)')).toBe('#');
    expect(safeUrl(' JaVaScRiPt:alert(1)')).toBe('#');
    expect(safeUrl('data:text/html,<b>')).toBe('#');
    expect(safeUrl('https://example.com/a?b=1')).toBe('https://example.com/a?b=1');
    expect(safeUrl(42)).toBe('#');
  });

  it('escapes HTML but not text', () => {
    const data = { name: '<b>Ada & co</b>' };
    expect(compileTemplate('Hi {{name}}', 'html')(data)).toBe('Hi &lt;b&gt;Ada &amp; co&lt;/b&gt;');
    expect(compileTemplate('Hi {{name}}', 'text')(data)).toBe('Hi <b>Ada & co</b>');
  });

  it('refuses unknown helpers and bad syntax at compile time', () => {
    expect(() => checkTemplate('{{shout name}}')).toThrow(/unknown helper shout/);
    expect(() => checkTemplate('{{#if a}}unclosed')).toThrow(/Parse error|Expecting/);
    expect(() => checkTemplate('{{plural n "a" "b"}} {{safe_url u}}')).not.toThrow();
  });

  it('falls back from a regional locale to its language, then the default', () => {
    expect(localeChain('fr-CA')).toEqual(['fr-CA', 'fr', 'default']);
    expect(localeChain(null)).toEqual(['default']);
  });

  it('wraps a fragment in the layout and adds the unsubscribe footer to whole documents', () => {
    expect(applyEmailLayout('<mj-section></mj-section>')).toMatch(/^<mjml><mj-head>[\s\S]*herald.unsubscribe_url/);
    const whole = applyEmailLayout('<mjml><mj-body><mj-section></mj-section></mj-body></mjml>');
    expect(whole.indexOf('herald.unsubscribe_url')).toBeLessThan(whole.indexOf('</mj-body>'));
  });

  it('turns HTML into readable text', () => {
    const html =
      '<html><head><style>p{}</style></head><body><p>Hello &amp; welcome</p><a href="https://x.test/y">Open</a></body></html>';
    expect(htmlToText(html)).toBe('Hello & welcome\nOpen (https://x.test/y)');
  });
});
