import {
  ActionIcon,
  Alert,
  Button,
  Checkbox,
  Group,
  MultiSelect,
  NumberInput,
  Paper,
  PasswordInput,
  Radio,
  Select,
  SimpleGrid,
  Stack,
  Text,
  TextInput,
} from '@mantine/core';
import { useForm } from '@mantine/form';
import {
  connectorKindLabels,
  connectorKinds,
  dataCategories,
  dataCategoryLabels,
  internalTargetLabels,
  internalTargets,
  platformRetentionScopeLabels,
  platformRetentionScopes,
  retentionGroundLabels,
  retentionGrounds,
  retentionUnits,
  type ConnectorKind,
  type InternalTarget,
  type PlatformRetentionScope,
  type RetentionGround,
  type RetentionUnit,
} from '@privdesk/shared/constants';
import { IconPlus, IconTrash } from '@tabler/icons-react';
import { useState } from 'react';
import { ConflictAlert } from '../../../components/feedback/conflict-alert';
import { GrowingTextarea } from '../../../components/forms/growing-textarea';
import { useLeaveGuard } from '../../../components/forms/leave-guard';
import { errorMessageOf, trpcCodeOf } from '../../../lib/trpc';
import { formatDateTime } from '../format';
import {
  applyDataSystemServerErrors,
  emptyRetentionRule,
  fieldsInputOf,
  isSecretShown,
  maxRetentionRules,
  validateDataSystemForm,
  type DataSystemFormValues,
} from '../inventory-form';
import type { DataSystemFieldsInput, DataSystemView, InventoryChoices } from '../types';
import classes from './inventory.module.css';
import { FormSection, ListError, pick } from '../../../components/forms/form-section';

const dataCategoryOptions = dataCategories.map((c) => ({ value: c, label: dataCategoryLabels[c] }));
const targetOptions = internalTargets.map((t) => ({ value: t, label: internalTargetLabels[t] }));
const groundOptions = retentionGrounds.map((g) => ({ value: g, label: retentionGroundLabels[g] }));
const unitOptions = retentionUnits.map((u) => ({ value: u, label: u[0]?.toUpperCase() + u.slice(1) }));
const platformScopeOptions = platformRetentionScopes.map((s) => ({
  value: s,
  label: platformRetentionScopeLabels[s],
}));

const connectorDescriptions: Record<ConnectorKind, string> = {
  internal: 'Our own connector erases the person’s rows in a database we run.',
  webhook: 'A signed call to the system’s API asks it to erase the person.',
  manual: 'Its owner erases the person’s data by hand, following your instructions.',
};

interface DataSystemFormProps {
  initialValues: DataSystemFormValues;
  choices: InventoryChoices;
  /** Editing: the system as it was loaded (its owner may no longer be a choice, its secret is kept). */
  editing?: DataSystemView;
  submitLabel: string;
  /** Saves the fields; throws the server's error. */
  onSave: (fields: DataSystemFieldsInput) => Promise<DataSystemView>;
  /** After a save, once the form has let go of its leave guard (this usually navigates away). */
  onSaved: (saved: DataSystemView) => void;
  onCancel: () => void;
  /** After a refused save for a stale version: fetch the newest and start the form again from it. */
  onReload?: () => Promise<void>;
}

