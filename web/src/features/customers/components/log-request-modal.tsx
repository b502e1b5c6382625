import { Group, Modal, Select, Stack, Text, Textarea } from '@mantine/core';
import { useForm } from '@mantine/form';
import {
  regimeTypes,
  regimes,
  requestChannelLabels,
  requestChannels,
  type Regime,
  type RequestChannel,
  type RequestType,
} from '@privdesk/shared/constants';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { DateTimeField } from '../../../components/forms/date-fields';
import { WarningAlert } from '../../../components/feedback/warning-alert';
import { applyServerErrors } from '../../../lib/form-errors';
import { useTRPC } from '../../../lib/trpc';
import { DialogActions } from '../../../components/forms/dialog-actions';
import { regimeLabel, requestTypeLabel } from '../../../lib/labels';
import type { CustomerPageView, CustomerRequestView } from '../types';

const channels = requestChannels.filter((c) => c !== 'authorised_agent');
const channelOptions = channels.map((c) => ({ value: c, label: requestChannelLabels[c] }));
const regimeOptions = regimes.map((r) => ({ value: r, label: regimeLabel(r) }));

export interface LoggedRequest {
  id: string;
  reference: string;
  plainLine: string;
  warnings: string[];
}

interface Values {
  type: RequestType | null;
  regime: Regime;
  channel: RequestChannel;
  receivedAt: string;
  description: string;
}

/**
 * Logs a request for this account in one step (issue 12, item 5): the requester is the account, filled in
 * by the server; the person chooses what was asked, how, and when (now unless said otherwise). An open
 * request of the same type is shown before another is logged.
 */
export function LogRequestModal({
  page,
  shownAs,
  defaultChannel,
  onLogged,
  onClose,
}: {
  page: CustomerPageView;
  /** The account's name and email as this page shows them (masked, or revealed for this view). */
  shownAs: { name: string; email: string };
  defaultChannel: RequestChannel;
  onLogged: (logged: LoggedRequest) => void;
  onClose: () => void;
}) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [problem, setProblem] = useState<string | null>(null);
  const [duplicates, setDuplicates] = useState<CustomerRequestView[] | null>(null);
  const context = useQuery({ ...trpc.requests.intakeContext.queryOptions(), staleTime: 5 * 60_000 });
  const form = useForm<Values>({
    mode: 'controlled',
    initialValues: {
      type: null,
      regime: page.suggestedRegime ?? 'gdpr',
      channel: defaultChannel,
      receivedAt: '',
      description: '',
    },
    validate: {
      type: (value, values) =>
        value === null
          ? 'Choose what the customer asked for.'
          : regimeTypes[values.regime].includes(value)
            ? null
            : `This is not a right under ${regimeLabel(values.regime)}.`,
    },
  });
  const log = useMutation(trpc.customers.logRequest.mutationOptions());
  const values = form.values;
  const typeOptions = regimeTypes[values.regime].map((t) => ({ value: t, label: requestTypeLabel(t) }));
  const zone =
    context.data?.handling[values.regime]?.timeZone ?? Intl.DateTimeFormat().resolvedOptions().timeZone;

  const submit = (confirmDuplicate: boolean) =>
    form.onSubmit(async (v) => {
      setProblem(null);
      if (v.type === null) return;
      try {
        const out = await log.mutateAsync({
          customerId: page.customer.id,
          type: v.type,
          regime: v.regime,
          channel: v.channel,
          ...(v.receivedAt ? { receivedAt: v.receivedAt } : {}),
          description: v.description,
          confirmDuplicate,
        });
        if (!out.logged) {
          setDuplicates(out.duplicates);
          return;
        }
        await queryClient.invalidateQueries({
          queryKey: trpc.customers.get.queryKey({ id: page.customer.id }),
        });
        onLogged({ id: out.id, reference: out.reference, plainLine: out.plainLine, warnings: out.warnings });
        onClose();
      } catch (error) {
        setProblem(applyServerErrors(form, error));
      }
    });

  return (
    <Modal opened onClose={onClose} title={`Log a request for ${page.customer.accountNumber}`} size="lg">
      <form onSubmit={submit(duplicates !== null)} noValidate>
        <Stack gap="sm">
          <Text size="sm">
            The requester is this account ({shownAs.name}, {shownAs.email}): its name, email, country
            {page.customer.minor ? ' and its minor flag' : ''} are filled in for you.
          </Text>
          <Select<RequestType>
            label="What did the customer ask for?"
            placeholder="Choose the right"
            data={typeOptions}
            allowDeselect={false}
            withAsterisk
            data-autofocus
            {...form.getInputProps('type')}
            onChange={(value) => {
              setDuplicates(null);
              form.setFieldValue('type', value);
            }}
          />
          <Group grow align="flex-start" wrap="wrap">
            <Select<Regime>
              label="Regime"
              description={
                page.suggestedRegime
                  ? `Suggested from the account’s country (${page.customer.country})`
                  : 'No regime we handle matches the account’s country: choose one'
              }
              data={regimeOptions}
              allowDeselect={false}
              withAsterisk
              {...form.getInputProps('regime')}
              onChange={(value) => {
                setDuplicates(null);
                if (value) form.setFieldValue('regime', value);
              }}
            />
            <Select<RequestChannel>
              label="How did they ask?"
              data={channelOptions}
              allowDeselect={false}
              withAsterisk
              {...form.getInputProps('channel')}
            />
          </Group>
          <DateTimeField
            label="When did they ask?"
            description="Leave empty for now; earlier if they asked before, never later."
            timeZone={zone}
            zoneLabel={`${zone}, where ${regimeLabel(values.regime)} requests are handled`}
            maxInstant={new Date().toISOString()}
            value={values.receivedAt}
            onChange={(iso) => form.setFieldValue('receivedAt', iso)}
            error={typeof form.errors.receivedAt === 'string' ? form.errors.receivedAt : null}
          />
          <Textarea
            label="What they said (optional)"
            autosize
            minRows={2}
            maxRows={6}
            {...form.getInputProps('description')}
          />
          {duplicates ? (
            <WarningAlert title="This account already has an open request of this type">
              {duplicates
                .map((d) => `${d.reference} (received ${new Date(d.receivedAt).toLocaleDateString('en-GB')})`)
                .join(', ')}
              . Log another only if the customer is asking again for something new.
            </WarningAlert>
          ) : null}
          <DialogActions
            problem={problem}
            problemTitle="Not logged"
            submitLabel={duplicates ? 'Log another anyway' : 'Log request'}
            loading={log.isPending}
            onCancel={onClose}
          />
        </Stack>
      </form>
    </Modal>
  );
}
