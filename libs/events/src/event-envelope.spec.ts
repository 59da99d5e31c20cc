import { parseEventEnvelope } from './event-envelope';

const valid = {
  id: 'evt_01',
  type: 'invoice.paid',
  org_id: 'org_1',
  created_at: '2026-01-15T12:30:00Z',
  data: { amount: 42 },
};

describe('parseEventEnvelope', () => {
  it('accepts the envelope of docs/design.md', () => {
    expect(parseEventEnvelope(JSON.stringify(valid))).toEqual({ ok: true, envelope: valid });
  });

  it('says that bytes which are not JSON are not JSON', () => {
    expect(parseEventEnvelope(Buffer.from('{"id":'))).toEqual({ ok: false, reason: 'payload is not valid JSON' });
  });

  it('names every bad field', () => {
    const result = parseEventEnvelope(
      JSON.stringify({ ...valid, type: 'Invoice Paid', created_at: 'yesterday', data: [] }),
    );
    expect(result.ok).toBe(false);
    expect(!result.ok && result.reason).toMatch(/type: .*created_at: .*data: /);
  });

  it('requires every field', () => {
    const { org_id: _omitted, ...withoutOrg } = valid;
    expect(parseEventEnvelope(JSON.stringify(withoutOrg))).toMatchObject({
      ok: false,
      reason: expect.stringContaining('org_id'),
    });
  });
});
