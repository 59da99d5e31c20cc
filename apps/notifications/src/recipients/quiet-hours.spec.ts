import { quietHoursEnd } from './quiet-hours';

describe('quietHoursEnd', () => {
  const at = (iso: string) => new Date(iso);

  it('is null outside the window', () => {
    expect(quietHoursEnd({ start: '22:00', end: '07:00' }, 'UTC', at('2026-01-15T12:00:00Z'))).toBeNull();
  });

  it('finds the end of a window that wraps past midnight', () => {
    expect(quietHoursEnd({ start: '22:00', end: '07:00' }, 'UTC', at('2026-01-15T23:30:00Z'))).toEqual(
      at('2026-01-16T07:00:00Z'),
    );
  });

  it('reads the window in the recipient’s time zone', () => {
    // 12:00 UTC is 21:00 in Tokyo, inside 20:00–08:00 there; it ends at 08:00 Tokyo = 23:00 UTC.
    expect(quietHoursEnd({ start: '20:00', end: '08:00' }, 'Asia/Tokyo', at('2026-01-15T12:00:00Z'))).toEqual(
      at('2026-01-15T23:00:00Z'),
    );
  });

  it('treats an empty window as never open', () => {
    expect(quietHoursEnd({ start: '09:00', end: '09:00' }, 'UTC', at('2026-01-15T09:00:00Z'))).toBeNull();
  });
});
