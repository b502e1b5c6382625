import { createHash } from 'node:crypto';
import { and, asc, eq, inArray, isNotNull, or, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import {
  calendarDateIn,
  publicRegistrySchema,
  subprocessorCategoryLabels,
  transferMechanismLabels,
  type PublicRegistry,
  type SubprocessorFields,
  type TransferMechanism,
} from '@privdesk/shared';
import { subprocessorNotices, subprocessors } from '../../db/schema.js';
import type { ServiceDeps } from '../../lib/service.js';
import { readSettings } from '../settings/settings.store.js';

/**
 * The public registry (issue 14, item 3): what any visitor, customer or script may read without signing in.
 * Only the public fields of active subprocessors and of changes announced to customers (a notice sent, its
 * objection window open or about to). A proposal nobody was told about yet, a retired vendor, contacts,
 * addresses, DPAs, data systems, objections and subscribers never appear. The value is parsed by
 * `publicRegistrySchema` on the way out: the schema is the allow-list, so a field added to a row here by
 * mistake is dropped instead of published.
 */

const replaced = alias(subprocessors, 'replaced');

/** The transfer mechanisms of its locations, each once, in the order they first appear. */
function mechanismsOf(fields: SubprocessorFields): TransferMechanism[] {
  return [...new Set(fields.locations.flatMap((l) => (l.mechanism === null ? [] : [l.mechanism])))];
}

/** Alphabetical as a reader expects it: case and accents ignored, the same order on every machine. */
const byName = (a: { name: string }, b: { name: string }) =>
  a.name.localeCompare(b.name, 'en', { sensitivity: 'base' }) || a.name.localeCompare(b.name, 'en');

export async function readPublicRegistry(deps: Pick<ServiceDeps, 'db' | 'now'>): Promise<PublicRegistry> {
  const { db } = deps;
  const settings = await readSettings(db);
  const timeZone = settings.handling.gdpr.timeZone;
  const [active, upcoming, [latest]] = await Promise.all([
    db
      .select({ fields: subprocessors.fields, activeFrom: subprocessors.activeFrom })
      .from(subprocessors)
      .where(eq(subprocessors.status, 'active'))
      .orderBy(asc(sql`lower(${subprocessors.name})`), asc(subprocessors.id)),
    db
      .select({
        fields: subprocessors.fields,
        replacesName: replaced.name,
        noticeOn: subprocessorNotices.sentOn,
        objectionDeadline: subprocessorNotices.objectionDeadline,
      })
      .from(subprocessors)
      .innerJoin(subprocessorNotices, eq(subprocessorNotices.subprocessorId, subprocessors.id))
      .leftJoin(replaced, eq(replaced.id, subprocessors.replacesId))
      .where(inArray(subprocessors.status, ['notice_sent', 'objection_window']))
      .orderBy(asc(sql`lower(${subprocessors.name})`), asc(subprocessors.id)),
    // The last change the public list could show: an active or announced one changed, or one that had been
    // public retired. Edits of proposals nobody was told about do not move the date.
    db
      .select({ at: sql<Date | string | null>`max(${subprocessors.updatedAt})` })
      .from(subprocessors)
      .where(
        or(
          inArray(subprocessors.status, ['active', 'notice_sent', 'objection_window']),
          and(
            eq(subprocessors.status, 'retired'),
            or(isNotNull(subprocessors.activeFrom), isNotNull(subprocessors.objectionDeadline)),
          ),
        ),
      ),
  ]);
  // A raw aggregate comes back as the driver gives it (a string from node-postgres, a Date from PGlite).
  const latestAt = latest?.at == null ? null : new Date(latest.at);
  const value: PublicRegistry = {
    updatedOn: calendarDateIn(latestAt ?? deps.now, timeZone),
    active: active
      .map(({ fields, activeFrom }) => ({
        name: fields.name,
        legalName: fields.legalName,
        category: fields.category,
        purpose: fields.purpose,
        countries: fields.locations.map((l) => l.country),
        mechanisms: mechanismsOf(fields),
        website: fields.website ?? null,
        activeFrom,
      }))
      .sort(byName),
    upcoming: upcoming
      .map(({ fields, replacesName, noticeOn, objectionDeadline }) => ({
        kind: replacesName === null ? ('addition' as const) : ('replacement' as const),
        name: fields.name,
        legalName: fields.legalName,
        category: fields.category,
        purpose: fields.purpose,
        countries: fields.locations.map((l) => l.country),
        replaces: replacesName,
        noticeOn,
        objectionDeadline,
      }))
      .sort(byName),
  };
  return publicRegistrySchema.parse(value);
}

/** A strong validator of an answer's bytes: the same list gives the same tag on every instance. */
export function entityTagOf(body: string): string {
  return `"${createHash('sha256').update(body).digest('base64url').slice(0, 32)}"`;
}

// ---- Markdown ----

/**
 * Text as literal Markdown inside a table cell: no emphasis, code, link, HTML or column break can come from
 * it. (Brackets escaped, parentheses and `!` cannot start a link; a cell never starts a line, so `#` is inert.)
 */
function md(text: string): string {
  return text.replace(/\s+/g, ' ').replace(/[\\`*_[\]<>|~]/g, (c) => `\\${c}`);
}

const regionNames = new Intl.DisplayNames(['en'], { type: 'region', fallback: 'code' });

function countriesText(codes: readonly string[]): string {
  return codes.map((code) => `${regionNames.of(code) ?? code} (${code})`).join(', ');
}

function websiteText(url: string | null): string {
  if (url === null) return '';
  // An autolink only for a plain address; anything odd is shown as text.
  return /^https:\/\/[^\s<>|]+$/.test(url) ? `<${url}>` : md(url);
}

function row(cells: readonly string[]): string {
  return `| ${cells.join(' | ')} |`;
}

/**
 * The same list as Markdown, for customers who keep a copy beside their own records of processing or diff
 * it between visits: the current subprocessors, then the announced changes.
 */
export function publicRegistryMarkdown(registry: PublicRegistry): string {
  const lines = [
    '# Syncronis subprocessors',
    '',
    `Updated on ${registry.updatedOn}.`,
    '',
    'Syncronis engages these subprocessors to process personal data for its customers. Each new or replacing ' +
      'subprocessor is announced before it starts; customers may object until the deadline given with it.',
    '',
    'Also at /subprocessors (with a form to receive the notices by email) and as JSON at /public/registry.json.',
    '',
    '## Current subprocessors',
    '',
  ];
  if (registry.active.length === 0) lines.push('None.');
  else {
    lines.push(
      row([
        'Name',
        'Legal name',
        'Category',
        'Purpose',
        'Countries of processing',
        'Transfer safeguards',
        'Website',
        'Active since',
      ]),
      row(Array.from({ length: 8 }, () => '---')),
    );
    for (const s of registry.active)
      lines.push(
        row([
          md(s.name),
          md(s.legalName),
          subprocessorCategoryLabels[s.category],
          md(s.purpose),
          countriesText(s.countries),
          s.mechanisms.map((m) => transferMechanismLabels[m]).join(', '),
          websiteText(s.website),
          s.activeFrom ?? '',
        ]),
      );
  }
  lines.push('', '## Upcoming changes', '');
  if (registry.upcoming.length === 0) lines.push('None announced.');
  else {
    lines.push(
      row([
        'Change',
        'Name',
        'Legal name',
        'Category',
        'Purpose',
        'Countries of processing',
        'Notice sent',
        'Objections until',
      ]),
      row(Array.from({ length: 8 }, () => '---')),
    );
    for (const c of registry.upcoming)
      lines.push(
        row([
          c.kind === 'replacement' && c.replaces !== null ? `Replaces ${md(c.replaces)}` : 'New subprocessor',
          md(c.name),
          md(c.legalName),
          subprocessorCategoryLabels[c.category],
          md(c.purpose),
          countriesText(c.countries),
          c.noticeOn,
          c.objectionDeadline,
        ]),
      );
  }
  lines.push('');
  return lines.join('\n');
}
