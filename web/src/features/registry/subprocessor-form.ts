import type { FormErrors } from '@mantine/form';
import {
  certificationKinds,
  dataCategories,
  dataSubjectCategories,
  isEea,
  mechanismMisfit,
  type CertificationKind,
  type DataCategory,
  type DataSubjectCategory,
  type SccModule,
  type SccVersion,
  type SubprocessorCategory,
  type TransferMechanism,
} from '@privdesk/shared/constants';
import { applyServerErrors } from '../../lib/form-errors';
import type { RouterInputs } from '../../lib/trpc';
import type { SubprocessorFieldsView } from './types';

export type SubprocessorFieldsInput = RouterInputs['registry']['create']['fields'];

// Each repeated row carries a key of its own, so React keeps a row's inputs (and their focus) with the row
// when another row above it is removed.
let rowCounter = 0;
const nextRowKey = () => {
  rowCounter += 1;
  return `row-${rowCounter}`;
};

export interface LocationValues {
  key: string;
  country: string | null;
  mechanism: TransferMechanism | null;
  sccModule: SccModule | null;
  sccVersion: SccVersion | null;
}

export interface CertificationValues {
  key: string;
  kind: CertificationKind | null;
  expiresOn: string;
}

/** The form's values: text inputs hold strings ('' for none), selects null until chosen. */
export interface SubprocessorFormValues {
  name: string;
  legalName: string;
  address: string;
  contactEmail: string;
  website: string;
  category: SubprocessorCategory | null;
  purpose: string;
  services: string;
  dataCategories: DataCategory[];
  subjectCategories: DataSubjectCategory[];
  locations: LocationValues[];
  dpaSignedOn: string;
  dpaExpiresOn: string;
  dpaUrl: string;
  certifications: CertificationValues[];
  dataSystemIds: string[];
  replacesId: string | null;
  /** On an edit only: why, for the history and the audit log (optional). */
  reason: string;
}

export function emptyLocation(): LocationValues {
  return { key: nextRowKey(), country: null, mechanism: null, sccModule: null, sccVersion: null };
}

export function emptyCertification(): CertificationValues {
  return { key: nextRowKey(), kind: null, expiresOn: '' };
}

export function emptyFormValues(): SubprocessorFormValues {
  return {
    name: '',
    legalName: '',
    address: '',
    contactEmail: '',
    website: '',
    category: null,
    purpose: '',
    services: '',
    dataCategories: [],
    subjectCategories: [],
    locations: [emptyLocation()],
    dpaSignedOn: '',
    dpaExpiresOn: '',
    dpaUrl: '',
    certifications: [],
    dataSystemIds: [],
    replacesId: null,
    reason: '',
  };
}

export function formValuesOf(fields: SubprocessorFieldsView): SubprocessorFormValues {
  return {
    name: fields.name,
    legalName: fields.legalName,
    address: fields.address,
    contactEmail: fields.contactEmail,
    website: fields.website ?? '',
    category: fields.category,
    purpose: fields.purpose,
    services: fields.services,
    dataCategories: [...fields.dataCategories],
    subjectCategories: [...fields.subjectCategories],
    locations: fields.locations.map((l) => ({ key: nextRowKey(), ...l })),
    dpaSignedOn: fields.dpaSignedOn ?? '',
    dpaExpiresOn: fields.dpaExpiresOn ?? '',
    dpaUrl: fields.dpaUrl ?? '',
    certifications: fields.certifications.map((c) => ({ key: nextRowKey(), ...c })),
    dataSystemIds: [...fields.dataSystemIds],
    replacesId: fields.replacesId,
    reason: '',
  };
}

/**
 * A country's usual mechanism once it is chosen: inside the EEA none is needed; outside it "none needed"
 * no longer fits and is cleared. Any other choice the person made is left alone.
 */
export function mechanismAfterCountry(
  country: string | null,
  mechanism: TransferMechanism | null,
): TransferMechanism | null {
  if (country === null) return mechanism;
  if (isEea(country)) return 'none_needed';
  return mechanism === 'none_needed' ? null : mechanism;
}

