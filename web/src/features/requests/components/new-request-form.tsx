import {
  Alert,
  Button,
  Checkbox,
  Grid,
  Group,
  Paper,
  Select,
  Stack,
  Text,
  Textarea,
  TextInput,
  Title,
} from '@mantine/core';
import { useForm } from '@mantine/form';
import { useDebouncedValue } from '@mantine/hooks';
import {
  knowScopeLabels,
  knowScopes,
  regimes,
  requestChannelLabels,
  requestChannels,
  requestPriorities,
  requestPriorityLabels,
  requestTypes,
  suggestRegime,
  type KnowScope,
  type Regime,
  type RequestChannel,
  type RequestPriority,
  type RequestType,
} from '@privdesk/shared/constants';
import { skipToken, useQuery } from '@tanstack/react-query';
import { useId, useState, type ReactNode } from 'react';
import { applyServerErrors } from '../../../lib/form-errors';
import { useTRPC } from '../../../lib/trpc';
import { regimeLabel, requestTypeLabel } from '../format';

/** An instant to the second, in a zone, with the zone named: "2 Mar 2026, 16:30:05 (Europe/London)". */
function formatDateTimeExact(iso: string, timeZone: string): string {
  const text = new Date(iso).toLocaleString('en-GB', {
    day: 'numeric',
    month: 'short',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
    timeZone,
  });
  return `${text} (${timeZone})`;
}
import { useRequestMutations } from '../hooks/use-request-mutations';
import {
  initialIntakeValues,
  intakeFieldOf,
  intakeValuesFromMail,
  type IntakeMail,
  parseIntake,
  validateIntake,
  validEmailOf,
  type IntakeValues,
} from '../intake';
import type { CustomerOption } from '../types';
import { CustomerPicker } from './customer-picker';
import { useLeaveGuard } from '../../../components/forms/leave-guard';
import { DuplicateWarning } from './duplicate-warning';
import { DateTimeField } from '../../../components/forms/date-fields';
import { WarningAlert } from '../../../components/feedback/warning-alert';

const typeOptions = requestTypes.map((t) => ({ value: t, label: requestTypeLabel(t) }));
const regimeOptions = regimes.map((r) => ({ value: r, label: regimeLabel(r) }));
const channelOptions = requestChannels.map((c) => ({ value: c, label: requestChannelLabels[c] }));
const priorityOptions = requestPriorities.map((p) => ({ value: p, label: requestPriorityLabels[p] }));

export interface CreatedRequest {
  id: string;
  reference: string;
  dueOn: string;
  receivedAt: string;
  warnings: string[];
}

function FormSection({ title, children }: { title: string; children: ReactNode }) {
  const id = useId();
  return (
    <Paper withBorder p="md" radius="md" component="section" aria-labelledby={id}>
      <Stack gap="sm">
        <Title order={2} size="h4" id={id}>
          {title}
        </Title>
        {children}
      </Stack>
    </Paper>
  );
}

interface NewRequestFormProps {
  defaultChannel: RequestChannel;
  /** The email in the privacy mailbox this request is made of, if any. */
  fromMail?: IntakeMail | undefined;
  canOpenRequests: boolean;
  canSearchCustomers: boolean;
  onCreated: (created: CreatedRequest) => void;
}

/**
 * Logs a request with its real receipt time. Saving acknowledges nothing: it records that the request
 * arrived, when, through which channel, and from whom.
 */
