import { Alert, Anchor, Button, Skeleton, Stack, Text, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type ReactNode } from 'react';
import { Link, useNavigate } from 'react-router';
import { QueryErrorAlert } from '../../../components/feedback/query-error-alert';
import { NotFoundPage } from '../../../components/pages/not-found-page';
import { paths } from '../../../config/paths';
import { usePageTitle } from '../../../lib/page-title';
import { isTrpcError, useTRPC } from '../../../lib/trpc';
import { useRegistryMutations } from '../hooks/use-registry-mutations';
import { emptyFormValues, formValuesOf } from '../subprocessor-form';
import type { SubprocessorView } from '../types';
import { SubprocessorForm } from './subprocessor-form';

function FormPageFrame({
  crumb,
  title,
  intro,
  children,
}: {
  crumb: ReactNode;
  title: string;
  intro: string;
  children: ReactNode;
}) {
  return (
    <Stack gap="lg" maw={960}>
      <Stack gap={4}>
        <Text size="sm">{crumb}</Text>
        <Title order={1} style={{ overflowWrap: 'anywhere' }}>
          {title}
        </Title>
        <Text c="dimmed" size="sm">
          {intro}
        </Text>
      </Stack>
      {children}
    </Stack>
  );
}

function FormSkeleton() {
  return (
    <Stack gap="md" aria-busy="true" aria-label="Loading the form">
      <Skeleton h={180} />
      <Skeleton h={260} />
      <Skeleton h={160} />
    </Stack>
  );
}

const registryCrumb = (
  <Anchor component={Link} to={paths.registry.build()} size="sm" underline="always">
    Registry
  </Anchor>
);

/** Proposing a subprocessor (issue 14, item 2): it starts as "proposed", its notice not yet sent. */
export function NewSubprocessorPage() {
  usePageTitle('Propose a subprocessor');
  const trpc = useTRPC();
  const navigate = useNavigate();
  const { create } = useRegistryMutations();
  const choices = useQuery(trpc.registry.choices.queryOptions());
  // Made once: a new render must not give the rows new keys.
  const [initialValues] = useState(emptyFormValues);

  return (
    <FormPageFrame
      crumb={<>{registryCrumb} › New</>}
      title="Propose a subprocessor"
      intro="It is recorded as proposed. Customers hear of it when you send its change notice from its page; it becomes active after their objection window."
    >
      {choices.isPending ? (
        <FormSkeleton />
      ) : choices.isError ? (
        <QueryErrorAlert
          title="Could not load the form’s choices"
          error={choices.error}
          onRetry={() => void choices.refetch()}
        />
      ) : (
        <SubprocessorForm
          initialValues={initialValues}
          choices={choices.data}
          submitLabel="Propose subprocessor"
          onSave={(fields) => create.mutateAsync({ fields })}
          onSaved={(saved) => {
            notifications.show({
              color: 'teal',
              title: `${saved.fields.name} proposed`,
              message: 'Send its change notice when the details are final.',
            });
            void navigate(paths.subprocessor.build(saved.id));
          }}
          onCancel={() => void navigate(paths.registry.build())}
        />
      )}
    </FormPageFrame>
  );
}

/** Editing a subprocessor's fields: every version is kept in its history, field by field. */
export function EditSubprocessorPage({ id }: { id: string }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const { update } = useRegistryMutations();
  const detail = useQuery({
    ...trpc.registry.get.queryOptions({ id }),
    retry: (n, e) => !isTrpcError(e) && n < 2,
  });
  const choices = useQuery(trpc.registry.choices.queryOptions());
  // The version the form started from: a save sends it, so someone else's save in between is not undone.
  const [base, setBase] = useState<SubprocessorView | null>(null);
  const [formKey, setFormKey] = useState(0);
  const start = base ?? detail.data ?? null;
  if (detail.data && base === null) setBase(detail.data);
  usePageTitle(start ? `Edit ${start.fields.name}` : 'Edit a subprocessor');

  if (detail.isError) {
    const code = isTrpcError(detail.error) ? detail.error.data?.code : undefined;
    if (code === 'NOT_FOUND' || code === 'BAD_REQUEST') return <NotFoundPage />;
  }
  const crumb = (
    <>
      {registryCrumb} ›{' '}
      {start ? (
        <Anchor component={Link} to={paths.subprocessor.build(id)} size="sm" underline="always">
          {start.fields.name}
        </Anchor>
      ) : (
        '…'
      )}{' '}
      › Edit
    </>
  );
  const frame = (children: ReactNode) => (
    <FormPageFrame
      crumb={crumb}
      title={start ? `Edit ${start.fields.name}` : 'Edit a subprocessor'}
      intro="The history keeps every version, field by field. A change while customers are being told of it does not resend the notice."
    >
      {children}
    </FormPageFrame>
  );

  if (detail.isError)
    return frame(
      <QueryErrorAlert
        title="Could not load the subprocessor"
        error={detail.error}
        onRetry={() => void detail.refetch()}
      />,
    );
  if (choices.isError)
    return frame(
      <QueryErrorAlert
        title="Could not load the form’s choices"
        error={choices.error}
        onRetry={() => void choices.refetch()}
      />,
    );
  if (!start || choices.isPending) return frame(<FormSkeleton />);
  if (start.status === 'retired')
    return frame(
      <Alert color="gray" variant="light" title="A retired subprocessor is kept as it was">
        <Stack gap="xs" align="flex-start">
          <Text size="sm">Its details cannot be changed: the record shows what customers were told.</Text>
          <Button component={Link} to={paths.subprocessor.build(id)} variant="default" size="xs">
            Back to {start.fields.name}
          </Button>
        </Stack>
      </Alert>,
    );

  return frame(
    <SubprocessorForm
      key={formKey}
      initialValues={formValuesOf(start.fields)}
      choices={choices.data}
      editing={{ id: start.id, replaces: start.replaces }}
      submitLabel="Save changes"
      onSave={(fields, reason) =>
        update.mutateAsync({ id: start.id, version: start.version, fields, ...(reason ? { reason } : {}) })
      }
      onSaved={(saved) => {
        notifications.show({
          color: 'teal',
          title: 'Changes saved',
          message: `${saved.fields.name}: the history shows what changed.`,
        });
        void navigate(paths.subprocessor.build(saved.id));
      }}
      onCancel={() => void navigate(paths.subprocessor.build(id))}
      onReload={async () => {
        const fresh = await queryClient.fetchQuery({
          ...trpc.registry.get.queryOptions({ id }),
          staleTime: 0,
        });
        setBase(fresh);
        setFormKey((k) => k + 1);
      }}
    />,
  );
}
