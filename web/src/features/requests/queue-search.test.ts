import { describe, expect, it } from 'vitest';
import { requestFindInputSchema, type RequestFilters } from '@privdesk/shared';
import {
  countQueueFilters,
  defaultQueueSearch,
  hasQueueFilters,
  matchesFilters,
  parseQueueSearch,
  queueSearchToParams,
  requestFiltersOf,
  requestFindInputOf,
  searchOfFilters,
  type QueueSearch,
} from './queue-search';

const officer = { canReadInternals: true, seesClearPii: true };
const summaryReader = { canReadInternals: false, seesClearPii: false };
const systemId = '8d1f3c52-3a0b-4c47-9e56-1f7a0d9b2c11';

const parse = (query: string) => parseQueueSearch(new URLSearchParams(query));

/** Every drill-down filter at once, spelled as the dashboard's links spell them. */
const drillQuery = [
  'status=all',
  'due=overdue',
  'receivedFrom=2026-07-01',
  'receivedTo=2026-09-30',
  'closedFrom=2026-08-01',
  'closedTo=2026-08-31',
  'responded=true',
  'late=statutory',
  'onTime=company',
  'overdueMin=8',
  'overdueMax=30',
  'reasonCode=suspected_fraud',
  'extended=false',
  'verification=passed',
  `erasurePending=${systemId}`,
].join('&');

const drillFilters = {
  receivedFrom: '2026-07-01',
  receivedTo: '2026-09-30',
  closedFrom: '2026-08-01',
  closedTo: '2026-08-31',
  responded: true,
  late: 'statutory',
  onTime: 'company',
  overdueMin: 8,
  overdueMax: 30,
  reasonCode: 'suspected_fraud',
  extended: false,
  verification: 'passed',
  erasurePending: systemId,
} as const;

