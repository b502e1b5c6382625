import { Alert, Anchor, Button, Group, List, Paper, Skeleton, Stack, Text, Title } from '@mantine/core';
import { skipToken, useQuery } from '@tanstack/react-query';
import { notifications } from '@mantine/notifications';
import { IconCircleCheck } from '@tabler/icons-react';
import { useState } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { useTRPC } from '../../../lib/trpc';
import type { IntakeMail } from '../intake';
import { paths } from '../../../config/paths';
import { usePageTitle } from '../../../lib/page-title';
import { useActiveStaff } from '../../../lib/session';
import { formatCalendarDate, formatDateTime } from '../format';
import { NewRequestForm, type CreatedRequest } from './new-request-form';
import { WarningAlert } from '../../../components/feedback/warning-alert';

/** The email a request is being made of (`?fromMail=`), with the inbox's suggestions; officers only. */
function useFromMail(canReadInbox: boolean) {
  const [search] = useSearchParams();
  const raw = search.get('fromMail');
  const id = raw && /^[0-9a-f-]{36}$/i.test(raw) && canReadInbox ? raw : null;
  const trpc = useTRPC();
  const query = useQuery(trpc.inbox.get.queryOptions(id ? { id } : skipToken));
  const mail: IntakeMail | undefined = query.data
    ? {
        id: query.data.mail.id,
        receivedAt: query.data.mail.receivedAt,
        fromName: query.data.mail.fromName,
        fromAddress: query.data.mail.fromAddress,
        subject: query.data.mail.subject,
        text: query.data.mail.text,
        type: query.data.suggestion.type,
        regime: query.data.suggestion.regime,
      }
    : undefined;
  // The account whose email is the sender's: found as the picker would find it, by its number.
  const account = query.data?.suggestion.customer ?? null;
  const found = useQuery(
    trpc.customers.search.queryOptions(
      account ? { q: account.accountNumber, limit: 1, from: 'customer_picker' } : skipToken,
    ),
  );
  const customer = found.data?.items.find((c) => c.id === account?.id) ?? null;
  const ready = query.data !== undefined && (account === null || !found.isPending);
  return {
    id,
    query,
    mail: ready && mail ? { ...mail, customer } : undefined,
    handled: query.data ? query.data.mail.status !== 'new' : false,
  };
}

export function NewRequestPage() {
  usePageTitle('New request');
  const navigate = useNavigate();
  const { permissions, roles } = useActiveStaff();
  const fromMail = useFromMail(permissions.includes('inbox:read'));
  const canOpenRequests = permissions.includes('requests:read');
  const [created, setCreated] = useState<CreatedRequest | null>(null);
  // A new key gives "Log another" a fresh form, receipt time included.
  const [formKey, setFormKey] = useState(0);

  const onCreated = (request: CreatedRequest) => {
    if (canOpenRequests) {
      notifications.show({
        color: 'teal',
        title: `${request.reference} logged`,
        message: request.warnings.length > 0 ? request.warnings.join(' ') : 'Received and on the queue.',
      });
      void navigate(paths.request.build(request.id));
      return;
    }
    // Support agents cannot open a request's page: they get the reference to give the customer.
    setCreated(request);
  };

  return (
    <Stack gap="lg" maw={960}>
      <Stack gap={2}>
        <Title order={1}>New request</Title>
        <Text c="dimmed" size="sm">
          Log a data-subject request as it was received: by email, on a call, through an agent.
        </Text>
      </Stack>
      {fromMail.mail ? (
        <Alert variant="light" color="blue" title="Made of an email in the privacy mailbox">
          <Text size="sm">
            From {fromMail.mail.fromName || fromMail.mail.fromAddress || 'an unknown sender'}
            {fromMail.mail.fromName && fromMail.mail.fromAddress ? ` <${fromMail.mail.fromAddress}>` : ''}: “
            {fromMail.mail.subject || '(no subject)'}”. It is received when the email arrived, and the email
            stays linked to the request. Check the suggested type and regime before logging.
          </Text>
        </Alert>
      ) : null}
      {fromMail.handled ? (
        <Alert variant="light" color="yellow" title="This email was already handled">
          It became or joined a request already; see it in the{' '}
          <Anchor component={Link} to={paths.inbox.build()}>
            inbox
          </Anchor>
          .
        </Alert>
      ) : null}
      {fromMail.id !== null &&
      (fromMail.query.isPending || (!fromMail.mail && !fromMail.handled && !fromMail.query.isError)) ? (
        <Skeleton height={320} radius="md" aria-label="Loading the email" />
      ) : fromMail.id !== null && fromMail.query.isError ? (
        <Alert color="red" variant="light" title="The email could not be loaded">
          {fromMail.query.error.message}
        </Alert>
      ) : created ? (
        <Paper withBorder p="lg" radius="md" role="status">
          <Stack gap="sm" align="flex-start">
            <Group gap="xs">
              <IconCircleCheck size={22} color="var(--mantine-color-teal-filled)" aria-hidden />
              <Title order={2} size="h3">
                Logged as <span style={{ whiteSpace: 'nowrap' }}>{created.reference}</span>
              </Title>
            </Group>
            <Text size="sm">
              Received {formatDateTime(created.receivedAt)}; due {formatCalendarDate(created.dueOn)}. Give the
              customer this reference; the privacy team takes it from here.
            </Text>
            {created.warnings.length > 0 ? (
              <WarningAlert title="Please note">
                <List size="sm">
                  {created.warnings.map((w) => (
                    <List.Item key={w}>{w}</List.Item>
                  ))}
                </List>
              </WarningAlert>
            ) : null}
            <Group gap="sm">
              <Button
                onClick={() => {
                  setCreated(null);
                  setFormKey((k) => k + 1);
                }}
              >
                Log another
              </Button>
              <Anchor component={Link} to={paths.queue.build()} size="sm">
                Back to the queue
              </Anchor>
            </Group>
          </Stack>
        </Paper>
      ) : (
        <NewRequestForm
          key={`${formKey}:${fromMail.mail?.id ?? ''}`}
          fromMail={formKey === 0 && !fromMail.handled ? fromMail.mail : undefined}
          defaultChannel={roles.includes('support_agent') && !canOpenRequests ? 'support' : 'email'}
          canOpenRequests={canOpenRequests}
          canSearchCustomers={permissions.includes('customers:read')}
          onCreated={onCreated}
        />
      )}
    </Stack>
  );
}
