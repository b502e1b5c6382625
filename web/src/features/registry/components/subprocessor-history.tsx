import { Text, VisuallyHidden } from '@mantine/core';
import {
  certificationLabels,
  dataCategoryLabels,
  dataSubjectCategoryLabels,
  objectionOutcomeLabels,
  sccModuleLabels,
  sccVersionLabels,
  subprocessorCategoryLabels,
  subprocessorFieldLabels,
  transferMechanismLabels,
  type ObjectionOutcome,
  type SubprocessorField,
} from '@privdesk/shared/constants';
import { countryName, formatCalendarDate, formatDateTime } from '../format';
import type { HistoryItem } from '../types';
import classes from './registry.module.css';

/** Names for the ids a version holds (data systems, the subprocessor it replaces), as far as this page knows them. */
export interface HistoryNames {
  dataSystems: ReadonlyMap<string, string>;
  subprocessors: ReadonlyMap<string, string>;
}

// A version's values come from the stored record as plain JSON: each is read defensively, by its field, and
// anything unexpected is shown as it is rather than failing the page.

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Anything the page did not expect, as it was stored. */
function asStored(value: unknown): string {
  return typeof value === 'string' ? value : (JSON.stringify(value) ?? '');
}

function labelOf<K extends string>(labels: Record<K, string>, value: unknown): string {
  return typeof value === 'string' && value in labels ? labels[value as K] : asStored(value);
}

const isoDate = /^\d{4}-\d{2}-\d{2}$/;

function dateText(value: unknown): string {
  return typeof value === 'string' && isoDate.test(value) ? formatCalendarDate(value) : asStored(value);
}

function listText(value: unknown, each: (item: unknown) => string): string {
  if (!Array.isArray(value)) return asStored(value);
  return value.length === 0 ? 'None' : value.map(each).join('; ');
}

function locationText(item: unknown): string {
  if (!isRecord(item)) return asStored(item);
  const country = typeof item.country === 'string' ? countryName(item.country) : '?';
  const mechanism =
    item.mechanism === null || item.mechanism === undefined
      ? 'no mechanism yet'
      : labelOf(transferMechanismLabels, item.mechanism);
  const scc =
    item.mechanism === 'scc' && item.sccModule
      ? `, ${labelOf(sccModuleLabels, item.sccModule)}${item.sccVersion ? `, ${labelOf(sccVersionLabels, item.sccVersion)}` : ''}`
      : '';
  return `${country}: ${mechanism}${scc}`;
}

function certificationText(item: unknown): string {
  if (!isRecord(item)) return asStored(item);
  return `${labelOf(certificationLabels, item.kind)} until ${dateText(item.expiresOn)}`;
}

/** One field's value in a version, in words. */
export function describeFieldValue(field: SubprocessorField, value: unknown, names: HistoryNames): string {
  if (value === null || value === undefined || value === '') return 'None';
  switch (field) {
    case 'category':
      return labelOf(subprocessorCategoryLabels, value);
    case 'dataCategories':
      return listText(value, (c) => labelOf(dataCategoryLabels, c));
    case 'subjectCategories':
      return listText(value, (c) => labelOf(dataSubjectCategoryLabels, c));
    case 'locations':
      return listText(value, locationText);
    case 'certifications':
      return listText(value, certificationText);
    case 'dpaSignedOn':
    case 'dpaExpiresOn':
      return dateText(value);
    case 'dataSystemIds':
      return listText(value, (id) =>
        typeof id === 'string'
          ? (names.dataSystems.get(id) ?? 'a data system no longer listed')
          : asStored(id),
      );
    case 'replacesId':
      return typeof value === 'string'
        ? (names.subprocessors.get(value) ?? 'another subprocessor')
        : asStored(value);
    case 'name':
    case 'legalName':
    case 'address':
    case 'contactEmail':
    case 'website':
    case 'purpose':
    case 'services':
    case 'dpaUrl':
      return typeof value === 'string' ? value : JSON.stringify(value);
  }
}

function isField(field: string): field is SubprocessorField {
  return field in subprocessorFieldLabels;
}

/**
 * The server's summary with its dates and outcome in words: it writes ISO dates ("on 2026-12-01") and an
 * objection's outcome by its code ("decided: resolved").
 */
export function readableSummary(item: HistoryItem): string {
  const dated = item.summary.replace(/\b\d{4}-\d{2}-\d{2}\b/g, (date) => formatCalendarDate(date));
  if (item.kind !== 'objection_decided') return dated;
  return dated.replace(/: (\w+)$/, (whole, code: string) => {
    if (!(code in objectionOutcomeLabels)) return whole;
    const label = objectionOutcomeLabels[code as ObjectionOutcome];
    return ` (${label.charAt(0).toLowerCase()}${label.slice(1)})`;
  });
}

function whoOf(item: HistoryItem): string {
  if (item.actor) return item.actor.name;
  if (item.system) return item.system.startsWith('demo') ? 'The demo’s history' : 'Privacy Desk';
  return 'Privacy Desk';
}

/** Every version of the subprocessor, newest first: who, when, what, why, and each changed field. */
export function SubprocessorHistory({
  history,
  names,
}: {
  history: readonly HistoryItem[];
  names: HistoryNames;
}) {
  if (history.length === 0) return <Text size="sm">No history yet.</Text>;
  return (
    <ol className={classes.history} aria-label="History, newest first">
      {history.map((item) => (
        <li key={item.id}>
          <Text size="sm" fw={600}>
            {readableSummary(item)}
          </Text>
          <Text size="xs" c="dimmed">
            {whoOf(item)} · <time dateTime={item.at}>{formatDateTime(item.at)}</time> · version {item.version}
          </Text>
          {item.reason ? (
            <Text size="sm" mt={2}>
              Reason: {item.reason}
            </Text>
          ) : null}
          {item.changes.length > 0 ? (
            <dl className={classes.changes} aria-label="Changed fields">
              {item.changes.map((change) => {
                const field = change.field;
                if (!isField(field)) return null;
                return (
                  <FieldChange
                    key={field}
                    label={subprocessorFieldLabels[field]}
                    before={describeFieldValue(field, change.before, names)}
                    after={describeFieldValue(field, change.after, names)}
                  />
                );
              })}
            </dl>
          ) : null}
        </li>
      ))}
    </ol>
  );
}

function FieldChange({ label, before, after }: { label: string; before: string; after: string }) {
  return (
    <>
      <dt>{label}</dt>
      <dd>
        <VisuallyHidden>Before: </VisuallyHidden>
        <span className={classes.before}>{before}</span> <span aria-hidden>→</span>
        <VisuallyHidden>, after:</VisuallyHidden> {after}
      </dd>
    </>
  );
}
