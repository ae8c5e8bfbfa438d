/**
 * ZORT's GetPurchaseOrders over purchase orders it keeps, for the sandbox (over loopback HTTP,
 * sandbox/vendors.ts) and the tests (over nock, test/helpers/fake-zort.ts).
 */

type ListedOrder = { document: Record<string, unknown>; createdAt: number; updatedAt: number };

const MINUTE = /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}$/;

/** ZORT's documented page cap. */
export const ZORT_MAX_LIMIT = 500;

/**
 * Where a new purchase order lands in the list: ZORT's order is undocumented, so the fake can
 * play each reading. `shuffled` (the default) puts it at a seeded random place.
 */
export type ZortListOrder = 'shuffled' | 'oldest-first' | 'newest-first';

export type ZortListOptions = {
  /** ZORT's documented cap is 500; a lower one stands for an undocumented cap. */
  maxPageSize?: number;
  order?: ZortListOrder;
  /**
   * List each purchase order with `createdatetime` and `updatedatetime` ("/Date(ms)/"), as ZORT's
   * sales orders carry them: whether purchase orders do is unverified, so both readings are played.
   */
  listsTimes?: boolean;
};

/**
 * The strictest reading of ZORT's minute-resolution "after" filters: a `yyyy-MM-dd HH:mm` in
 * store time (UTC+7) lets through only what happened after that minute has ended.
 */
function afterMinute(value: string): number {
  return Date.parse(`${value.replace(' ', 'T')}:00+07:00`) + 60_000;
}

const netDate = (ms: number) => `/Date(${ms})/`;

/**
 * GetPurchaseOrders as ZORT answers it: `{res, list, count}` (HTTP 200 either way), `limit`
 * capped at 500, `page` from 1, `createdatetimeafter` / `updatedatetimeafter` at minute
 * resolution in UTC+7, in an order of its own (`options.order`); a change leaves a purchase
 * order where it is. The times filtered on are kept beside each document, not in it (the sources
 * show none in the list's items), unless `options.listsTimes`.
 */
export class ZortPurchaseOrderList {
  readonly orders: ListedOrder[] = [];
  private random: number;

  constructor(
    seed = 12345,
    private readonly options: ZortListOptions = {},
  ) {
    this.random = seed;
  }

  /** A deterministic stand-in for ZORT's unknown ordering. */
  private nextPlace(): number {
    const order = this.options.order ?? 'shuffled';
    if (order === 'oldest-first') return this.orders.length;
    if (order === 'newest-first') return 0;
    this.random = (this.random * 1103515245 + 12345) % 2 ** 31;
    return this.random % (this.orders.length + 1);
  }

  has(id: unknown): boolean {
    return this.orders.some((listed) => listed.document.id === id);
  }

  create(document: Record<string, unknown>, at: number): void {
    this.orders.splice(this.nextPlace(), 0, { document, createdAt: at, updatedAt: at });
  }

  update(id: unknown, changes: Record<string, unknown>, at: number): void {
    const order = this.orders.find((listed) => listed.document.id === id);
    if (!order) throw new Error(`The fake has no purchase order ${String(id)}.`);
    order.document = { ...order.document, ...changes };
    order.updatedAt = at;
  }

  private listed(order: ListedOrder): Record<string, unknown> {
    if (!this.options.listsTimes) return order.document;
    return { ...order.document, createdatetime: netDate(order.createdAt), updatedatetime: netDate(order.updatedAt) };
  }

  /**
   * The answer to one request, given its query and the `numberlist` header; `res` is what the
   * list is sent with (success, or a warning such as ZORT's quota notice).
   */
  answer(
    query: Record<string, string>,
    numberlist?: string,
    res: object = { resCode: '200', resDesc: 'Success' },
  ): object {
    const limit = Number(query.limit);
    const page = Number(query.page);
    if (!Number.isInteger(limit) || limit < 1 || !Number.isInteger(page) || page < 1) {
      return { res: { resCode: '100', resDesc: 'Invalid limit or page' } };
    }
    const filters = [
      ['createdatetimeafter', (order: ListedOrder) => order.createdAt],
      ['updatedatetimeafter', (order: ListedOrder) => order.updatedAt],
    ] as const;
    const numbers = numberlist?.split(',').map((value) => value.trim());
    let matching = numbers
      ? this.orders.filter((order) => numbers.includes(String(order.document.number)))
      : this.orders;
    for (const [name, time] of filters) {
      const value = query[name];
      if (value === undefined) continue;
      if (!MINUTE.test(value)) return { res: { resCode: '100', resDesc: `Invalid ${name}` } };
      matching = matching.filter((order) => time(order) >= afterMinute(value));
    }
    const size = Math.min(limit, this.options.maxPageSize ?? ZORT_MAX_LIMIT);
    const list = matching.slice((page - 1) * size, page * size).map((order) => this.listed(order));
    return { res, list, count: matching.length };
  }
}
