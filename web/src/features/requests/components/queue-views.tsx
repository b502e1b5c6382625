import { ActionIcon, Alert, Button, Group, Modal, Stack, Text, TextInput, Tooltip } from '@mantine/core';
import { useForm } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import type { RequestFilters, RequestFiltersInput } from '@privdesk/shared';
import { IconBookmarkPlus, IconX } from '@tabler/icons-react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState, type ReactNode } from 'react';
import classes from './queue-views.module.css';
import { applyServerErrors } from '../../../lib/form-errors';
import { errorMessageOf, useTRPC } from '../../../lib/trpc';
import { matchesFilters, type QueueSearch } from '../queue-search';
import type { SavedViewView as SavedView } from '../types';

interface BuiltInView {
  key: string;
  label: string;
  filters: RequestFilters;
}

interface QueueViewsProps {
  search: QueueSearch;
  builtIn: BuiltInView[];
  saved: SavedView[];
  /** What "Save view" stores: the current filters and sort, as the queue sends them. */
  currentFilters: RequestFiltersInput;
  onApply: (filters: RequestFilters) => void;
  /** On a phone: one row that scrolls sideways, so the requests start higher. */
  oneLine?: boolean;
  /** A control shown before the views in the same row (the phone's "Filters" button). */
  leading?: ReactNode;
}

/** Built-in views (everyone's) and the person's own saved views, as toggle buttons over the queue. */
export function QueueViews({
  search,
  builtIn,
  saved,
  currentFilters,
  onApply,
  oneLine = false,
  leading,
}: QueueViewsProps) {
  const [isSaving, setIsSaving] = useState(false);
  const [deleting, setDeleting] = useState<SavedView | null>(null);
  return (
    <Group gap="xs" wrap="nowrap" align="flex-start">
      {leading ? <div className={classes.leading}>{leading}</div> : null}
      <Group
        gap="xs"
        wrap={oneLine ? 'nowrap' : 'wrap'}
        role="group"
        aria-label="Views"
        className={oneLine ? classes.oneLine : undefined}
      >
        {builtIn.map((view) => {
          const active = matchesFilters(search, view.filters);
          return (
            <Button
              key={view.key}
              size="compact-sm"
              variant={active ? 'filled' : 'default'}
              aria-pressed={active}
              onClick={() => onApply(view.filters)}
            >
              {view.label}
            </Button>
          );
        })}
        {saved.map((view) => {
          const active = matchesFilters(search, view.filters);
          return (
            <Group key={view.id} gap={0} wrap="nowrap">
              <Button
                size="compact-sm"
                variant={active ? 'filled' : 'default'}
                aria-pressed={active}
                onClick={() => onApply(view.filters)}
                style={{ borderTopRightRadius: 0, borderBottomRightRadius: 0 }}
              >
                {view.name}
              </Button>
              <Tooltip label={`Delete “${view.name}”`} withArrow>
                <ActionIcon
                  variant="default"
                  size={26}
                  aria-label={`Delete view ${view.name}`}
                  onClick={() => setDeleting(view)}
                  style={{ borderTopLeftRadius: 0, borderBottomLeftRadius: 0, borderLeft: 0 }}
                >
                  <IconX size={14} aria-hidden />
                </ActionIcon>
              </Tooltip>
            </Group>
          );
        })}
        <Button
          size="compact-sm"
          variant="subtle"
          leftSection={<IconBookmarkPlus size={16} aria-hidden />}
          onClick={() => setIsSaving(true)}
        >
          Save view
        </Button>
      </Group>
      <SaveViewModal opened={isSaving} filters={currentFilters} onClose={() => setIsSaving(false)} />
      <DeleteViewModal view={deleting} onClose={() => setDeleting(null)} />
    </Group>
  );
}

function useViewMutations() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const onSuccess = () => queryClient.invalidateQueries(trpc.views.pathFilter());
  return {
    create: useMutation(trpc.views.create.mutationOptions({ onSuccess })),
    remove: useMutation(trpc.views.delete.mutationOptions({ onSuccess })),
  };
}

function validateName(value: string): string | null {
  const name = value.trim();
  if (name.length === 0) return 'Name the view.';
  if (name.length > 80) return 'A view name has at most 80 characters.';
  return null;
}

function SaveViewModal({
  opened,
  filters,
  onClose,
}: {
  opened: boolean;
  filters: RequestFiltersInput;
  onClose: () => void;
}) {
  const { create } = useViewMutations();
  const [problem, setProblem] = useState<string | null>(null);
  const form = useForm({
    mode: 'uncontrolled',
    initialValues: { name: '' },
    validate: { name: validateName },
  });
  const close = () => {
    onClose();
    form.reset();
    setProblem(null);
  };
  const submit = form.onSubmit(async (values) => {
    setProblem(null);
    try {
      const view = await create.mutateAsync({ name: values.name.trim(), filters });
      notifications.show({ color: 'teal', title: 'View saved', message: view.name });
      close();
    } catch (error) {
      setProblem(applyServerErrors(form, error));
    }
  });
  return (
    <Modal opened={opened} onClose={close} title="Save this view" size="md">
      <form onSubmit={submit} noValidate>
        <Stack gap="md">
          <Text size="sm">
            Saves the current filters and sort under a name, for you only. Anyone can open the same view from
            this page’s link.
          </Text>
          {problem ? (
            <Alert color="red" variant="light" title="Not saved">
              {problem}
            </Alert>
          ) : null}
          <TextInput label="Name" data-autofocus key={form.key('name')} {...form.getInputProps('name')} />
          <Group justify="flex-end" gap="sm">
            <Button variant="default" onClick={close}>
              Cancel
            </Button>
            <Button type="submit" loading={form.submitting}>
              Save view
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}

function DeleteViewModal({ view, onClose }: { view: SavedView | null; onClose: () => void }) {
  const { remove } = useViewMutations();
  const [problem, setProblem] = useState<string | null>(null);
  const close = () => {
    onClose();
    setProblem(null);
  };
  const confirm = async () => {
    if (!view) return;
    setProblem(null);
    try {
      await remove.mutateAsync({ id: view.id });
      notifications.show({ color: 'teal', title: 'View deleted', message: view.name });
      close();
    } catch (error) {
      setProblem(errorMessageOf(error));
    }
  };
  return (
    <Modal opened={view !== null} onClose={close} title="Delete saved view" size="md">
      <Stack gap="md">
        <Text size="sm">
          Delete “{view?.name}”? The requests stay as they are; only the saved filters go.
        </Text>
        {problem ? (
          <Alert color="red" variant="light" title="Not deleted">
            {problem}
          </Alert>
        ) : null}
        <Group justify="flex-end" gap="sm">
          <Button variant="default" onClick={close}>
            Cancel
          </Button>
          <Button color="red" onClick={() => void confirm()} loading={remove.isPending}>
            Delete
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
