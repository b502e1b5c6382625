import { Anchor, Skeleton, Stack, Text, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type ReactNode } from 'react';
import { Link, useNavigate } from 'react-router';
import { QueryErrorAlert } from '../../../components/feedback/query-error-alert';
import { NotFoundPage } from '../../../components/pages/not-found-page';
import { paths } from '../../../config/paths';
import { usePageTitle } from '../../../lib/page-title';
import { isTrpcError, useTRPC } from '../../../lib/trpc';
import { useInventoryMutations } from '../hooks/use-inventory-mutations';
import { emptyFormValues, formValuesOf } from '../inventory-form';
import type { DataSystemView } from '../types';
import { DataSystemForm } from './data-system-form';

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
      <Skeleton h={260} />
      <Skeleton h={200} />
      <Skeleton h={120} />
    </Stack>
  );
}

const inventoryCrumb = (
  <>
    <Anchor component={Link} to={paths.registry.build()} size="sm" underline="always">
      Registry
    </Anchor>{' '}
    ›{' '}
    <Anchor component={Link} to={paths.dataInventory.build()} size="sm" underline="always">
      Data inventory
    </Anchor>
  </>
);

/** Adding a system to the inventory: where a person's data lives, for the erasures that follow. */
export function NewDataSystemPage() {
  usePageTitle('Add a data system');
  const trpc = useTRPC();
  const navigate = useNavigate();
  const { create } = useInventoryMutations();
  const choices = useQuery(trpc.inventory.choices.queryOptions());
  // Made once: a new render must not give the rows new keys.
  const [initialValues] = useState(emptyFormValues);

  return (
    <FormPageFrame
      crumb={<>{inventoryCrumb} › New</>}
      title="Add a data system"
      intro="Name who owns it, how an erasure reaches it and what the law makes it keep. A webhook’s signing secret is sealed when saved and never shown again."
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
        <DataSystemForm
          initialValues={initialValues}
          choices={choices.data}
          submitLabel="Add data system"
          onSave={(fields) => create.mutateAsync({ fields })}
          onSaved={(saved) => {
            notifications.show({
              color: 'teal',
              title: `${saved.name} added`,
              message: 'Link it to the subprocessors that receive its data from their registry pages.',
            });
            void navigate(paths.dataSystem.build(saved.id));
          }}
          onCancel={() => void navigate(paths.dataInventory.build())}
        />
      )}
    </FormPageFrame>
  );
}

/** Editing a data system: the audit log keeps each change, field by field. */
export function EditDataSystemPage({ id }: { id: string }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const { update } = useInventoryMutations();
  const detail = useQuery({
    ...trpc.inventory.get.queryOptions({ id }),
    retry: (n, e) => !isTrpcError(e) && n < 2,
  });
  const choices = useQuery(trpc.inventory.choices.queryOptions());
  // The version the form started from: a save sends it, so someone else's save in between is not undone.
  const [base, setBase] = useState<DataSystemView | null>(null);
  const [formKey, setFormKey] = useState(0);
  const start = base ?? detail.data ?? null;
  if (detail.data && base === null) setBase(detail.data);
  usePageTitle(start ? `Edit ${start.name}` : 'Edit a data system');

  if (detail.isError) {
    const code = isTrpcError(detail.error) ? detail.error.data?.code : undefined;
    if (code === 'NOT_FOUND' || code === 'BAD_REQUEST') return <NotFoundPage />;
  }
  const crumb = (
    <>
      {inventoryCrumb} ›{' '}
      {start ? (
        <Anchor component={Link} to={paths.dataSystem.build(id)} size="sm" underline="always">
          {start.name}
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
      title={start ? `Edit ${start.name}` : 'Edit a data system'}
      intro="The audit log records each change and who made it. A webhook’s signing secret is kept unless you replace it."
    >
      {children}
    </FormPageFrame>
  );

  if (detail.isError)
    return frame(
      <QueryErrorAlert
        title="Could not load the data system"
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

  return frame(
    <DataSystemForm
      key={formKey}
      initialValues={formValuesOf(start)}
      choices={choices.data}
      editing={start}
      submitLabel="Save changes"
      onSave={(fields) => update.mutateAsync({ id: start.id, version: start.version, fields })}
      onSaved={(saved) => {
        notifications.show({
          color: 'teal',
          title: 'Changes saved',
          message: `${saved.name}: the audit log records what changed.`,
        });
        void navigate(paths.dataSystem.build(saved.id));
      }}
      onCancel={() => void navigate(paths.dataSystem.build(id))}
      onReload={async () => {
        const fresh = await queryClient.fetchQuery({
          ...trpc.inventory.get.queryOptions({ id }),
          staleTime: 0,
        });
        setBase(fresh);
        setFormKey((k) => k + 1);
      }}
    />,
  );
}