describe('the queue in the address bar: drill-down filters', () => {
  it('reads every drill-down filter and writes it back as it came', () => {
    const search = parse(drillQuery);
    expect(search).toMatchObject({ status: undefined, due: 'overdue', ...drillFilters });
    const params = queueSearchToParams(search);
    expect(Object.fromEntries(params)).toEqual(Object.fromEntries(new URLSearchParams(drillQuery)));
    expect(parseQueueSearch(params)).toEqual(search);
  });

  it('sends them all to an officer’s find, in a shape the server accepts', () => {
    const input = requestFindInputOf(parse(drillQuery), officer);
    expect(input).toEqual({
      page: 1,
      pageSize: 25,
      due: 'overdue',
      ...drillFilters,
      sort: 'dueOn',
      dir: 'asc',
    });
    expect(requestFindInputSchema.safeParse(input).success).toBe(true);
  });

  it('leaves the internal ones out for a summary reader, keeping receipt dates and days overdue', () => {
    const input = requestFindInputOf(parse(drillQuery), summaryReader);
    expect(input).toEqual({
      page: 1,
      pageSize: 25,
      due: 'overdue',
      receivedFrom: '2026-07-01',
      receivedTo: '2026-09-30',
      overdueMin: 8,
      overdueMax: 30,
      sort: 'dueOn',
      dir: 'asc',
    });
    expect(requestFindInputSchema.safeParse(input).success).toBe(true);
  });

  it.each([
    ['receivedFrom', '2026-02-30'],
    ['receivedTo', '1 July 2026'],
    ['closedFrom', '2026-7-1'],
    ['closedTo', ''],
    ['responded', 'yes'],
    ['late', 'legal'],
    ['onTime', 'Statutory'],
    ['overdueMin', '1.5'],
    ['overdueMin', '0'],
    ['overdueMax', 'many'],
    ['overdueMax', '-3'],
    ['reasonCode', 'bored'],
    ['extended', '1'],
    ['verification', 'maybe'],
    ['erasurePending', 'crm'],
  ] as const)('drops a malformed %s (%j) alone, keeping the rest', (key, bad) => {
    const params = new URLSearchParams(drillQuery);
    params.set(key, bad);
    const search = parseQueueSearch(params);
    expect(search[key]).toBeUndefined();
    const { [key]: _dropped, ...others } = drillFilters;
    expect(search).toMatchObject({ due: 'overdue', ...others });
    expect(queueSearchToParams(search).has(key)).toBe(false);
  });

  it('drops the end of a period that ends before it starts, and an "at most" below the "at least"', () => {
    const search = parse(
      'receivedFrom=2026-09-30&receivedTo=2026-07-01&closedFrom=2026-08-02&closedTo=2026-08-01&due=overdue&overdueMin=31&overdueMax=30',
    );
    expect(search).toMatchObject({
      receivedFrom: '2026-09-30',
      receivedTo: undefined,
      closedFrom: '2026-08-02',
      closedTo: undefined,
      overdueMin: 31,
      overdueMax: undefined,
    });
    // One day is a period too.
    expect(parse('closedFrom=2026-08-01&closedTo=2026-08-01')).toMatchObject({
      closedFrom: '2026-08-01',
      closedTo: '2026-08-01',
    });
  });

  it('keeps days overdue only with the Overdue filter, which the server requires', () => {
    for (const due of ['', 'due=due_soon&', 'due=soonish&']) {
      const search = parse(`${due}overdueMin=8&overdueMax=30`);
      expect(search.overdueMin).toBeUndefined();
      expect(search.overdueMax).toBeUndefined();
    }
    // A change of the Due filter leaves none behind, in the link or the request.
    const changed: QueueSearch = { ...parse('due=overdue&overdueMin=8&overdueMax=30'), due: 'due_soon' };
    expect(queueSearchToParams(changed).toString()).toBe('due=due_soon');
    const input = requestFindInputOf(changed, officer);
    expect(input).not.toHaveProperty('overdueMin');
    expect(input).not.toHaveProperty('overdueMax');
    expect(requestFindInputSchema.safeParse(input).success).toBe(true);
  });

  it('keeps them through paging and sorting', () => {
    const search = parse(drillQuery);
    const paged = parseQueueSearch(
      queueSearchToParams({ ...search, page: 3, sort: 'receivedAt', dir: 'desc' }),
    );
    expect(paged).toMatchObject({ page: 3, sort: 'receivedAt', dir: 'desc', ...drillFilters });
  });

  it('counts a period or a span of days overdue as one filter each, and clears them with the rest', () => {
    expect(countQueueFilters(defaultQueueSearch)).toBe(0);
    // status, due, then: received, closed, responded, late, on time, overdue days, reason, extended,
    // verification, erasure.
    expect(countQueueFilters(parse(drillQuery))).toBe(12);
    expect(countQueueFilters(parse('receivedTo=2026-09-30'))).toBe(1);
    expect(hasQueueFilters(parse('extended=true'))).toBe(true);
    expect(hasQueueFilters(parse('extended=nope'))).toBe(false);
  });

  it('turns a view’s filters into a search and recognises the queue showing them', () => {
    const filters: RequestFilters = {
      statuses: ['denied'],
      due: 'overdue',
      ...drillFilters,
      sort: 'receivedAt',
      dir: 'desc',
    };
    const search = searchOfFilters(filters, 50);
    expect(search).toMatchObject({ page: 1, pageSize: 50, status: ['denied'], ...drillFilters });
    expect(matchesFilters(search, filters)).toBe(true);
    expect(matchesFilters({ ...search, late: 'company' }, filters)).toBe(false);
    expect(matchesFilters({ ...search, erasurePending: undefined }, filters)).toBe(false);
    expect(requestFiltersOf(search, officer)).toEqual({
      statuses: ['denied'],
      due: 'overdue',
      ...drillFilters,
      sort: 'receivedAt',
      dir: 'desc',
    });
    // A saved view's days overdue without its Overdue filter would be refused: they are left out.
    expect(searchOfFilters({ ...filters, due: undefined }, 25)).toMatchObject({
      overdueMin: undefined,
      overdueMax: undefined,
    });
  });
});
