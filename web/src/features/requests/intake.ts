import type { FormErrors } from '@mantine/form';
import {
  checkReceiptTime,
  type KnowScope,
  type Regime,
  type RequestChannel,
  type RequestPriority,
  type RequestType,
} from '@privdesk/shared/constants';
import { emailSchema, requestCreateInputSchema, type RequestCreateInput } from '@privdesk/shared';
import type { CustomerOption } from './types';

/** The intake form's values: flat, so every field (nested ones too) has its own place for an error. */
export interface IntakeValues {
  type: RequestType | null;
  regime: Regime | null;
  channel: RequestChannel;
  /** ISO instant; '' when cleared. */
  receivedAt: string;
  requesterName: string;
  requesterEmail: string;
  requesterLocation: string;
  agentName: string;
  agentEmail: string;
  agentPermissionNote: string;
  customerId: string | null;
  description: string;
  priority: RequestPriority;
  minor: boolean;
  /** A CCPA know request only: what the requester asks to know (sent only then). */
  knowScope: KnowScope;
  /** Made of a message in the privacy mailbox: received when it arrived (the field is then fixed). */
  fromMailId: string | null;
}

export function initialIntakeValues(channel: RequestChannel, now: Date): IntakeValues {
  return {
    type: null,
    regime: null,
    channel,
    // Whole minutes: the picker shows no seconds.
    receivedAt: new Date(Math.floor(now.getTime() / 60_000) * 60_000).toISOString(),
    requesterName: '',
    requesterEmail: '',
    requesterLocation: '',
    agentName: '',
    agentEmail: '',
    agentPermissionNote: '',
    customerId: null,
    description: '',
    priority: 'normal',
    minor: false,
    knowScope: 'categories',
    fromMailId: null,
  };
}

/** What the inbox knows of a message a request is made of, and what it suggests. */
export interface IntakeMail {
  id: string;
  receivedAt: string;
  fromName: string;
  fromAddress: string | null;
  subject: string;
  text: string;
  type: RequestType | null;
  regime: Regime | null;
  /** The sender's account, when exactly one has their email: linked at once (the officer may unlink it). */
  customer?: CustomerOption | null;
}

/**
 * The form for a request made of an email: received when the email arrived, by email, from its sender,
 * with the type and law the inbox suggests (for the officer to confirm) and the email as the description.
 */
export function intakeValuesFromMail(mail: IntakeMail, now: Date): IntakeValues {
  const description = `Subject: ${mail.subject}\n\n${mail.text}`.trim();
  return {
    ...initialIntakeValues('email', now),
    type: mail.type,
    regime: mail.regime,
    receivedAt: mail.receivedAt,
    requesterName: mail.fromName,
    requesterEmail: mail.fromAddress ?? '',
    description: description.length > 5000 ? `${description.slice(0, 4999)}…` : description,
    customerId: mail.customer?.id ?? null,
    fromMailId: mail.id,
  };
}

/** Where each input path of `requests.create` lives in the flat form. */
export const intakeFieldOf: Record<string, keyof IntakeValues> = {
  'requester.name': 'requesterName',
  'requester.email': 'requesterEmail',
  'requester.location': 'requesterLocation',
  requester: 'requesterName',
  'agent.name': 'agentName',
  'agent.email': 'agentEmail',
  'agent.permissionNote': 'agentPermissionNote',
  agent: 'agentName',
  // A message already handled, or gone: said beside the receipt time it fixes.
  fromMailId: 'receivedAt',
};

/**
 * The form in the shape `requests.create` takes; the agent travels only for an authorised agent's request.
 * Not yet checked: `requestCreateInputSchema` parses it (see `validateIntake` and `parseIntake`).
 */
export function createInputOf(values: IntakeValues) {
  const location = values.requesterLocation.trim();
  return {
    type: values.type,
    regime: values.regime,
    channel: values.channel,
    ...(values.receivedAt ? { receivedAt: values.receivedAt } : {}),
    requester: {
      name: values.requesterName,
      email: values.requesterEmail,
      ...(location ? { location } : {}),
    },
    agent:
      values.channel === 'authorised_agent'
        ? { name: values.agentName, email: values.agentEmail, permissionNote: values.agentPermissionNote }
        : null,
    customerId: values.customerId,
    description: values.description,
    priority: values.priority,
    minor: values.minor,
    ...(values.regime === 'ccpa' && values.type === 'know' ? { knowScope: values.knowScope } : {}),
    ...(values.fromMailId ? { fromMailId: values.fromMailId } : {}),
  };
}

/**
 * The shared create schema, run in the browser (the server runs it again), plus what the schema cannot know
 * here: that a choice is missing (rather than "unknown"), and that a receipt cannot be in the future.
 */
export function validateIntake(values: IntakeValues, now: Date = new Date()): FormErrors {
  const errors: FormErrors = {};
  const result = requestCreateInputSchema.safeParse(createInputOf(values));
  if (!result.success) {
    for (const issue of result.error.issues) {
      const path = issue.path.map(String).join('.');
      const field = intakeFieldOf[path] ?? path;
      errors[field] ??= issue.message;
    }
  }
  if (values.type === null) errors.type = 'Choose the request type.';
  if (values.regime === null) errors.regime = 'Choose the regime.';
  if (!values.receivedAt) errors.receivedAt = 'Give the time the request was received.';
  // Made of an email: the receipt is the arrival the server recorded on its own clock, which the server
  // checks; this browser's clock may lag it.
  else if (!values.fromMailId) {
    // The server's own rule (future, before 2000), run here too so the field says it before sending.
    const verdict = checkReceiptTime(new Date(values.receivedAt), now);
    if (!verdict.ok) errors.receivedAt = verdict.message;
  }
  return errors;
}

/** The checked input, with the schema's trimming and defaults applied; throws when the form is not valid. */
export function parseIntake(values: IntakeValues): RequestCreateInput {
  return requestCreateInputSchema.parse(createInputOf(values));
}

/** The requester's email once it is a valid address (for the duplicate check), else undefined. */
export function validEmailOf(value: string): string | undefined {
  const parsed = emailSchema.safeParse(value);
  return parsed.success ? parsed.data : undefined;
}
