import { cursorPage } from './cursor-page';

const rows = (n: number) => Array.from({ length: n }, (_, i) => ({ id: `r${i}` }));

describe('cursorPage', () => {
  it('keeps `limit` rows and points the cursor at the last one when another page follows', () => {
    expect(cursorPage(rows(3), 2)).toEqual({ items: [{ id: 'r0' }, { id: 'r1' }], nextCursor: 'r1' });
  });

  it('has no cursor on the last page', () => {
    expect(cursorPage(rows(2), 2)).toEqual({ items: [{ id: 'r0' }, { id: 'r1' }], nextCursor: null });
    expect(cursorPage([], 2)).toEqual({ items: [], nextCursor: null });
  });
});
