import {
  ActionIcon,
  Alert,
  Button,
  Group,
  MultiSelect,
  Paper,
  Select,
  SimpleGrid,
  Stack,
  Text,
  TextInput,
} from '@mantine/core';
import { useForm } from '@mantine/form';
import {
  certificationKinds,
  certificationLabels,
  dataCategories,
  dataCategoryLabels,
  dataSubjectCategories,
  dataSubjectCategoryLabels,
  sccModuleLabels,
  sccModules,
  sccVersionLabels,
  sccVersions,
  subprocessorCategories,
  subprocessorCategoryLabels,
  subprocessorStatusLabels,
  transferMechanismLabels,
  transferMechanisms,
  type CertificationKind,
  type SccModule,
  type SccVersion,
  type SubprocessorCategory,
  type SubprocessorStatus,
  type TransferMechanism,
} from '@privdesk/shared/constants';
import { IconPlus, IconTrash } from '@tabler/icons-react';
import { useState } from 'react';
import { ConflictAlert } from '../../../components/feedback/conflict-alert';
import { GrowingTextarea } from '../../../components/forms/growing-textarea';
import { useLeaveGuard } from '../../../components/forms/leave-guard';
import { errorMessageOf, trpcCodeOf } from '../../../lib/trpc';
import { countryOptions } from '../format';
import {
  applySubprocessorServerErrors,
  emptyCertification,
  emptyLocation,
  fieldsInputOf,
  mechanismAfterCountry,
  validateSubprocessorForm,
  type SubprocessorFieldsInput,
  type SubprocessorFormValues,
} from '../subprocessor-form';
import type { RegistryChoices, SubprocessorView } from '../types';
import classes from './registry.module.css';
import { FormSection, ListError, pick } from '../../../components/forms/form-section';

const categoryOptions = subprocessorCategories.map((c) => ({
  value: c,
  label: subprocessorCategoryLabels[c],
}));
const dataCategoryOptions = dataCategories.map((c) => ({ value: c, label: dataCategoryLabels[c] }));
const subjectOptions = dataSubjectCategories.map((c) => ({ value: c, label: dataSubjectCategoryLabels[c] }));
const mechanismOptions = transferMechanisms.map((m) => ({ value: m, label: transferMechanismLabels[m] }));
const sccModuleOptions = sccModules.map((m) => ({ value: m, label: sccModuleLabels[m] }));
const sccVersionOptions = sccVersions.map((v) => ({ value: v, label: sccVersionLabels[v] }));
const certificationOptions = certificationKinds.map((k) => ({ value: k, label: certificationLabels[k] }));

interface SubprocessorFormProps {
  initialValues: SubprocessorFormValues;
  choices: RegistryChoices;
  /** Editing: the subprocessor's own id (it cannot replace itself) and its current "replaces" link. */
  editing?: { id: string; replaces: { id: string; name: string; status: SubprocessorStatus } | null };
  submitLabel: string;
  /** Saves the fields (and the reason, on an edit); throws the server's error. */
  onSave: (fields: SubprocessorFieldsInput, reason: string | undefined) => Promise<SubprocessorView>;
  /** After a save, once the form has let go of its leave guard (this usually navigates away). */
  onSaved: (saved: SubprocessorView) => void;
  onCancel: () => void;
  /** After a refused save for a stale version: fetch the newest and start the form again from it. */
  onReload?: () => Promise<void>;
}

