import {
  Alert,
  Badge,
  Button,
  Code,
  Group,
  NativeSelect,
  Stack,
  Text,
  Textarea,
  TextInput,
} from '@mantine/core';
import { useForm } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import {
  messageKindLabels,
  messageKindRules,
  templateKinds,
  messagePlaceholders,
  regimeTable,
  regimes,
  templateProblems,
  type TemplateKind,
  type Regime,
} from '@privdesk/shared/constants';
import type { MessageTemplateView } from '@privdesk/shared';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { ConflictAlert } from '../../../components/feedback/conflict-alert';
import { QueryErrorAlert } from '../../../components/feedback/query-error-alert';
import { applyServerErrors } from '../../../lib/form-errors';
import { errorMessageOf, trpcCodeOf, useTRPC } from '../../../lib/trpc';
import { SettingsSection } from './settings-section';

const allLaws = 'all';

/**
 * Message templates (issue 13, item 4): what we write to requesters, per kind, for every law or for one
 * where its wording differs. Placeholders are checked as the admin types and again on save (an unknown one,
 * or a required one missing, is refused beside the field). Auditors read them.
 */
export function MessageTemplates({ canManage }: { canManage: boolean }) {
  const trpc = useTRPC();
  const templates = useQuery(trpc.messages.templates.queryOptions());
  const [kind, setKind] = useState<TemplateKind>('acknowledgement');
  const [law, setLaw] = useState<Regime | typeof allLaws>(allLaws);
  const regime = law === allLaws ? null : law;
  const items = templates.data?.items ?? [];
  const own = items.find((t) => t.kind === kind && t.regime === regime);
  const general = items.find((t) => t.kind === kind && t.regime === null);
  const shown = own ?? general;

  return (
    <SettingsSection
      title="Messages to requesters"
      description="The text of each message we send. A law without a text of its own sends the one for every law; the one for every law starts as the text Privacy Desk ships with."
    >
      {templates.isError ? (
        <QueryErrorAlert
          title="Could not load the templates"
          error={templates.error}
          onRetry={() => void templates.refetch()}
        />
      ) : null}
      <Group gap="sm" align="flex-end" wrap="wrap">
        <NativeSelect
          label="Message"
          value={kind}
          onChange={(e) =>
            setKind(templateKinds.find((k) => k === e.currentTarget.value) ?? 'acknowledgement')
          }
          data={templateKinds.map((k) => ({ value: k, label: messageKindLabels[k] }))}
        />
        <NativeSelect
          label="Law"
          value={law}
          onChange={(e) => {
            const value = e.currentTarget.value;
            setLaw(regimes.find((r) => r === value) ?? allLaws);
          }}
          data={[
            { value: allLaws, label: 'Every law' },
            ...regimes.map((r) => ({ value: r, label: regimeTable[r].label })),
          ]}
        />
      </Group>
      {shown ? (
        <TemplateEditor
          key={`${kind}:${law}:${shown.version}:${own ? 'own' : 'general'}`}
          kind={kind}
          regime={regime}
          own={own ?? null}
          shown={shown}
          canManage={canManage}
        />
      ) : templates.isPending ? (
        <Text size="sm">Loading the templates…</Text>
      ) : null}
    </SettingsSection>
  );
}

function TemplateEditor({
  kind,
  regime,
  own,
  shown,
  canManage,
}: {
  kind: TemplateKind;
  regime: Regime | null;
  /** This law's own template (or the one for every law when `regime` is null), if an admin made one. */
  own: MessageTemplateView | null;
  shown: MessageTemplateView;
  canManage: boolean;
}) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const refresh = () => queryClient.invalidateQueries(trpc.messages.templates.queryFilter());
  const save = useMutation(trpc.messages.saveTemplate.mutationOptions({ onSuccess: refresh }));
  const reset = useMutation(trpc.messages.resetTemplate.mutationOptions({ onSuccess: refresh }));
  const [problem, setProblem] = useState<string | null>(null);
  const [conflict, setConflict] = useState<string | null>(null);
  const form = useForm({
    mode: 'controlled',
    initialValues: { subject: shown.subject, body: shown.body },
    validate: (values) => {
      const problems = templateProblems(kind, values);
      return { subject: problems.subject?.join(' ') ?? null, body: problems.body?.join(' ') ?? null };
    },
  });
  const rule = messageKindRules[kind];
  const source = own
    ? regime === null
      ? own.isDefault
        ? 'The text Privacy Desk ships with.'
        : `Changed by ${own.updatedBy?.name ?? 'an admin'}.`
      : `This law’s own text, by ${own.updatedBy?.name ?? 'an admin'}.`
    : 'No text of its own: this law sends the one for every law, shown here. Saving makes one for this law.';

  const submit = form.onSubmit(async (values) => {
    setProblem(null);
    setConflict(null);
    try {
      await save.mutateAsync({
        kind,
        regime,
        version: own && !own.isDefault ? own.version : 0,
        subject: values.subject,
        body: values.body,
      });
      notifications.show({
        color: 'teal',
        title: `${messageKindLabels[kind]} saved`,
        message:
          regime === null ? 'For every law without a text of its own.' : `For ${regimeTable[regime].label}.`,
      });
    } catch (error) {
      if (trpcCodeOf(error) === 'CONFLICT') setConflict(errorMessageOf(error));
      else setProblem(applyServerErrors(form, error));
    }
  });

  return (
    <form onSubmit={submit} noValidate>
      <Stack gap="sm">
        <Text size="sm" c="dimmed">
          {source}
        </Text>
        {conflict ? <ConflictAlert message={conflict} onReload={() => void refresh()} /> : null}
        <TextInput label="Subject" readOnly={!canManage} {...form.getInputProps('subject')} />
        <Textarea
          label="Message"
          readOnly={!canManage}
          autosize
          minRows={8}
          maxRows={20}
          {...form.getInputProps('body')}
        />
        <div>
          <Text size="sm" fw={600}>
            Placeholders
          </Text>
          <Stack gap={2} mt={4}>
            {rule.allowed.map((p) => (
              <Group gap={6} key={p} wrap="wrap" align="baseline">
                <Code style={{ flexShrink: 0 }}>{`{{${p}}}`}</Code>
                <Text size="sm" span>
                  {messagePlaceholders[p]}
                </Text>
                {rule.required.includes(p) ? (
                  <Badge size="xs" variant="outline" color="gray" tt="none" style={{ flexShrink: 0 }}>
                    required
                  </Badge>
                ) : null}
              </Group>
            ))}
          </Stack>
        </div>
        {problem ? (
          <Alert color="red" variant="light" title="Not saved" role="alert">
            {problem}
          </Alert>
        ) : null}
        {canManage ? (
          <Group gap="sm">
            <Button type="submit" loading={save.isPending}>
              Save the text
            </Button>
            {own && !own.isDefault ? (
              <Button
                variant="default"
                loading={reset.isPending}
                onClick={() =>
                  reset.mutate(
                    { kind, regime, version: own.version },
                    {
                      onError: (error) =>
                        notifications.show({
                          color: 'red',
                          title: 'Not reset',
                          message: errorMessageOf(error),
                        }),
                    },
                  )
                }
              >
                {regime === null ? 'Back to the shipped text' : 'Use the text for every law'}
              </Button>
            ) : null}
          </Group>
        ) : null}
      </Stack>
    </form>
  );
}