const orNull = (value: string) => (value.trim() === '' ? null : value.trim());

/** The `fields` the server takes. Call after validation: unchosen selects are refused there first. */
export function fieldsInputOf(values: SubprocessorFormValues): SubprocessorFieldsInput {
  return {
    name: values.name.trim(),
    legalName: values.legalName.trim(),
    address: values.address.trim(),
    contactEmail: values.contactEmail.trim(),
    website: orNull(values.website),
    // Validation refuses a missing category before this is sent; the server would too.
    category: values.category ?? 'other',
    purpose: values.purpose.trim(),
    services: values.services.trim(),
    dataCategories: dataCategories.filter((c) => values.dataCategories.includes(c)),
    subjectCategories: dataSubjectCategories.filter((c) => values.subjectCategories.includes(c)),
    locations: values.locations.map((l) => ({
      country: l.country ?? '',
      mechanism: l.mechanism,
      sccModule: l.mechanism === 'scc' ? l.sccModule : null,
      sccVersion: l.mechanism === 'scc' ? l.sccVersion : null,
    })),
    dpaSignedOn: orNull(values.dpaSignedOn),
    dpaExpiresOn: orNull(values.dpaExpiresOn),
    dpaUrl: orNull(values.dpaUrl),
    certifications: values.certifications.flatMap((c) =>
      c.kind === null ? [] : [{ kind: c.kind, expiresOn: c.expiresOn }],
    ),
    dataSystemIds: values.dataSystemIds,
    replacesId: values.replacesId,
  };
}

const emailShape = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const datePattern = /^\d{4}-\d{2}-\d{2}$/;

function httpsProblem(value: string): string | null {
  const text = value.trim();
  if (text === '') return null;
  if (text.length > 500) return 'At most 500 characters.';
  try {
    return new URL(text).protocol === 'https:' ? null : 'Use a full https:// address.';
  } catch {
    return 'Use a full https:// address.';
  }
}

function required(errors: FormErrors, field: string, value: string, what: string, max: number): void {
  const text = value.trim();
  if (text === '') errors[field] = `Enter ${what}.`;
  else if (text.length > max) errors[field] = `At most ${max} characters.`;
}

/** The checks the browser can make before sending; the server makes them again and more (today's date). */
export function validateSubprocessorForm(values: SubprocessorFormValues, isEdit: boolean): FormErrors {
  const errors: FormErrors = {};
  required(errors, 'name', values.name, 'the name customers know it by', 120);
  required(errors, 'legalName', values.legalName, 'the legal name', 200);
  required(errors, 'address', values.address, 'the registered address', 500);
  if (!emailShape.test(values.contactEmail.trim())) errors.contactEmail = 'Enter a valid email address.';
  const website = httpsProblem(values.website);
  if (website) errors.website = website;
  if (values.category === null) errors.category = 'Choose a category.';
  required(errors, 'purpose', values.purpose, 'the purpose', 500);
  required(errors, 'services', values.services, 'the services it provides', 500);
  if (values.dataCategories.length === 0) errors.dataCategories = 'Choose at least one data category.';
  if (values.subjectCategories.length === 0)
    errors.subjectCategories = 'Choose at least one category of data subjects.';
  if (values.locations.length === 0) errors.locations = 'Name at least one country where it processes data.';
  const countries = new Set<string>();
  values.locations.forEach((l, i) => {
    const at = `locations.${i}`;
    if (l.country === null) errors[`${at}.country`] = 'Choose a country.';
    else if (countries.has(l.country)) errors[`${at}.country`] = 'This country is listed twice.';
    else countries.add(l.country);
    if (l.country !== null && l.mechanism !== null) {
      const misfit = mechanismMisfit(l.country, l.mechanism);
      if (misfit) errors[`${at}.mechanism`] = misfit;
    }
    if (l.mechanism === 'scc') {
      if (l.sccModule === null) errors[`${at}.sccModule`] = 'SCCs name their module.';
      if (l.sccVersion === null) errors[`${at}.sccVersion`] = 'SCCs name their version.';
    }
  });
  for (const field of ['dpaSignedOn', 'dpaExpiresOn'] as const) {
    const value = values[field].trim();
    if (value !== '' && !datePattern.test(value)) errors[field] = 'Use a date like 2026-01-31.';
  }
  const dpaUrl = httpsProblem(values.dpaUrl);
  if (dpaUrl) errors.dpaUrl = dpaUrl;
  if (values.dpaExpiresOn !== '' && values.dpaSignedOn === '')
    errors.dpaSignedOn = 'An expiring DPA was signed: give the date.';
  else if (values.dpaUrl.trim() !== '' && values.dpaSignedOn === '')
    errors.dpaSignedOn = 'A linked DPA was signed: give the date.';
  if (values.dpaExpiresOn !== '' && values.dpaSignedOn !== '' && values.dpaExpiresOn <= values.dpaSignedOn)
    errors.dpaExpiresOn = 'It expires after it was signed.';
  const kinds = new Set<CertificationKind>();
  values.certifications.forEach((c, i) => {
    const at = `certifications.${i}`;
    if (c.kind === null) errors[`${at}.kind`] = 'Choose a certification.';
    else if (kinds.has(c.kind)) errors[`${at}.kind`] = 'Listed twice.';
    else kinds.add(c.kind);
    if (!datePattern.test(c.expiresOn)) errors[`${at}.expiresOn`] = 'Give the date the certificate runs to.';
  });
  if (values.certifications.length > certificationKinds.length)
    errors.certifications = 'Each certification once.';
  if (isEdit) {
    const reason = values.reason.trim();
    if (reason !== '' && reason.length < 3) errors.reason = 'Give a reason of at least 3 characters.';
    if (reason.length > 500) errors.reason = 'A reason has at most 500 characters.';
  }
  return errors;
}

