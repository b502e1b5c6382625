import type { FormErrors } from '@mantine/form';
import {
  dataCategories,
  type ConnectorKind,
  type DataCategory,
  type InternalTarget,
  type PlatformRetentionScope,
  type RetentionGround,
  type RetentionUnit,
} from '@privdesk/shared/constants';
import { applyServerErrors } from '../../lib/form-errors';
import { isTrpcError } from '../../lib/trpc';
import type { DataSystemFieldsInput, DataSystemView } from './types';

/** The server takes at most this many retention rules per system. */
export const maxRetentionRules = 10;

// Each rule row carries a key of its own, so React keeps a row's inputs (and their focus) with the row when
// another row above it is removed.
let rowCounter = 0;
const nextRowKey = () => {
  rowCounter += 1;
  return `rule-${rowCounter}`;
};

export interface RetentionRuleValues {
  key: string;
  scope: string;
  ground: RetentionGround | null;
  law: string;
  /** A NumberInput holds '' while empty. */
  count: number | string;
  unit: RetentionUnit;
  platformScope: PlatformRetentionScope | null;
}

/**
 * The form's values: text inputs hold strings ('' for none), selects null until chosen. Every connector
 * kind keeps its own fields, so switching kinds back and forth loses nothing typed; only the chosen kind's
 * fields are sent.
 */
export interface DataSystemFormValues {
  name: string;
  description: string;
  ownerId: string | null;
  dataCategories: DataCategory[];
  connectorKind: ConnectorKind | null;
  target: InternalTarget;
  url: string;
  /** On an edit of a webhook whose secret is stored: whether this save replaces it. */
  replaceSecret: boolean;
  /** Never prefilled: the server does not give the stored secret back. */
  secret: string;
  instructions: string;
  retentionRules: RetentionRuleValues[];
}

export function emptyRetentionRule(): RetentionRuleValues {
  return {
    key: nextRowKey(),
    scope: '',
    ground: null,
    law: '',
    count: '',
    unit: 'years',
    platformScope: null,
  };
}

export function emptyFormValues(): DataSystemFormValues {
  return {
    name: '',
    description: '',
    ownerId: null,
    dataCategories: [],
    connectorKind: null,
    target: 'platform',
    url: '',
    replaceSecret: false,
    secret: '',
    instructions: '',
    retentionRules: [],
  };
}

export function formValuesOf(view: DataSystemView): DataSystemFormValues {
  const c = view.connector;
  return {
    name: view.name,
    description: view.description,
    ownerId: view.owner?.id ?? null,
    dataCategories: [...view.dataCategories],
    connectorKind: c.kind,
    target: c.kind === 'internal' ? c.target : 'platform',
    url: c.kind === 'webhook' ? c.url : '',
    replaceSecret: false,
    secret: '',
    instructions: c.kind === 'manual' ? c.instructions : '',
    retentionRules: view.retentionRules.map((r) => ({
      key: nextRowKey(),
      scope: r.scope,
      ground: r.ground,
      law: r.law,
      count: r.period.count,
      unit: r.period.unit,
      platformScope: r.platformScope,
    })),
  };
}

/** Whether the system as stored has a webhook secret: then an edit keeps it unless told to replace it. */
export function hasStoredSecret(view: DataSystemView | null): boolean {
  return view?.connector.kind === 'webhook' && view.connector.secretSetAt !== null;
}

/**
 * Whether the secret's input is shown: always for a webhook without a stored secret (a new one, or one
 * still waiting for it), and behind "Replace the signing secret" when one is stored.
 */
export function isSecretShown(values: DataSystemFormValues, storedSecret: boolean): boolean {
  return values.connectorKind === 'webhook' && (!storedSecret || values.replaceSecret);
}

