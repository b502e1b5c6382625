import Holidays from 'date-holidays';
import { ClockError } from './clock.errors.js';
import { dayFromCivil, isWeekend, parseIsoDate, yearOfDay, type DayNumber } from './dates.js';

/**
 * Holiday calendars from the `date-holidays` package, chosen by a code such as `IE`, `DE`, `GB-ENG`,
 * `US-CA` or `CA-QC` (country, optional state, optional region: `new Holidays('US', 'CA')`).
 *
 * Non-working days are Saturdays, Sundays and holidays of type 'public' — plus type 'bank' for GB
 * calendars, because UK bank holidays are the UK's public holidays (date-holidays 3.37 already types
 * them 'public'; counting 'bank' keeps that true if the data changes). Irish Good Friday ('bank'),
 * German Christmas Eve afternoon ('bank'), optional and observance days do not count.
 *
 * Everything is cached: one Holidays instance per calendar and, per calendar, the holidays of each year
 * once loaded, so the nightly job pays the date-holidays cost once per calendar and year.
 */

interface CalendarCacheEntry {
  readonly calendar: HolidayCalendar;
}

const probe = new Holidays();
let countryCodes: Set<string> | undefined;
const stateCodes = new Map<string, Set<string>>();
const regionCodes = new Map<string, Set<string>>();
const calendarCache = new Map<string, CalendarCacheEntry | null>();

function codesOf(record: Record<string, string> | undefined): Set<string> {
  return new Set(Object.keys(record ?? {}).map((code) => code.toUpperCase()));
}

function knownCountry(country: string): boolean {
  countryCodes ??= codesOf(probe.getCountries());
  return countryCodes.has(country);
}

function knownState(country: string, state: string): boolean {
  let states = stateCodes.get(country);
  if (states === undefined) {
    states = codesOf(probe.getStates(country));
    stateCodes.set(country, states);
  }
  return states.has(state);
}

function knownRegion(country: string, state: string, region: string): boolean {
  const key = `${country}-${state}`;
  let regions = regionCodes.get(key);
  if (regions === undefined) {
    regions = codesOf(probe.getRegions(country, state));
    regionCodes.set(key, regions);
  }
  return regions.has(region);
}

const MS_PER_DAY = 86_400_000;

export class HolidayCalendar {
  readonly code: string;
  private readonly holidays: Holidays;
  private readonly countedTypes: ReadonlySet<string>;
  /** Day number → holiday name, for every loaded year. */
  private readonly days = new Map<DayNumber, string>();
  /** Years whose holidays (and their neighbours', for observed days that cross New Year) are in `days`. */
  private readonly coveredYears = new Set<number>();
  private readonly loadedYears = new Set<number>();
  /** Fast path: [lo, hi] is a run of covered days (the most recently covered year). */
  private lo = 1;
  private hi = 0;

  constructor(code: string, holidays: Holidays, countsBankHolidays: boolean) {
    this.code = code;
    this.holidays = holidays;
    this.countedTypes = new Set(countsBankHolidays ? ['public', 'bank'] : ['public']);
  }

  private loadYear(year: number): void {
    if (this.loadedYears.has(year)) return;
    this.loadedYears.add(year);
    for (const holiday of this.holidays.getHolidays(year)) {
      if (!this.countedTypes.has(holiday.type)) continue;
      const first = parseIsoDate(holiday.date.slice(0, 10));
      if (first === undefined) continue;
      // Multi-day holidays (e.g. a 72-hour Eid) cover every day they span; DST makes 23/25-hour days.
      const span = Math.max(1, Math.round((holiday.end.getTime() - holiday.start.getTime()) / MS_PER_DAY));
      for (let i = 0; i < span; i += 1) {
        const existing = this.days.get(first + i);
        this.days.set(first + i, existing === undefined ? holiday.name : existing);
      }
    }
  }

  private cover(day: DayNumber): void {
    if (day >= this.lo && day <= this.hi) return;
    const year = yearOfDay(day);
    if (!this.coveredYears.has(year)) {
      this.loadYear(year - 1);
      this.loadYear(year);
      this.loadYear(year + 1);
      this.coveredYears.add(year);
    }
    this.lo = dayFromCivil(year, 1, 1);
    this.hi = dayFromCivil(year, 12, 31);
  }

  /** The name of the public holiday on this day, or undefined. Weekends are not holidays. */
  holidayOn(day: DayNumber): string | undefined {
    this.cover(day);
    return this.days.get(day);
  }

  isWorkingDay(day: DayNumber): boolean {
    return !isWeekend(day) && this.holidayOn(day) === undefined;
  }

  /** Why a day is not a working day ("weekend", "public holiday: Easter Monday"), or undefined. */
  nonWorkingReason(day: DayNumber): string | undefined {
    const name = this.holidayOn(day);
    if (isWeekend(day)) return name === undefined ? 'weekend' : `weekend; public holiday: ${name}`;
    return name === undefined ? undefined : `public holiday: ${name}`;
  }

  /** The day itself if it is a working day, else the next working day. */
  rollForward(day: DayNumber): DayNumber {
    let d = day;
    while (!this.isWorkingDay(d)) d += 1;
    return d;
  }

  /** The `count`-th working day after `from` (the day `from` itself never counts). */
  addBusinessDays(from: DayNumber, count: number): DayNumber {
    let d = from;
    let left = count;
    while (left > 0) {
      d += 1;
      if (this.isWorkingDay(d)) left -= 1;
    }
    return d;
  }
}

const CODE_PATTERN = /^[A-Z]{2}(?:-[A-Z0-9]{1,5}){0,2}$/;

function buildCalendar(code: string): HolidayCalendar | null {
  if (!CODE_PATTERN.test(code)) return null;
  const [country = '', state, region] = code.split('-');
  if (!knownCountry(country)) return null;
  if (state !== undefined && !knownState(country, state)) return null;
  if (state !== undefined && region !== undefined && !knownRegion(country, state, region)) return null;
  const options = { languages: ['en'] };
  const holidays =
    state === undefined
      ? new Holidays(country, options)
      : region === undefined
        ? new Holidays(country, state, options)
        : new Holidays(country, state, region, options);
  return new HolidayCalendar(code, holidays, country === 'GB');
}

/** The calendar for a code (case-insensitive), or undefined when date-holidays does not know it. */
export function findCalendar(code: string): HolidayCalendar | undefined {
  let entry = calendarCache.get(code);
  if (entry === undefined) {
    const normalised = code.trim().toUpperCase();
    let shared = calendarCache.get(normalised);
    if (shared === undefined) {
      const calendar = buildCalendar(normalised);
      shared = calendar === null ? null : { calendar };
      calendarCache.set(normalised, shared);
    }
    entry = shared;
    // Remember the raw spelling too, but do not let arbitrary junk grow the cache without bound.
    if (calendarCache.size < 10_000) calendarCache.set(code, entry);
  }
  return entry === null ? undefined : entry.calendar;
}

export function isKnownCalendar(code: string): boolean {
  return findCalendar(code) !== undefined;
}

/** The calendar for a code, or a ClockError naming it. */
export function resolveCalendar(code: string): HolidayCalendar {
  const calendar = findCalendar(code);
  if (calendar === undefined) {
    throw new ClockError(
      'UNKNOWN_CALENDAR',
      `Unknown holiday calendar "${code}": use a country or country-state code that date-holidays knows, such as IE, DE, GB-ENG, US-CA or CA-QC.`,
      ['calendar'],
    );
  }
  return calendar;
}
