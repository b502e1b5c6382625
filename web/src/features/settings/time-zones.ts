import {
  isOptionsGroup,
  type ComboboxData,
  type ComboboxParsedItem,
  type OptionsFilter,
} from '@mantine/core';

let supported: readonly string[] | null = null;

/** Every IANA zone this browser knows, read once (about 420 names). */
export function supportedTimeZones(): readonly string[] {
  if (supported === null) {
    try {
      supported = Intl.supportedValuesOf('timeZone');
    } catch {
      // An older browser without the list still shows the zones in use; the server checks every name.
      supported = [];
    }
  }
  return supported;
}

/**
 * The zones grouped by their area ("Europe", "America", …), with `extra` names (the saved zone, the
 * default) added where the browser's list lacks them, so a value in use is always an option.
 */
export function timeZoneOptions(extra: readonly string[]): ComboboxData {
  const names = new Set(supportedTimeZones());
  for (const zone of extra) if (zone) names.add(zone);
  const groups = new Map<string, string[]>();
  for (const zone of [...names].sort()) {
    const slash = zone.indexOf('/');
    const area = slash > 0 ? zone.slice(0, slash) : 'Other';
    const items = groups.get(area) ?? [];
    items.push(zone);
    groups.set(area, items);
  }
  return [...groups].map(([group, items]) => ({ group, items }));
}

/** "Los_Angeles", "los angeles" and "LOS-ANGELES" are the same search. */
function searchable(text: string): string {
  return text.toLowerCase().replace(/[_\s-]+/g, ' ');
}

/** Mantine's filter, forgiving about the underscores in zone names; groups left empty are dropped. */
export const timeZoneFilter: OptionsFilter = ({ options, search, limit }) => {
  const wanted = searchable(search.trim());
  const result: ComboboxParsedItem[] = [];
  let count = 0;
  for (const option of options) {
    if (count >= limit) break;
    if (isOptionsGroup(option)) {
      const items = option.items.filter((item) => searchable(item.label).includes(wanted));
      const kept = items.slice(0, limit - count);
      if (kept.length > 0) {
        result.push({ group: option.group, items: kept });
        count += kept.length;
      }
    } else if (searchable(option.label).includes(wanted)) {
      result.push(option);
      count += 1;
    }
  }
  return result;
};
