import { Alert, Button, Group, Paper, Stack, Text } from '@mantine/core';
import { GrowingTextarea } from '../../../components/forms/growing-textarea';
import { useForm } from '@mantine/form';
import { useLeaveGuard } from '../../../components/forms/leave-guard';
import { useState } from 'react';
import { applyServerErrors } from '../../../lib/form-errors';
import { formatDateTime } from '../format';
import { useRequestMutations } from '../hooks/use-request-mutations';
import type { TimelineEventView as TimelineEvent } from '../types';

type NoteEvent = Extract<TimelineEvent, { kind: 'note' }>;

function validateNote(value: string): string | null {
  const text = value.trim();
  if (text.length === 0) return 'Write the note.';
  if (text.length > 5000) return 'Note has at most 5000 characters.';
  return null;
}

interface RequestNotesProps {
  requestId: string;
  events: readonly TimelineEvent[];
  /** Holders of `requests:work` add notes; everyone who reads the request reads them. */
  canAdd: boolean;
}

/** Internal notes: never sent to the requester. A note changes no field, so it carries no version. */
export function RequestNotes({ requestId, events, canAdd }: RequestNotesProps) {
  const { addNote } = useRequestMutations();
  const [problem, setProblem] = useState<string | null>(null);
  const form = useForm({
    mode: 'controlled',
    initialValues: { text: '' },
    validate: { text: validateNote },
  });
  // A note typed and not added is not lost by a stray click away.
  const leave = useLeaveGuard(form.values.text.trim() !== '', 'the note you were writing');
  const notes = events.filter((e): e is NoteEvent => e.kind === 'note').reverse();

  const submit = form.onSubmit(async (values) => {
    setProblem(null);
    try {
      await addNote.mutateAsync({ id: requestId, text: values.text.trim() });
      form.reset();
    } catch (error) {
      setProblem(applyServerErrors(form, error));
    }
  });

  return (
    <Stack gap="sm">
      {canAdd ? (
        <form onSubmit={submit} noValidate>
          {leave.guard}
          <Stack gap="xs">
            {problem ? (
              <Alert color="red" variant="light" title="Note not added">
                {problem}
              </Alert>
            ) : null}
            <GrowingTextarea
              label="New note"
              description="Internal: staff only, never sent to the requester."
              minRows={2}
              maxRows={8}
              key={form.key('text')}
              {...form.getInputProps('text')}
            />
            <Group justify="flex-end">
              <Button type="submit" size="xs" loading={form.submitting}>
                Add note
              </Button>
            </Group>
          </Stack>
        </form>
      ) : null}
      {notes.length === 0 ? (
        <Text size="sm">No notes yet.</Text>
      ) : (
        <Stack gap="xs" component="ul" style={{ listStyle: 'none', padding: 0, margin: 0 }}>
          {notes.map((note) => (
            <Paper key={note.id} component="li" withBorder p="sm" radius="md">
              <Text size="sm" style={{ whiteSpace: 'pre-wrap' }}>
                {note.text}
              </Text>
              <Text size="xs" mt={4}>
                {note.actor?.name ?? 'System'} · <time dateTime={note.at}>{formatDateTime(note.at)}</time>
              </Text>
            </Paper>
          ))}
        </Stack>
      )}
    </Stack>
  );
}