export function NewRequestForm({
  defaultChannel,
  fromMail,
  canOpenRequests,
  canSearchCustomers,
  onCreated,
}: NewRequestFormProps) {
  const trpc = useTRPC();
  const { create } = useRequestMutations();
  const [customer, setCustomer] = useState<CustomerOption | null>(fromMail?.customer ?? null);
  const [problem, setProblem] = useState<string | null>(null);
  const form = useForm<IntakeValues>({
    mode: 'controlled',
    initialValues: fromMail
      ? intakeValuesFromMail(fromMail, new Date())
      : initialIntakeValues(defaultChannel, new Date()),
    validate: (values) => validateIntake(values),
  });
  const values = form.values;
  // The receipt time is read where the request is handled (the regime's entity, as an admin set it); before
  // a regime is chosen, in the person's own zone, and the field says which.
  const context = useQuery({ ...trpc.requests.intakeContext.queryOptions(), staleTime: 5 * 60_000 });
  const ownZone = Intl.DateTimeFormat().resolvedOptions().timeZone;
  const handlingZone = values.regime ? context.data?.handling[values.regime]?.timeZone : undefined;
  const receiptZone = handlingZone
    ? {
        timeZone: handlingZone,
        label: `${handlingZone}, where ${regimeLabel(values.regime ?? 'gdpr')} requests are handled`,
      }
    : { timeZone: ownZone, label: `${ownZone} (your zone, until a regime is chosen)` };

  // The regime the requester's location (or their account's country) suggests; a suggestion only.
  const location = values.requesterLocation.trim() || customer?.country || '';
  const suggested = suggestRegime(location);
  const differs = suggested !== undefined && values.regime !== null && values.regime !== suggested;
  // Until the person picks a regime themselves, it follows the suggestion (the inbox's counts as theirs).
  const [isRegimeChosen, setIsRegimeChosen] = useState(fromMail?.regime != null);
  const suggest = (nextLocation: string) => {
    const next = suggestRegime(nextLocation);
    if (next !== undefined && !isRegimeChosen) form.setFieldValue('regime', next);
  };

  // Open requests of the same type for the same email or account: checked as the person types.
  const [email] = useDebouncedValue(validEmailOf(values.requesterEmail), 400);
  const duplicateInput =
    values.type !== null && (email !== undefined || customer !== null)
      ? {
          type: values.type,
          ...(email !== undefined ? { email } : {}),
          ...(customer ? { customerId: customer.id } : {}),
        }
      : null;
  const duplicates = useQuery({
    ...trpc.requests.findOpenDuplicates.queryOptions(duplicateInput ?? skipToken),
    staleTime: 10_000,
  });

  // Typed work is not lost by a stray click: leaving the page (in the app or the browser) asks first.
  const leave = useLeaveGuard(form.isDirty(), 'the request you were logging');

  const submit = form.onSubmit(async (submitted) => {
    setProblem(null);
    try {
      const result = await create.mutateAsync(parseIntake(submitted));
      leave.release();
      onCreated({
        id: result.id,
        reference: result.reference,
        dueOn: result.dueOn,
        receivedAt: result.receivedAt,
        warnings: result.warnings,
      });
    } catch (error) {
      setProblem(applyServerErrors(form, error, intakeFieldOf));
    }
  });

  return (
    <form onSubmit={submit} noValidate>
      {leave.guard}
      <Stack gap="lg">
        {problem ? (
          <Alert color="red" variant="light" title="Not logged">
            {problem}
          </Alert>
        ) : null}
        <FormSection title="The request">
          <Grid gap="sm">
            <Grid.Col span={{ base: 12, sm: 6 }}>
              <Select<RequestType>
                label="Request type"
                placeholder="Choose the right asked for"
                data={typeOptions}
                searchable
                nothingFoundMessage="No type matches"
                allowDeselect={false}
                withAsterisk
                {...form.getInputProps('type')}
              />
            </Grid.Col>
            <Grid.Col span={{ base: 12, sm: 6 }}>
              <Select<Regime>
                label="Regime"
                placeholder="The law it is handled under"
                description={
                  suggested
                    ? `Suggested from ${location}: ${regimeLabel(suggested)}`
                    : 'Suggested from the requester’s location'
                }
                data={regimeOptions}
                allowDeselect={false}
                withAsterisk
                {...form.getInputProps('regime')}
                onChange={(value) => {
                  setIsRegimeChosen(true);
                  form.setFieldValue('regime', value);
                }}
              />
            </Grid.Col>
            <Grid.Col span={{ base: 12, sm: 6 }}>
              <Select<RequestChannel>
                label="Channel"
                data={channelOptions}
                allowDeselect={false}
                withAsterisk
                disabled={fromMail !== undefined}
                {...form.getInputProps('channel')}
              />
            </Grid.Col>
            <Grid.Col span={{ base: 12, sm: 6 }}>
              {fromMail ? (
                <TextInput
                  label="Received at"
                  description="When the email arrived: a request made of an email is received then."
                  value={formatDateTimeExact(fromMail.receivedAt, receiptZone.timeZone)}
                  readOnly
                  error={typeof form.errors.receivedAt === 'string' ? form.errors.receivedAt : null}
                />
              ) : (
                <DateTimeField
                  label="Received at"
                  description="When it really arrived; may be earlier than now, never later."
                  timeZone={receiptZone.timeZone}
                  zoneLabel={receiptZone.label}
                  maxInstant={new Date().toISOString()}
                  value={values.receivedAt}
                  onChange={(iso) => form.setFieldValue('receivedAt', iso)}
                  error={typeof form.errors.receivedAt === 'string' ? form.errors.receivedAt : null}
                  withAsterisk
                />
              )}
            </Grid.Col>
            <Grid.Col span={{ base: 12, sm: 6 }}>
              <Select<RequestPriority>
                label="Priority"
                data={priorityOptions}
                allowDeselect={false}
                {...form.getInputProps('priority')}
              />
            </Grid.Col>
            {values.regime === 'ccpa' && values.type === 'know' ? (
              <Grid.Col span={{ base: 12, sm: 6 }}>
                <Select<KnowScope>
                  label="What the requester asks to know"
                  description="Specific pieces need high verification (11 CCR §7062(c))."
                  data={knowScopes.map((k) => ({ value: k, label: knowScopeLabels[k] }))}
                  allowDeselect={false}
                  {...form.getInputProps('knowScope')}
                />
              </Grid.Col>
            ) : null}
            <Grid.Col span={{ base: 12, sm: 6 }}>
              <Checkbox
                label="The data subject is a child (under 16)"
                description="Minors’ requests jump the queue. A linked account of a minor sets this too."
                mt={{ base: 0, sm: 'lg' }}
                {...form.getInputProps('minor', { type: 'checkbox' })}
              />
            </Grid.Col>
          </Grid>
          {differs && suggested ? (
            <WarningAlert>
              The requester’s location ({location}) suggests {regimeLabel(suggested)}; you chose{' '}
              {values.regime ? regimeLabel(values.regime) : ''}. Keep it only if that is the law this request
              is handled under.
            </WarningAlert>
          ) : null}
        </FormSection>
        <FormSection title="Requester">
          <Grid gap="sm">
            <Grid.Col span={{ base: 12, sm: 6 }}>
              <TextInput
                label="Name"
                autoComplete="off"
                withAsterisk
                {...form.getInputProps('requesterName')}
              />
            </Grid.Col>
            <Grid.Col span={{ base: 12, sm: 6 }}>
              <TextInput
                label="Email"
                type="email"
                autoComplete="off"
                withAsterisk
                {...form.getInputProps('requesterEmail')}
              />
            </Grid.Col>
            <Grid.Col span={{ base: 12, sm: 6 }}>
              <TextInput
                label="Location"
                description="Country code, with a region where it matters: DE, GB, US-CA, CA-QC."
                autoComplete="off"
                {...form.getInputProps('requesterLocation')}
                onChange={(event) => {
                  const next = event.currentTarget.value;
                  form.setFieldValue('requesterLocation', next);
                  suggest(next.trim() || customer?.country || '');
                }}
              />
            </Grid.Col>
          </Grid>
          {duplicates.data && duplicateInput !== null ? (
            <DuplicateWarning duplicates={duplicates.data.items} canOpen={canOpenRequests} />
          ) : null}
        </FormSection>
        {values.channel === 'authorised_agent' ? (
          <FormSection title="Authorised agent">
            <Grid gap="sm">
              <Grid.Col span={{ base: 12, sm: 6 }}>
                <TextInput
                  label="Agent’s name"
                  autoComplete="off"
                  withAsterisk
                  {...form.getInputProps('agentName')}
                />
              </Grid.Col>
              <Grid.Col span={{ base: 12, sm: 6 }}>
                <TextInput
                  label="Agent’s email"
                  type="email"
                  autoComplete="off"
                  withAsterisk
                  {...form.getInputProps('agentEmail')}
                />
              </Grid.Col>
              <Grid.Col span={12}>
                <Textarea
                  label="What authorises the agent"
                  description="For example: signed permission, power of attorney. Checked at verification."
                  autosize
                  minRows={2}
                  withAsterisk
                  {...form.getInputProps('agentPermissionNote')}
                />
              </Grid.Col>
            </Grid>
          </FormSection>
        ) : null}
        {canSearchCustomers ? (
          <FormSection title="Linked account">
            <CustomerPicker
              value={customer}
              requester={{ name: values.requesterName, email: values.requesterEmail }}
              error={typeof form.errors.customerId === 'string' ? form.errors.customerId : null}
              onChange={(next) => {
                setCustomer(next);
                form.setFieldValue('customerId', next?.id ?? null);
                if (!values.requesterLocation.trim()) suggest(next?.country ?? '');
              }}
            />
          </FormSection>
        ) : null}
        <FormSection title="Description">
          <Textarea
            label="What the requester asked for"
            description="In their words where possible: internal, not sent to anyone."
            autosize
            minRows={3}
            maxRows={12}
            {...form.getInputProps('description')}
          />
        </FormSection>
        <Group justify="space-between" gap="sm" wrap="wrap">
          <Text size="sm" maw={560}>
            Saving logs the request with its receipt time. It sends nothing to the requester.
          </Text>
          <Button type="submit" loading={form.submitting}>
            Log request
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