function connectorInputOf(
  values: DataSystemFormValues,
  storedSecret: boolean,
): DataSystemFieldsInput['connector'] {
  // Validation refuses a missing kind before this is sent; the server would too.
  const kind = values.connectorKind ?? 'manual';
  switch (kind) {
    case 'internal':
      return { kind, target: values.target };
    case 'webhook': {
      const secret = values.secret;
      // No `secret` key at all keeps the stored one: an empty string would be refused, not ignored.
      return isSecretShown(values, storedSecret) && secret !== ''
        ? { kind, url: values.url.trim(), secret }
        : { kind, url: values.url.trim() };
    }
    case 'manual':
      return { kind, instructions: values.instructions.trim() };
  }
}

/** The `fields` the server takes. Call after validation: unchosen selects are refused there first. */
export function fieldsInputOf(values: DataSystemFormValues, storedSecret: boolean): DataSystemFieldsInput {
  const isInternal = values.connectorKind === 'internal';
  return {
    name: values.name.trim(),
    description: values.description.trim(),
    ownerId: values.ownerId,
    dataCategories: dataCategories.filter((c) => values.dataCategories.includes(c)),
    connector: connectorInputOf(values, storedSecret),
    retentionRules: values.retentionRules.map((r) => ({
      scope: r.scope.trim(),
      ground: r.ground ?? 'legal_obligation',
      law: r.law.trim(),
      period: { count: Number(r.count), unit: r.unit },
      // Only the internal connector keeps rows by scope; the server refuses it on any other.
      platformScope: isInternal ? r.platformScope : null,
    })),
  };
}

const loopbackHosts = new Set(['localhost', '127.0.0.1', '[::1]']);

/** The shared schema's rules for a webhook address, with the browser's own URL parser. */
function webhookUrlProblem(value: string): string | null {
  const text = value.trim();
  if (text === '') return 'Enter the webhook’s URL.';
  if (text.length > 500) return 'At most 500 characters.';
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return 'Enter a full URL, such as https://api.example.com/erasure.';
  }
  const isLoopback = loopbackHosts.has(url.hostname);
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && isLoopback))
    return 'Use https:// (plain http only to this machine).';
  if (url.username !== '' || url.password !== '')
    return 'Leave credentials out of the URL: the signing secret authenticates our calls.';
  return null;
}

function secretProblem(value: string, isRequired: boolean): string | null {
  if (value === '') return isRequired ? 'Enter the new signing secret.' : null;
  if (value.length < 32) return 'At least 32 characters: ask the receiver for a long random secret.';
  if (value.length > 256) return 'At most 256 characters.';
  if (/\s/.test(value)) return 'No spaces in a signing secret.';
  return null;
}

function required(errors: FormErrors, field: string, value: string, what: string, max: number): void {
  const text = value.trim();
  if (text === '') errors[field] = `Enter ${what}.`;
  else if (text.length > max) errors[field] = `At most ${max} characters.`;
}

/** The checks the browser can make before sending; the server makes them again and more (a taken name). */
export function validateDataSystemForm(values: DataSystemFormValues, storedSecret: boolean): FormErrors {
  const errors: FormErrors = {};
  required(errors, 'name', values.name, 'a name', 120);
  required(errors, 'description', values.description, 'what it holds and why', 1000);
  if (values.ownerId === null) errors.ownerId = 'Choose the staff member who owns it.';
  if (values.dataCategories.length === 0)
    errors.dataCategories = 'Choose at least one category of personal data.';
  switch (values.connectorKind) {
    case null:
      errors.connectorKind = 'Choose how erasures reach this system.';
      break;
    case 'internal':
      break;
    case 'webhook': {
      const url = webhookUrlProblem(values.url);
      if (url) errors.url = url;
      if (isSecretShown(values, storedSecret)) {
        const secret = secretProblem(values.secret, storedSecret);
        if (secret) errors.secret = secret;
      }
      break;
    }
    case 'manual':
      required(
        errors,
        'instructions',
        values.instructions,
        'what the owner does to erase a person’s data',
        2000,
      );
      break;
  }
  if (values.retentionRules.length > maxRetentionRules)
    errors.retentionRules = `At most ${maxRetentionRules} retention rules.`;
  const scopes = new Set<PlatformRetentionScope>();
  values.retentionRules.forEach((r, i) => {
    const at = `retentionRules.${i}`;
    required(errors, `${at}.scope`, r.scope, 'what is kept', 120);
    if (r.ground === null) errors[`${at}.ground`] = 'Choose the legal ground.';
    required(errors, `${at}.law`, r.law, 'the law that requires it', 300);
    const count = typeof r.count === 'number' ? r.count : Number.NaN;
    if (Number.isNaN(count)) errors[`${at}.count`] = 'Enter how long.';
    else if (!Number.isInteger(count)) errors[`${at}.count`] = 'Whole numbers only.';
    else if (count < 1) errors[`${at}.count`] = 'At least 1.';
    else if (count > 100) errors[`${at}.count`] = 'At most 100.';
    if (values.connectorKind === 'internal' && r.platformScope !== null) {
      if (scopes.has(r.platformScope))
        errors[`${at}.platformScope`] = 'Each part of the platform database is kept by one rule.';
      scopes.add(r.platformScope);
    }
  });
  return errors;
}