/** Lists of choices in one input: a refused item is shown on the input. */
const choiceLists = ['dataCategories', 'subjectCategories', 'dataSystemIds'] as const;
const choiceItem = new RegExp(`^(${choiceLists.join('|')})\\.\\d+$`);

function formPathOf(serverPath: string): string {
  const path = serverPath.replace(/^fields\./, '');
  return path.replace(choiceItem, '$1');
}

/** The form's field paths as the server names them: inside `fields`, the reason beside it. */
function serverPathsOf(values: SubprocessorFormValues): Record<string, true> {
  const out: Record<string, true> = {};
  for (const key of Object.keys(values)) {
    if (key !== 'reason') out[`fields.${key}`] = true;
  }
  values.locations.forEach((_, i) => {
    for (const field of ['country', 'mechanism', 'sccModule', 'sccVersion'])
      out[`fields.locations.${i}.${field}`] = true;
  });
  values.certifications.forEach((_, i) => {
    for (const field of ['kind', 'expiresOn']) out[`fields.certifications.${i}.${field}`] = true;
  });
  for (const list of choiceLists) {
    values[list].forEach((_, i) => {
      out[`fields.${list}.${i}`] = true;
    });
  }
  out.reason = true;
  return out;
}

interface FormLike {
  getValues: () => SubprocessorFormValues;
  setErrors: (errors: FormErrors) => void;
}

/**
 * Puts the server's field errors beside their fields through the app's one helper (`applyServerErrors`):
 * the server names them inside `fields` and down to a row's input (`fields.locations.2.mechanism`), which
 * is where this form shows them. Returns what finds no field (the message for the alert, or null) and the
 * fields that got an error, in the form's order, to take the person to the first.
 */
export function applySubprocessorServerErrors(
  form: FormLike,
  error: unknown,
): { problem: string | null; fields: string[] } {
  let placed: string[] = [];
  const problem = applyServerErrors(
    {
      getValues: () => serverPathsOf(form.getValues()),
      setErrors: (errors) => {
        const mapped = Object.fromEntries(
          Object.entries(errors).map(([key, message]) => [formPathOf(key), message]),
        );
        placed = [...new Set(Object.keys(serverPathsOf(form.getValues())).map(formPathOf))].filter(
          (path) => path in mapped,
        );
        form.setErrors(mapped);
      },
    },
    error,
  );
  return { problem, fields: placed };
}
