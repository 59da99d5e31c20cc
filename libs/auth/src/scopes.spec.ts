import { grants } from './scopes';

describe('grants', () => {
  it('grants a held scope', () => {
    expect(grants(['notifications:send'], 'notifications:send')).toBe(true);
  });

  it('refuses a scope that is not held', () => {
    expect(grants(['webhooks:read'], 'webhooks:manage')).toBe(false);
    expect(grants(['notifications:send'], 'inbound:manage')).toBe(false);
  });

  it('lets manage imply read, and admin imply everything', () => {
    expect(grants(['webhooks:manage'], 'webhooks:read')).toBe(true);
    expect(grants(['admin'], 'inbound:manage')).toBe(true);
  });
});