const ruleFields = ['scope', 'ground', 'law', 'count', 'unit', 'platformScope'] as const;

/** The form's own field paths, in the order a person meets them. */
function formPathsOf(values: DataSystemFormValues): string[] {
  return [
    'name',
    'description',
    'ownerId',
    'dataCategories',
    'connectorKind',
    'target',
    'url',
    'secret',
    'instructions',
    ...values.retentionRules.flatMap((_, i) => ruleFields.map((f) => `retentionRules.${i}.${f}`)),
    'retentionRules',
  ];
}

const connectorPaths: Record<string, string> = {
  '': 'connectorKind',
  kind: 'connectorKind',
  target: 'target',
  url: 'url',
  secret: 'secret',
  instructions: 'instructions',
};

const rulePaths: Record<string, string> = {
  scope: 'scope',
  ground: 'ground',
  law: 'law',
  period: 'count',
  'period.count': 'count',
  'period.unit': 'unit',
  platformScope: 'platformScope',
};

/**
 * Where the form shows a server error: the server names it inside `fields` and down to a rule's input
 * (`fields.retentionRules.2.period.count`), the connector's fields inside `connector`. Null when the form has
 * no such field (the message then goes to the form's alert).
 */
export function formPathOf(serverPath: string): string | null {
  const path = serverPath.replace(/^fields\./, '');
  if (/^dataCategories(\.\d+)?$/.test(path)) return 'dataCategories';
  if (path === 'connector' || path.startsWith('connector.'))
    return connectorPaths[path.slice('connector.'.length)] ?? null;
  const rule = /^retentionRules\.(\d+)\.(.+)$/.exec(path);
  if (rule) {
    const field = rule[2] === undefined ? undefined : rulePaths[rule[2]];
    return field ? `retentionRules.${rule[1]}.${field}` : `retentionRules`;
  }
  if (['name', 'description', 'ownerId', 'retentionRules'].includes(path)) return path;
  return null;
}

interface FormLike {
  getValues: () => DataSystemFormValues;
  setErrors: (errors: FormErrors) => void;
}

/**
 * Puts the server's field errors beside their fields through the app's one helper (`applyServerErrors`).
 * Returns what finds no field (the message for the form's alert, or null) and the fields that got an error,
 * in the form's order, to take the person to the first.
 */
export function applyDataSystemServerErrors(
  form: FormLike,
  error: unknown,
): { problem: string | null; fields: string[] } {
  const serverKeys = isTrpcError(error) ? Object.keys(error.data?.fieldErrors ?? {}) : [];
  const aliases: Record<string, string> = {};
  for (const key of serverKeys) {
    const path = formPathOf(key);
    if (path) aliases[key] = path;
  }
  const order = formPathsOf(form.getValues());
  let placed: string[] = [];
  const problem = applyServerErrors(
    {
      getValues: () => Object.fromEntries(order.map((path) => [path, true])),
      setErrors: (errors) => {
        placed = order.filter((path) => path in errors);
        form.setErrors(errors);
      },
    },
    error,
    aliases,
  );
  return { problem, fields: placed };
}
