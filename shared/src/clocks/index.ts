export * from './regimes.js';
export * from './clock.errors.js';
export * from './clock.schemas.js';
export {
  clockRulesRevision,
  computeClocks,
  tryComputeClocks,
  type TryComputeClocksResult,
} from './engine.js';
export { findCalendar, isKnownCalendar, resolveCalendar, HolidayCalendar } from './calendars.js';
export { isIsoDate } from './dates.js';