/** One form for every field of a subprocessor (issue 14, item 2): proposing a new one and editing one. */
export function SubprocessorForm({
  initialValues,
  choices,
  editing,
  submitLabel,
  onSave,
  onSaved,
  onCancel,
  onReload,
}: SubprocessorFormProps) {
  const isEdit = editing !== undefined;
  const [problem, setProblem] = useState<string | null>(null);
  const [conflict, setConflict] = useState<string | null>(null);
  const [isReloading, setIsReloading] = useState(false);
  const form = useForm<SubprocessorFormValues>({
    mode: 'controlled',
    initialValues,
    validate: (values) => validateSubprocessorForm(values, isEdit),
  });
  const values = form.values;
  const leave = useLeaveGuard(form.isDirty() && !form.submitting, 'what you changed');

  const replaceable = choices.replaceable.filter((s) => s.id !== editing?.id);
  // The link it has may no longer be offered (the one it replaced has since been retired): keep it shown.
  const replaceOptions = [
    ...(editing?.replaces && !replaceable.some((s) => s.id === editing.replaces?.id)
      ? [
          {
            value: editing.replaces.id,
            label: `${editing.replaces.name} (${subprocessorStatusLabels[editing.replaces.status].toLowerCase()})`,
          },
        ]
      : []),
    ...replaceable.map((s) => ({ value: s.id, label: s.name })),
  ];
  const dataSystemOptions = choices.dataSystems.map((s) => ({ value: s.id, label: s.name }));

  const focusFirst = (paths: string[]) => {
    const first = paths[0];
    if (first) form.getInputNode(first)?.focus();
  };

  const submit = form.onSubmit(
    async (submitted) => {
      setProblem(null);
      setConflict(null);
      try {
        const reason = submitted.reason.trim();
        const saved = await onSave(fieldsInputOf(submitted), isEdit && reason !== '' ? reason : undefined);
        leave.release();
        onSaved(saved);
      } catch (error) {
        if (trpcCodeOf(error) === 'CONFLICT') {
          setConflict(errorMessageOf(error));
          return;
        }
        const placed = applySubprocessorServerErrors(form, error);
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

  const setCountry = (index: number, country: string | null) => {
    const row = values.locations[index];
    if (!row) return;
    form.setFieldValue(`locations.${index}.country`, country);
    form.setFieldValue(`locations.${index}.mechanism`, mechanismAfterCountry(country, row.mechanism));
  };
  const setMechanism = (index: number, mechanism: TransferMechanism | null) => {
    const row = values.locations[index];
    if (!row) return;
    form.setFieldValue(`locations.${index}.mechanism`, mechanism);
    // A processor's subprocessor signs module 3 of the 2021 clauses: the usual choice, filled in to change.
    if (mechanism === 'scc') {
      if (row.sccModule === null) form.setFieldValue(`locations.${index}.sccModule`, 'module_3');
      if (row.sccVersion === null) form.setFieldValue(`locations.${index}.sccVersion`, 'eu_2021_914');
    }
  };

  return (
    <form onSubmit={submit} noValidate aria-label={submitLabel}>
      {leave.guard}
      <Stack gap="md">
        <FormSection title="Who it is">
          <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="md" verticalSpacing="sm">
            <TextInput
              label="Name"
              description="As customers know it"
              withAsterisk
              maxLength={120}
              {...form.getInputProps('name')}
            />
            <TextInput label="Legal name" withAsterisk maxLength={200} {...form.getInputProps('legalName')} />
          </SimpleGrid>
          <GrowingTextarea
            label="Registered address"
            withAsterisk
            minRows={2}
            maxRows={5}
            maxLength={500}
            {...form.getInputProps('address')}
          />
          <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="md" verticalSpacing="sm">
            <TextInput
              label="Contact email"
              description="For privacy matters"
              type="email"
              withAsterisk
              {...form.getInputProps('contactEmail')}
            />
            <TextInput
              label="Website"
              description="Optional; a full https:// address"
              placeholder="https://"
              type="url"
              {...form.getInputProps('website')}
            />
          </SimpleGrid>
        </FormSection>

        <FormSection title="What it does">
          <Select
            label="Category"
            data={categoryOptions}
            withAsterisk
            allowDeselect={false}
            maw={{ sm: 360 }}
            {...form.getInputProps('category')}
            onChange={(value: string | null) =>
              form.setFieldValue('category', pick<SubprocessorCategory>(subprocessorCategories, value))
            }
          />
          <GrowingTextarea
            label="Purpose"
            description="Why Syncronis uses it, as the change notice will say it"
            withAsterisk
            minRows={2}
            maxRows={6}
            maxLength={500}
            {...form.getInputProps('purpose')}
          />
          <GrowingTextarea
            label="Services"
            description="What it provides"
            withAsterisk
            minRows={2}
            maxRows={6}
            maxLength={500}
            {...form.getInputProps('services')}
          />
          <MultiSelect
            label="Data categories"
            description="The personal data it processes"
            data={dataCategoryOptions}
            withAsterisk
            {...form.getInputProps('dataCategories')}
          />
          <MultiSelect
            label="Data subjects"
            description="Whose data it is"
            data={subjectOptions}
            withAsterisk
            {...form.getInputProps('subjectCategories')}
          />
        </FormSection>

        <FormSection
          title="Where it processes data"
          description="Each country where the data is processed or stored, and what makes the transfer there lawful. Inside the EEA none is needed; leave the mechanism empty while it is still being agreed (the registry then warns)."
        >
          <Stack gap="sm" role="list" aria-label="Countries">
            {values.locations.map((location, index) => (
              <div
                key={location.key}
                className={classes.repeatRow}
                role="listitem"
                aria-label={`Country ${index + 1}`}
              >
                <Group align="flex-start" gap="sm" wrap="nowrap">
                  <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm" verticalSpacing="xs" style={{ flex: 1 }}>
                    <Select
                      label="Country"
                      data={countryOptions}
                      searchable
                      limit={80}
                      withAsterisk
                      allowDeselect={false}
                      {...form.getInputProps(`locations.${index}.country`)}
                      onChange={(value: string | null) => setCountry(index, value)}
                    />
                    <Select
                      label="Transfer mechanism"
                      placeholder="Still being agreed"
                      data={mechanismOptions}
                      clearable
                      {...form.getInputProps(`locations.${index}.mechanism`)}
                      onChange={(value: string | null) =>
                        setMechanism(index, pick<TransferMechanism>(transferMechanisms, value))
                      }
                    />
                    {location.mechanism === 'scc' ? (
                      <>
                        <Select
                          label="SCC module"
                          data={sccModuleOptions}
                          withAsterisk
                          allowDeselect={false}
                          {...form.getInputProps(`locations.${index}.sccModule`)}
                          onChange={(value: string | null) =>
                            form.setFieldValue(
                              `locations.${index}.sccModule`,
                              pick<SccModule>(sccModules, value),
                            )
                          }
                        />
                        <Select
                          label="SCC version"
                          data={sccVersionOptions}
                          withAsterisk
                          allowDeselect={false}
                          {...form.getInputProps(`locations.${index}.sccVersion`)}
                          onChange={(value: string | null) =>
                            form.setFieldValue(
                              `locations.${index}.sccVersion`,
                              pick<SccVersion>(sccVersions, value),
                            )
                          }
                        />
                      </>
                    ) : null}
                  </SimpleGrid>
                  <ActionIcon
                    variant="subtle"
                    color="red"
                    mt={26}
                    aria-label={`Remove country ${index + 1}${location.country ? ` (${location.country})` : ''}`}
                    disabled={values.locations.length === 1}
                    onClick={() => form.removeListItem('locations', index)}
                  >
                    <IconTrash size={16} aria-hidden />
                  </ActionIcon>
                </Group>
              </div>
            ))}
          </Stack>
          <ListError error={form.errors.locations} />
          <Group>
            <Button
              variant="default"
              size="xs"
              leftSection={<IconPlus size={14} aria-hidden />}
              onClick={() => form.insertListItem('locations', emptyLocation())}
            >
              Add a country
            </Button>
          </Group>
        </FormSection>

        <FormSection title="Contract and certifications">
          <SimpleGrid cols={{ base: 1, sm: 3 }} spacing="md" verticalSpacing="sm">
            <TextInput
              label="DPA signed on"
              description="Empty while none is signed"
              type="date"
              {...form.getInputProps('dpaSignedOn')}
            />
            <TextInput
              label="DPA expires on"
              description="Empty when it runs with the contract"
              type="date"
              {...form.getInputProps('dpaExpiresOn')}
            />
            <TextInput
              label="DPA link"
              description="Optional; a full https:// address"
              placeholder="https://"
              type="url"
              {...form.getInputProps('dpaUrl')}
            />
          </SimpleGrid>
          <Stack gap="xs" role="list" aria-label="Certifications">
            {values.certifications.length === 0 ? (
              <Text size="sm" c="dimmed" role="listitem">
                No certification recorded.
              </Text>
            ) : null}
            {values.certifications.map((cert, index) => (
              <div
                key={cert.key}
                className={classes.repeatRow}
                role="listitem"
                aria-label={`Certification ${index + 1}`}
              >
                <Group align="flex-start" gap="sm" wrap="nowrap">
                  <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm" verticalSpacing="xs" style={{ flex: 1 }}>
                    <Select
                      label="Certification"
                      data={certificationOptions}
                      withAsterisk
                      allowDeselect={false}
                      {...form.getInputProps(`certifications.${index}.kind`)}
                      onChange={(value: string | null) =>
                        form.setFieldValue(
                          `certifications.${index}.kind`,
                          pick<CertificationKind>(certificationKinds, value),
                        )
                      }
                    />
                    <TextInput
                      label="Valid until"
                      type="date"
                      withAsterisk
                      {...form.getInputProps(`certifications.${index}.expiresOn`)}
                    />
                  </SimpleGrid>
                  <ActionIcon
                    variant="subtle"
                    color="red"
                    mt={26}
                    aria-label={`Remove certification ${index + 1}`}
                    onClick={() => form.removeListItem('certifications', index)}
                  >
                    <IconTrash size={16} aria-hidden />
                  </ActionIcon>
                </Group>
              </div>
            ))}
          </Stack>
          <ListError error={form.errors.certifications} />
          {values.certifications.length < certificationKinds.length ? (
            <Group>
              <Button
                variant="default"
                size="xs"
                leftSection={<IconPlus size={14} aria-hidden />}
                onClick={() => form.insertListItem('certifications', emptyCertification())}
              >
                Add a certification
              </Button>
            </Group>
          ) : null}
        </FormSection>

        <FormSection title="Links">
          <MultiSelect
            label="Data systems"
            description="Our systems that send it data or hold what it returns"
            data={dataSystemOptions}
            searchable
            nothingFoundMessage="No data system by that name"
            {...form.getInputProps('dataSystemIds')}
          />
          <Select
            label="Replaces"
            description="When it takes over from an active subprocessor (the notice then says so)"
            placeholder="Nothing: a new subprocessor"
            data={replaceOptions}
            searchable
            clearable
            nothingFoundMessage="No active subprocessor by that name"
            {...form.getInputProps('replacesId')}
          />
        </FormSection>

        <Paper withBorder p="md" radius="md" component="section" aria-label="Save">
          <Stack gap="sm">
            {isEdit ? (
              <GrowingTextarea
                label="Reason for the change"
                description="Optional. Shown in the history and recorded in the audit log with what changed."
                minRows={2}
                maxRows={5}
                maw={720}
                {...form.getInputProps('reason')}
              />
            ) : null}
            {conflict ? (
              <ConflictAlert
                title="Someone else changed this subprocessor"
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
