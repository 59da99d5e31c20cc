import { patternCovers, patternsOverlap, SubjectMatcher, subjectMatches } from './subject-matcher';

describe('subjectMatches', () => {
  it.each([
    ['events.>', 'events.org_1.invoice.paid', true],
    ['events.>', 'events.org_1', true],
    ['events.>', 'events', false],
    ['events.*', 'events.org_1', true],
    ['events.*', 'events.org_1.invoice', false],
    ['events.*.invoice.paid', 'events.org_1.invoice.paid', true],
    ['events.*.invoice.paid', 'events.org_1.invoice.failed', false],
    ['events.org_1.invoice.paid', 'events.org_1.invoice.paid', true],
    ['events.org_1', 'events.org_1.invoice', false],
    ['*.*', 'a.b', true],
    ['>', 'anything.at.all', true],
    ['webhooks.deliver.*', 'webhooks.deliver', false],
  ])('%s against %s is %s', (pattern, subject, expected) => {
    expect(subjectMatches(pattern, subject)).toBe(expected);
  });
});

describe('SubjectMatcher', () => {
  it('returns nothing when no pattern matches', () => {
    const matcher = new SubjectMatcher([['events.>', 'all events']]);

    expect(matcher.match('inbound.github.push')).toBeUndefined();
  });

  it('prefers the most specific pattern, whatever the registration order', () => {
    const matcher = new SubjectMatcher([
      ['events.>', 'any event'],
      ['events.*.invoice.>', 'any invoice'],
      ['events.*.invoice.paid', 'paid invoice'],
      ['events.org_1.>', 'org 1'],
    ]);

    expect(matcher.match('events.org_2.invoice.paid')?.value).toBe('paid invoice');
    expect(matcher.match('events.org_2.invoice.void')?.value).toBe('any invoice');
    expect(matcher.match('events.org_1.invoice.paid')?.value).toBe('org 1');
    expect(matcher.match('events.org_2.user.created')).toEqual({ pattern: 'events.>', value: 'any event' });
  });

  it('matches an exact subject as a literal pattern', () => {
    const matcher = new SubjectMatcher([['notifications.send', 'send']]);

    expect(matcher.match('notifications.send')?.value).toBe('send');
    expect(matcher.match('notifications.send.now')).toBeUndefined();
  });
});

describe('patternCovers', () => {
  it.each([
    ['events.>', 'events.>', true],
    ['events.>', 'events.org.invoice.paid', true],
    ['>', 'anything.at.all', true],
    ['crash.>', 'crash.retried.>', true],
    ['jobs.*', 'jobs.*', true],
    ['jobs.*', 'jobs.a', true],
    ['jobs.a', 'jobs.*', false],
    ['jobs.*', 'jobs.>', false],
    ['orders.vip.>', 'orders.>', false],
    ['webhooks.deliver.>', 'webhooks.retry.>', false],
    ['a.b', 'a.b.c', false],
    ['a.b.c', 'a.b', false],
  ])('%s covers %s: %s', (pattern, filter, covers) => {
    expect(patternCovers(pattern, filter)).toBe(covers);
  });
});

describe('patternsOverlap', () => {
  it.each([
    ['orders.vip.>', 'orders.>', true],
    ['orders.*.x', 'orders.a.*', true],
    ['a.*', 'a.b.c', false],
    ['webhooks.deliver.>', 'webhooks.retry.>', false],
    ['notifications.send', 'notifications.send', true],
  ])('%s and %s overlap: %s', (a, b, overlap) => {
    expect(patternsOverlap(a, b)).toBe(overlap);
    expect(patternsOverlap(b, a)).toBe(overlap);
  });
});
