export type QuietHours = { start: string; end: string };

const MINUTES_PER_DAY = 24 * 60;

/**
 * When the quiet window open at `now` ends, or null when it is not open. Windows may wrap past
 * midnight (22:00–07:00); times are read in the recipient's time zone (UTC when none is set).
 */
export function quietHoursEnd(hours: QuietHours, timeZone: string | null, now: Date = new Date()): Date | null {
  const start = minutesOf(hours.start);
  const end = minutesOf(hours.end);
  if (start === end) return null;
  const current = localMinutes(now, timeZone ?? 'UTC');
  const open = start < end ? current >= start && current < end : current >= start || current < end;
  if (!open) return null;
  const minutesLeft = (end - current + MINUTES_PER_DAY) % MINUTES_PER_DAY;
  const end_ = new Date(now.getTime() + minutesLeft * 60_000);
  end_.setUTCSeconds(0, 0);
  return end_;
}

function minutesOf(time: string): number {
  const [hours, minutes] = time.split(':').map(Number);
  return hours * 60 + minutes;
}

function localMinutes(now: Date, timeZone: string): number {
  const parts = new Intl.DateTimeFormat('en-GB', { timeZone, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' })
    .formatToParts(now)
    .reduce<Record<string, string>>((acc, part) => ({ ...acc, [part.type]: part.value }), {});
  return Number(parts['hour']) * 60 + Number(parts['minute']);
}
