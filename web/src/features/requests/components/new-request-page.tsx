import { Anchor, Button, Group, List, Paper, Stack, Text, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconCircleCheck } from '@tabler/icons-react';
import { useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { paths } from '../../../config/paths';
import { usePageTitle } from '../../../lib/page-title';
import { useActiveStaff } from '../../../lib/session';
import { formatCalendarDate, formatDateTime } from '../format';
import { NewRequestForm, type CreatedRequest } from './new-request-form';
import { WarningAlert } from '../../../components/feedback/warning-alert';

export function NewRequestPage() {
  usePageTitle('New request');
  const navigate = useNavigate();
  const { permissions, roles } = useActiveStaff();
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
      {created ? (
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
          key={formKey}
          defaultChannel={roles.includes('support_agent') && !canOpenRequests ? 'support' : 'email'}
          canOpenRequests={canOpenRequests}
          canSearchCustomers={permissions.includes('customers:read')}
          onCreated={onCreated}
        />
      )}
    </Stack>
  );
}
