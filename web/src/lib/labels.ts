import { regimeTable, requestTypeLabels, type Regime, type RequestType } from '@privdesk/shared/constants';

/** "opt-out of sale/sharing" → "Opt-out of sale/sharing": the shared labels are written to sit inside sentences. */
export function requestTypeLabel(type: RequestType): string {
  const label = requestTypeLabels[type];
  return label.charAt(0).toUpperCase() + label.slice(1);
}

export function regimeLabel(regime: Regime): string {
  return regimeTable[regime].label;
}
