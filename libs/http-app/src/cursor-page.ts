export const DEFAULT_PAGE_SIZE = 50;

export type CursorPage<T> = { items: T[]; nextCursor: string | null };

/**
 * One page out of `limit + 1` rows fetched in cursor order: the extra row only says that another
 * page follows, whose cursor is the id of this page's last row.
 */
export function cursorPage<T extends { id: string }>(rows: T[], limit: number): CursorPage<T> {
  const items = rows.slice(0, limit);
  return { items, nextCursor: rows.length > limit ? items[items.length - 1].id : null };
}
