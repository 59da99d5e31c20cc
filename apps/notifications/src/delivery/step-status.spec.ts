import { statusesBefore } from './step-status';

describe('statusesBefore', () => {
  it('moves only forward', () => {
    expect(statusesBefore('sent')).toEqual(['queued']);
    expect(statusesBefore('delivered')).toEqual(['queued', 'sent']);
    expect(statusesBefore('failed')).toEqual(['queued', 'sent', 'delivered']);
    expect(statusesBefore('queued')).toEqual([]);
  });
});
