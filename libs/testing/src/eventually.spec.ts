import { eventually } from './eventually';

describe('eventually', () => {
  it('returns the first value the probe gives without throwing', async () => {
    let calls = 0;
    const value = await eventually(
      () => {
        calls += 1;
        if (calls < 3) throw new Error('not yet');
        return calls;
      },
      { intervalMs: 1 },
    );
    expect(value).toBe(3);
  });

  it('keeps polling while the probe returns undefined', async () => {
    let calls = 0;
    const value = await eventually(() => (++calls === 4 ? 'done' : undefined), { intervalMs: 1 });
    expect(value).toBe('done');
  });

  it("fails after the deadline with the probe's last error", async () => {
    await expect(
      eventually(
        () => {
          throw new Error('still 503');
        },
        { timeoutMs: 50, intervalMs: 5, description: 'health' },
      ),
    ).rejects.toThrow('Timed out after 50 ms waiting for health: still 503');
  });
});
