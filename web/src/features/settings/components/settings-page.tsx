import { Alert, Button, Stack, Text, Title } from '@mantine/core';
import { IconArrowRight, IconLock, IconRefresh } from '@tabler/icons-react';
import { useCallback, useState } from 'react';
import { Link } from 'react-router';
import { PageLoader } from '../../../components/feedback/page-loader';
import { QueryErrorAlert } from '../../../components/feedback/query-error-alert';
import { paths } from '../../../config/paths';
import { usePageTitle } from '../../../lib/page-title';
import { useCan } from '../../../lib/session';
import { useSettingsQuery } from '../hooks/use-settings';
import type { SettingsView } from '../settings-form';
import { formatDateTime } from '../settings-labels';
import { SettingsEditor } from './settings-editor';
import { SettingsReadOnly } from './settings-read-only';
import { MessageTemplates } from './message-templates';
import { SettingsSection } from './settings-section';

function LastChanged({ view }: { view: SettingsView }) {
  if (view.updatedAt === null) {
    return (
      <Text size="sm" c="dimmed">
        Never changed: these are the settings Privacy Desk starts with.
      </Text>
    );
  }
  return (
    <Text size="sm" c="dimmed">
      Last changed by {view.updatedBy?.name ?? 'a former staff member'} on{' '}
      <time dateTime={view.updatedAt}>{formatDateTime(view.updatedAt)}</time> (version {view.version}).
    </Text>
  );
}

/** The Data Rights Protocol's agents have a page of their own: a link to it, for admins and auditors alike. */
function AuthorisedAgentsLink({ canManage }: { canManage: boolean }) {
  return (
    <SettingsSection
      title="Authorised agents (Data Rights Protocol)"
      description="The agents that file requests for consumers by machine, each with the key it signs with."
    >
      <div>
        <Button
          component={Link}
          to={paths.drpAgents.build()}
          variant="default"
          rightSection={<IconArrowRight size={16} aria-hidden />}
        >
          {canManage ? 'Manage agents' : 'View agents'}
        </Button>
      </div>
    </SettingsSection>
  );
}

export function SettingsPage() {
  usePageTitle('Settings');
  const canManage = useCan('settings:manage');
  const settings = useSettingsQuery();
  // Bumped to start the form again from the latest settings: after a save, or on a reload after a conflict.
  const [formKey, setFormKey] = useState(0);
  const restart = useCallback(() => setFormKey((key) => key + 1), []);
  const { refetch } = settings;
  const reload = useCallback(async () => {
    await refetch();
    setFormKey((key) => key + 1);
  }, [refetch]);

  const view = settings.data;
  return (
    <Stack gap="lg">
      <Stack gap={4}>
        <Title order={1}>Settings</Title>
        <Text c="dimmed" size="sm" maw={720}>
          How the legal clocks count: each regime’s handling entity, the company’s own deadline and when EU
          clocks pause. Every change is recorded in the audit log.
        </Text>
        {view ? <LastChanged view={view} /> : null}
      </Stack>
      {settings.isError ? (
        <QueryErrorAlert
          title="Could not load the settings"
          error={settings.error}
          onRetry={() => void settings.refetch()}
        />
      ) : null}
      {view === undefined ? (
        settings.isPending ? (
          <PageLoader label="Loading settings" />
        ) : null
      ) : (
        <>
          {view.recomputePending ? (
            <Alert
              color="blue"
              variant="light"
              icon={<IconRefresh size={18} aria-hidden />}
              title="Recalculating due dates"
              role="status"
            >
              The latest change is being applied to the due dates of every open request. Until it finishes,
              the queue may show some old dates; each request’s own page already counts with the new settings.
            </Alert>
          ) : null}
          {canManage ? (
            <SettingsEditor key={formKey} latest={view} onRestart={restart} onReload={reload} />
          ) : (
            <>
              <Alert color="gray" variant="light" icon={<IconLock size={18} aria-hidden />}>
                You can read these settings; only an admin can change them.
              </Alert>
              <SettingsReadOnly view={view} />
            </>
          )}
          <MessageTemplates canManage={canManage} />
          <AuthorisedAgentsLink canManage={canManage} />
        </>
      )}
    </Stack>
  );
}