/** One form for every field of a data system (issue 15, item 1): adding one and editing one. */
export function DataSystemForm({
  initialValues,
  choices,
  editing,
  submitLabel,
  onSave,
  onSaved,
  onCancel,
  onReload,
}: DataSystemFormProps) {
  const storedSecretAt =
    editing?.connector.kind === 'webhook' ? (editing.connector.secretSetAt ?? null) : null;
  const storedSecret = storedSecretAt !== null;
  const [problem, setProblem] = useState<string | null>(null);
  const [conflict, setConflict] = useState<string | null>(null);
  const [isReloading, setIsReloading] = useState(false);
  const form = useForm<DataSystemFormValues>({
    mode: 'controlled',
    initialValues,
    validate: (values) => validateDataSystemForm(values, storedSecret),
  });
  const values = form.values;
  const leave = useLeaveGuard(form.isDirty() && !form.submitting, 'what you changed');

  // An owner who can no longer sign in is not a choice, but stays shown until someone else is chosen.
  const ownerOptions = [
    ...(editing?.owner && !choices.owners.some((o) => o.id === editing.owner?.id)
      ? [{ value: editing.owner.id, label: `${editing.owner.name} (can no longer sign in)` }]
      : []),
    ...choices.owners.map((o) => ({ value: o.id, label: o.name })),
  ];

  const focusFirst = (paths: string[]) => {
    const first = paths[0];
    if (first) form.getInputNode(first)?.focus();
  };

  const submit = form.onSubmit(
    async (submitted) => {
      setProblem(null);
      setConflict(null);
      try {
        const saved = await onSave(fieldsInputOf(submitted, storedSecret));
        leave.release();
        onSaved(saved);
      } catch (error) {
        if (trpcCodeOf(error) === 'CONFLICT') {
          setConflict(errorMessageOf(error));
          return;
        }
        const placed = applyDataSystemServerErrors(form, error);
        setProblem(placed.problem);
        focusFirst(placed.fields);
      }
    },
    // Keyboard and screen-reader users land on the first field that needs attention.
    (errors) => focusFirst(Object.keys(errors)),
  );

  const reload = async () => {
    if (!onReload) return;
    setIsReloading(true);
    try {
      leave.release();
      await onReload();
    } finally {
      setIsReloading(false);
    }
  };

  const secretShown = isSecretShown(values, storedSecret);
  const isInternal = values.connectorKind === 'internal';
  const canAddRule = values.retentionRules.length < maxRetentionRules;

  return (
    <form onSubmit={submit} noValidate aria-label={submitLabel}>
      {leave.guard}
      <Stack gap="md">
        <FormSection title="What it holds">
          <TextInput
            label="Name"
            description="As the team calls it"
            withAsterisk
            maxLength={120}
            maw={{ sm: 480 }}
            {...form.getInputProps('name')}
          />
          <GrowingTextarea
            label="Description"
            description="What it holds and why"
            withAsterisk
            minRows={2}
            maxRows={6}
            maxLength={1000}
            {...form.getInputProps('description')}
          />
          <Select
            label="Owner"
            description="The staff member who answers for it and gets its manual erasure tasks"
            placeholder="Choose a staff member"
            data={ownerOptions}
            searchable
            withAsterisk
            allowDeselect={false}
            nothingFoundMessage="No active staff member by that name"
            maw={{ sm: 480 }}
            {...form.getInputProps('ownerId')}
          />
          <MultiSelect
            label="Data categories"
            description="The personal data it holds"
            data={dataCategoryOptions}
            withAsterisk
            {...form.getInputProps('dataCategories')}
          />
        </FormSection>

        <FormSection title="How erasures reach it">
          <Radio.Group<ConnectorKind>
            label="Connector"
            withAsterisk
            value={values.connectorKind}
            error={form.errors.connectorKind}
            onChange={(kind) => form.setFieldValue('connectorKind', kind)}
          >
            <SimpleGrid cols={{ base: 1, sm: 3 }} spacing="sm" mt="xs">
              {connectorKinds.map((kind, i) => (
                <Radio
                  key={kind}
                  value={kind}
                  label={connectorKindLabels[kind]}
                  description={connectorDescriptions[kind]}
                  // The form takes a person to its first radio when no kind is chosen.
                  data-path={i === 0 ? 'connectorKind' : undefined}
                />
              ))}
            </SimpleGrid>
          </Radio.Group>

          {values.connectorKind === 'internal' ? (
            <Select
              label="Database"
              data={targetOptions}
              withAsterisk
              allowDeselect={false}
              maw={{ sm: 480 }}
              {...form.getInputProps('target')}
              onChange={(value: string | null) =>
                form.setFieldValue('target', pick<InternalTarget>(internalTargets, value) ?? 'platform')
              }
            />
          ) : null}

          {values.connectorKind === 'webhook' ? (
            <Stack gap="sm">
              <TextInput
                label="Webhook URL"
                description="Where erasure calls go: https:// (plain http only to this machine)"
                placeholder="https://"
                type="url"
                withAsterisk
                maxLength={500}
                {...form.getInputProps('url')}
              />
              {storedSecretAt !== null ? (
                <Stack gap="xs">
                  <Text size="sm">
                    A signing secret was set on {formatDateTime(storedSecretAt)}. It is kept unless you
                    replace it.
                  </Text>
                  <Checkbox
                    label="Replace the signing secret"
                    {...form.getInputProps('replaceSecret', { type: 'checkbox' })}
                    onChange={(event) => {
                      form.setFieldValue('replaceSecret', event.currentTarget.checked);
                      // Unticked, nothing typed lingers to be sent later.
                      if (!event.currentTarget.checked) form.setFieldValue('secret', '');
                    }}
                  />
                </Stack>
              ) : null}
              {secretShown ? (
                <PasswordInput
                  label={storedSecret ? 'New signing secret' : 'Signing secret'}
                  description={
                    storedSecret
                      ? 'At least 32 characters, no spaces. It replaces the stored one when you save and is never shown again.'
                      : 'At least 32 characters, no spaces, shared with the receiver. Never shown again once saved; without one, erasures cannot be sent.'
                  }
                  withAsterisk={storedSecret}
                  // Never the browser's saved sign-in password.
                  autoComplete="new-password"
                  maw={{ sm: 480 }}
                  {...form.getInputProps('secret')}
                />
              ) : null}
            </Stack>
          ) : null}

          {values.connectorKind === 'manual' ? (
            <GrowingTextarea
              label="Instructions for the owner"
              description="What the owner does to erase a person’s data, step by step"
              withAsterisk
              minRows={3}
              maxRows={10}
              maxLength={2000}
              {...form.getInputProps('instructions')}
            />
          ) : null}
        </FormSection>

        <FormSection
          title="Retention rules"
          description={`What the law makes it keep although the person asked for erasure (GDPR Art. 17(3)). Leave none when everything is erased. At most ${maxRetentionRules}.`}
        >
          {values.retentionRules.length > 0 ? (
            <Stack gap="sm" role="list" aria-label="Retention rules">
              {values.retentionRules.map((rule, index) => (
                <div
                  key={rule.key}
                  className={classes.repeatRow}
                  role="listitem"
                  aria-label={`Retention rule ${index + 1}`}
                >
                  <Stack gap="xs">
                    {/* The remove button above the fields, not beside them: on a phone they keep the width. */}
                    <Group justify="space-between" gap="xs" wrap="nowrap">
                      <Text size="sm" fw={600}>
                        Rule {index + 1}
                      </Text>
                      <ActionIcon
                        variant="subtle"
                        color="red"
                        aria-label={`Remove retention rule ${index + 1}${rule.scope.trim() ? ` (${rule.scope.trim()})` : ''}`}
                        onClick={() => form.removeListItem('retentionRules', index)}
                      >
                        <IconTrash size={16} aria-hidden />
                      </ActionIcon>
                    </Group>
                    <Stack gap="xs">
                      <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm" verticalSpacing="xs">
                        <TextInput
                          label="What is kept"
                          placeholder="Invoices and their lines"
                          withAsterisk
                          maxLength={120}
                          {...form.getInputProps(`retentionRules.${index}.scope`)}
                        />
                        <Select
                          label="Legal ground"
                          data={groundOptions}
                          withAsterisk
                          allowDeselect={false}
                          {...form.getInputProps(`retentionRules.${index}.ground`)}
                          onChange={(value: string | null) =>
                            form.setFieldValue(
                              `retentionRules.${index}.ground`,
                              pick<RetentionGround>(retentionGrounds, value),
                            )
                          }
                        />
                      </SimpleGrid>
                      <GrowingTextarea
                        label="Law that requires it"
                        description="Cited, so a reader can look it up"
                        placeholder="German Fiscal Code (AO) §147"
                        withAsterisk
                        minRows={1}
                        maxRows={4}
                        maxLength={300}
                        {...form.getInputProps(`retentionRules.${index}.law`)}
                      />
                      <SimpleGrid
                        cols={{ base: 2, sm: isInternal ? 3 : 2 }}
                        spacing="sm"
                        verticalSpacing="xs"
                      >
                        <NumberInput
                          label="Kept for"
                          withAsterisk
                          min={1}
                          max={100}
                          clampBehavior="none"
                          allowDecimal={false}
                          allowNegative={false}
                          hideControls
                          {...form.getInputProps(`retentionRules.${index}.count`)}
                        />
                        <Select
                          label="Unit"
                          data={unitOptions}
                          withAsterisk
                          allowDeselect={false}
                          {...form.getInputProps(`retentionRules.${index}.unit`)}
                          onChange={(value: string | null) =>
                            form.setFieldValue(
                              `retentionRules.${index}.unit`,
                              pick<RetentionUnit>(retentionUnits, value) ?? 'years',
                            )
                          }
                        />
                        {isInternal ? (
                          <Select
                            label="Platform rows kept"
                            placeholder="None"
                            data={platformScopeOptions}
                            clearable
                            className={classes.scopeCell}
                            {...form.getInputProps(`retentionRules.${index}.platformScope`)}
                            onChange={(value: string | null) =>
                              form.setFieldValue(
                                `retentionRules.${index}.platformScope`,
                                pick<PlatformRetentionScope>(platformRetentionScopes, value),
                              )
                            }
                          />
                        ) : null}
                      </SimpleGrid>
                    </Stack>
                  </Stack>
                </div>
              ))}
            </Stack>
          ) : (
            <Text size="sm" c="dimmed">
              No retention rule: an erasure removes everything it holds about the person.
            </Text>
          )}
          <ListError error={form.errors.retentionRules} />
          <Group gap="sm">
            <Button
              variant="default"
              size="xs"
              leftSection={<IconPlus size={14} aria-hidden />}
              disabled={!canAddRule}
              onClick={() => form.insertListItem('retentionRules', emptyRetentionRule())}
            >
              Add a retention rule
            </Button>
            {canAddRule ? null : (
              <Text size="xs" c="dimmed">
                {maxRetentionRules} rules is the most a system keeps.
              </Text>
            )}
          </Group>
        </FormSection>

        <Paper withBorder p="md" radius="md" component="section" aria-label="Save">
          <Stack gap="sm">
            {conflict ? (
              <ConflictAlert
                title="Someone else changed this data system"
                message={conflict}
                onReload={onReload ? () => void reload() : undefined}
                reloadLabel="Reload it (your changes here are discarded)"
                isReloading={isReloading}
              />
            ) : null}
            {problem ? (
              <Alert color="red" variant="light" title="Not saved" role="alert">
                {problem}
              </Alert>
            ) : null}
            <Group justify="flex-end" gap="sm">
              <Button variant="default" onClick={onCancel}>
                Cancel
              </Button>
              <Button type="submit" loading={form.submitting}>
                {submitLabel}
              </Button>
            </Group>
          </Stack>
        </Paper>
      </Stack>
    </form>
  );
}
