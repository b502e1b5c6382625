import type { FormErrors } from '@mantine/form';
import { drpAgentAddInputSchema, drpAgentRotateKeyInputSchema } from '@privdesk/shared';
import type { z } from 'zod';
import type { DrpAgentAddInput, DrpAgentView } from './types';

/** The add form's values: every input holds a string, '' for an optional field left empty. */
export interface AddAgentFormValues {
  id: string;
  name: string;
  verifyKey: string;
  webUrl: string;
  identityAssuranceUrl: string;
  technicalContact: string;
  businessContact: string;
}

export const emptyAddAgentValues: AddAgentFormValues = {
  id: '',
  name: '',
  verifyKey: '',
  webUrl: '',
  identityAssuranceUrl: '',
  technicalContact: '',
  businessContact: '',
};

/** What the form sends: trimmed, and an optional field left empty is not sent at all. */
export function addAgentInputOf(values: AddAgentFormValues): DrpAgentAddInput {
  const optional = (value: string) => {
    const trimmed = value.trim();
    return trimmed === '' ? undefined : trimmed;
  };
  const webUrl = optional(values.webUrl);
  const identityAssuranceUrl = optional(values.identityAssuranceUrl);
  const technicalContact = optional(values.technicalContact);
  const businessContact = optional(values.businessContact);
  return {
    id: values.id.trim(),
    name: values.name.trim(),
    verifyKey: values.verifyKey.trim(),
    ...(webUrl ? { webUrl } : {}),
    ...(identityAssuranceUrl ? { identityAssuranceUrl } : {}),
    ...(technicalContact ? { technicalContact } : {}),
    ...(businessContact ? { businessContact } : {}),
  };
}

/** A zod refusal as form errors: the first message of each field, on the field the form calls by that name. */
function errorsOf(error: z.ZodError, fields: readonly string[]): FormErrors {
  const errors: FormErrors = {};
  for (const issue of error.issues) {
    const field = issue.path[0];
    if (typeof field === 'string' && fields.includes(field) && errors[field] === undefined)
      errors[field] = issue.message;
  }
  return errors;
}

/** Checked by the schema the server checks with, so the form refuses what the server would. */
export function validateAddAgent(values: AddAgentFormValues): FormErrors {
  const parsed = drpAgentAddInputSchema.safeParse(addAgentInputOf(values));
  return parsed.success ? {} : errorsOf(parsed.error, Object.keys(emptyAddAgentValues));
}

export interface RotateKeyFormValues {
  verifyKey: string;
  reason: string;
}

export function rotateKeyInputOf(agent: DrpAgentView, values: RotateKeyFormValues) {
  return {
    id: agent.id,
    version: agent.version,
    verifyKey: values.verifyKey.trim(),
    reason: values.reason.trim(),
  };
}

export function validateRotateKey(agent: DrpAgentView, values: RotateKeyFormValues): FormErrors {
  const parsed = drpAgentRotateKeyInputSchema.safeParse(rotateKeyInputOf(agent, values));
  return parsed.success ? {} : errorsOf(parsed.error, ['verifyKey', 'reason']);
}
