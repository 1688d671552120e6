import type { ListUsersParams } from '../ecgrid/users.js';
import type { ListPage, UserRecord } from '../ecgrid/wire.js';
import { ValidationError } from '../errors.js';

const CURSOR_PREFIX = 'offset:';

/** Encodes a zero-based position in the list as an opaque cursor. */
export function encodeCursor(offset: number): string {
  return Buffer.from(`${CURSOR_PREFIX}${offset}`).toString('base64url');
}

/** Decodes an `after` cursor into the offset of the first record to return. */
export function offsetAfter(cursor: string | null | undefined): number {
  if (cursor === null || cursor === undefined) return 0;
  const decoded = Buffer.from(cursor, 'base64url').toString();
  const match = /^offset:(\d{1,9})$/.exec(decoded);
  if (!match || encodeCursor(Number(match[1])) !== cursor) {
    throw new ValidationError([
      { path: ['after'], message: 'must be a cursor returned by this API (endCursor)' },
    ]);
  }
  return Number(match[1]) + 1;
}

export interface UserWindow {
  users: UserRecord[];
  hasNextPage: boolean;
  totalRecords: number | null;
}

type FetchPage = (
  paging: Pick<ListUsersParams, 'pageNo' | 'recordsPerPage'>,
) => Promise<ListPage<UserRecord>>;

/**
 * Reads `first` users from `offset` through ECGrid's pageNo/recordsPerPage paging, and finds
 * out honestly whether more follow. The first window asks for one record more than it returns;
 * a later one reads the one or two pages of size `first` that cover it, and, when ECGrid sends
 * no totalRecords and the window is full, reads the next single record.
 */
export async function readUserWindow(
  offset: number,
  first: number,
  fetchPage: FetchPage,
): Promise<UserWindow> {
  if (offset === 0) {
    const page = await fetchPage({ pageNo: 1, recordsPerPage: first + 1 });
    const hasNextPage =
      page.totalRecords === null ? page.items.length > first : page.totalRecords > first;
    return { users: page.items.slice(0, first), hasNextPage, totalRecords: page.totalRecords };
  }
  const firstPage = Math.floor(offset / first);
  const lastPage = Math.floor((offset + first - 1) / first);
  const pageNumbers = lastPage === firstPage ? [firstPage] : [firstPage, lastPage];
  const pages = await Promise.all(
    pageNumbers.map((index) => fetchPage({ pageNo: index + 1, recordsPerPage: first })),
  );
  const records = pages.flatMap((page) => page.items);
  const start = offset - firstPage * first;
  const users = records.slice(start, start + first);
  const totalRecords = pages[0]?.totalRecords ?? null;
  if (totalRecords !== null) {
    return { users, hasNextPage: offset + users.length < totalRecords, totalRecords };
  }
  if (records.length > start + first) return { users, hasNextPage: true, totalRecords };
  const lastFetched = pages[pages.length - 1];
  if (users.length < first || (lastFetched && lastFetched.items.length < first)) {
    return { users, hasNextPage: false, totalRecords };
  }
  const probe = await fetchPage({ pageNo: offset + first + 1, recordsPerPage: 1 });
  return { users, hasNextPage: probe.items.length > 0, totalRecords };
}
