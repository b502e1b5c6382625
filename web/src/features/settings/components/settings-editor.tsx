import {
  Alert,
  Button,
  Divider,
  Group,
  NativeSelect,
  NumberInput,
  SimpleGrid,
  Stack,
  Switch,
  Text,
  Textarea,
} from '@mantine/core';
import { useForm } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import {
  dueSoonDays,
  isVerificationForbidden,
  regimes,
  settingsBounds,
  verificationLevelLabels,
  verificationLevels,
  type Regime,
} from '@privdesk/shared/constants';
import { requestTypeLabel } from '../../../lib/labels';
import { Fragment, useEffect, useMemo, useState } from 'react';
import { applyServerErrors } from '../../../lib/form-errors';
import { errorMessageOf, isTrpcError, trpcCodeOf, useTRPC, type RouterOutputs } from '../../../lib/trpc';
import { useDebouncedValue } from '@mantine/hooks';
import { useQuery } from '@tanstack/react-query';
import { useUpdateSettings } from '../hooks/use-settings';
import {
  calendarField,
  changeLabel,
  changesOf,
  formValuesOf,
  levelField,
  levelTypesOf,
  movesDueDates,
  numberFieldCopy,
  serverFieldAliases,
  timeZoneField,
  updateInputOf,
  previewInputOf,
  validateSettingsChange,
  validateSettingsForm,
  type NumberField,
  type SettingsFormValues,
  type SettingsView,
} from '../settings-form';
import { formatDateTime, regimeLabel } from '../settings-labels';
import { useLeaveGuard } from '../../../components/forms/leave-guard';
import { ConflictAlert } from '../../../components/feedback/conflict-alert';
import { RegimeRow } from './regime-row';
import { SettingsSection } from './settings-section';

interface SettingsEditorProps {
  /** The settings as last loaded; newer than the form's starting point when someone else saved meanwhile. */
  latest: SettingsView;
  /** Start the form again from `latest` (after a save, or when nothing here is unsaved). */
  onRestart: () => void;
  /** Fetch the newest settings, then start again from them. */
  onReload: () => Promise<void>;
}

/**
 * The settings form. It starts from one version of the settings and keeps to it: a save sends that
 * version, and the server refuses it (CONFLICT) when someone else saved in between, rather than letting
 * one admin silently undo another's change.
 */
const plural = (n: number, one: string, many: string) =>
  `${n.toLocaleString('en-GB')} ${n === 1 ? one : many}`;

/** "Of 120 open requests, 95 change due date: 12 become overdue and 8 due in 5 days or fewer." */
function impactSentence(impact: RouterOutputs['settings']['previewImpact']): string {
  if (impact.changed === 0)
    return `No open request’s due date changes (${plural(impact.open, 'open request', 'open requests')}).`;
  return `Of ${plural(impact.open, 'open request', 'open requests')}, ${impact.changed.toLocaleString('en-GB')} change due date: ${plural(impact.becomeOverdue, 'becomes', 'become')} overdue and ${impact.becomeDueSoon.toLocaleString('en-GB')} due in ${dueSoonDays} days or fewer.`;
}

export function SettingsEditor({ latest, onRestart, onReload }: SettingsEditorProps) {
  const trpc = useTRPC();
  const [base] = useState(latest);
  const update = useUpdateSettings();
  const [problem, setProblem] = useState<string | null>(null);
  const [conflict, setConflict] = useState<string | null>(null);
  const [isReloading, setIsReloading] = useState(false);
  const form = useForm<SettingsFormValues>({
    mode: 'controlled',
    initialValues: formValuesOf(base.settings),
    validate: (v) => validateSettingsChange(v, base.settings),
    validateInputOnBlur: [
      'companySlaDays',
      'minorTargetHours',
      'unverifiedCloseDays',
      'registryObjectionDays',
      'erasureGraceHours',
      'requestRetentionMonths',
      'reason',
    ],
  });
  const values = form.values;
  const changes = changesOf(values, base.settings);
  const hasChanges = changes.length > 0;
  const leave = useLeaveGuard(hasChanges && !form.submitting, 'your unsaved settings changes');
  const isSuperseded = latest.version !== base.version && !form.submitting;
  const defaults = base.defaults;
  // Stable per form, so the selects' option lists are built once rather than on every keystroke.
  const keep = useMemo(
    () =>
      Object.fromEntries(
        regimes.map((regime) => {
          const saved = base.settings.handling[regime];
          const byDefault = base.defaults.handling[regime];
          return [
            regime,
            { calendars: [saved.calendar, byDefault.calendar], zones: [saved.timeZone, byDefault.timeZone] },
          ];
        }),
      ) as Record<Regime, { calendars: string[]; zones: string[] }>,
    [base],
  );

  // Someone else saved and nothing here is unsaved: simply show their version.
  useEffect(() => {
    if (isSuperseded && !hasChanges) onRestart();
  }, [isSuperseded, hasChanges, onRestart]);

  const reload = async () => {
    setIsReloading(true);
    try {
      await onReload();
    } finally {
      setIsReloading(false);
    }
  };

  const submit = form.onSubmit(
    async (submitted) => {
      if (changesOf(submitted, base.settings).length === 0) return;
      setProblem(null);
      setConflict(null);
      try {
        const saved = await update.mutateAsync(updateInputOf(submitted, base));
        notifications.show({
          color: 'teal',
          title: 'Settings saved',
          message: saved.recomputePending
            ? 'The due dates of open requests are being recalculated.'
            : 'The change is recorded in the audit log.',
        });
        onRestart();
      } catch (error) {
        if (trpcCodeOf(error) === 'CONFLICT') {
          setConflict(errorMessageOf(error));
          return;
        }
        setProblem(applyServerErrors(form, error, serverFieldAliases));
        // The field may be far above the Save button: take the person to it.
        const fieldErrors = isTrpcError(error) ? (error.data?.fieldErrors ?? {}) : {};
        const first = Object.keys(fieldErrors)
          .map((key) => serverFieldAliases[key] ?? key)
          .find((key) => key in submitted);
        if (first) form.getInputNode(first)?.focus();
      }
    },
    (errors) => {
      // Keyboard and screen-reader users land on the first field that needs attention.
      const first = Object.keys(errors)[0];
      if (first) form.getInputNode(first)?.focus();
    },
  );

  const numberInput = (field: NumberField, help: string) => {
    const { label, unit } = numberFieldCopy[field];
    const value = values[field];
    const differs = Number(value) !== defaults[field];
    return (
      <NumberInput
        label={label}
        description={
          <>
            {help}
            {differs ? ` Default: ${defaults[field]} ${unit}.` : ''}
          </>
        }
        min={settingsBounds[field].min}
        max={settingsBounds[field].max}
        clampBehavior="none"
        // Signs and decimals are kept so that a wrong number is refused beside the field, never quietly
        // turned into another one (typing -3 once saved 3).
        hideControls
        rightSection={
          <Text size="sm" c="dimmed" aria-hidden>
            {unit}
          </Text>
        }
        rightSectionWidth={56}
        rightSectionPointerEvents="none"
        {...form.getInputProps(field)}
      />
    );
  };

  const clockChange = changes.some(movesDueDates);
  // What saving would do, counted by the server as the recompute will (once the numbers are valid).
  const [settled] = useDebouncedValue(values, 400);
  const settledValid = Object.keys(validateSettingsForm(settled)).length === 0;
  const impact = useQuery({
    ...trpc.settings.previewImpact.queryOptions(previewInputOf(settled, base)),
    enabled: clockChange && settledValid && changesOf(settled, base.settings).some(movesDueDates),
  });

  return (
    <form onSubmit={submit} noValidate aria-label="Settings">
      {leave.guard}
      <Stack gap="lg">
        <SettingsSection
          title="Handling entities"
          description="Each regime’s requests are handled by an entity in one place. Its time zone decides on which calendar day a request arrived; its holiday calendar decides which days are working days. Pick a suggested calendar or type another date-holidays code, such as DE-BY for Bavaria."
        >
          <Stack gap="md">
            {regimes.map((regime, index) => (
              <Fragment key={regime}>
                {index > 0 ? <Divider /> : null}
                <RegimeRow
                  regime={regime}
                  calendar={values[calendarField(regime)]}
                  timeZone={values[timeZoneField(regime)]}
                  calendarError={form.errors[calendarField(regime)]}
                  timeZoneError={form.errors[timeZoneField(regime)]}
                  byDefault={defaults.handling[regime]}
                  keep={keep[regime]}
                  onChange={form.setFieldValue}
                />
              </Fragment>
            ))}
          </Stack>
        </SettingsSection>

        <SettingsSection title="Clocks">
          <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="lg" verticalSpacing="lg">
            {numberInput(
              'companySlaDays',
              'Calendar days from receipt that the privacy policy promises. Shown beside every statutory clock; the earliest date is the one due, until an extension is noticed (then the extended statutory date is, and the SLA counts as missed).',
            )}
            <Switch
              label="Pause EU GDPR clocks while waiting on the requester"
              description={`When on, EU GDPR clocks stop, as UK GDPR clocks always do, while a request waits for identity information or a clarification from the requester, and officers may pause them by hand with a reason. Only with counsel’s agreement.${values.euPauseEnabled !== defaults.euPauseEnabled ? ` Default: ${defaults.euPauseEnabled ? 'on' : 'off'}.` : ''}`}
              mt={{ base: 0, sm: 'xs' }}
              {...form.getInputProps('euPauseEnabled', { type: 'checkbox' })}
            />
          </SimpleGrid>
        </SettingsSection>

        <SettingsSection
          title="Internal targets"
          description="Our own targets, stricter than the law; no statutory clock changes with them."
        >
          <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="lg" verticalSpacing="lg">
            {numberInput(
              'minorTargetHours',
              'How soon an erasure of a child’s data should be done; these erasures jump the queue.',
            )}
            {numberInput(
              'unverifiedCloseDays',
              'How long a request may wait for verification, counted from receipt, before it is closed as unverified.',
            )}
            {numberInput(
              'erasureGraceHours',
              'How long an approved erasure waits before its first system is erased; an officer may cancel it until then.',
            )}
          </SimpleGrid>
        </SettingsSection>

        <SettingsSection
          title="Subprocessor registry"
          description="The contractual notice customers get of a new or replacing subprocessor."
        >
          <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="lg" verticalSpacing="lg">
            {numberInput(
              'registryObjectionDays',
              'How long customers may object, in calendar days from the change notice’s date. A change applies to notices sent after it; a window already open keeps its deadline.',
            )}
          </SimpleGrid>
        </SettingsSection>

        <SettingsSection
          title="Keeping our records"
          description="What we keep of requesters once their requests are closed, and for how long."
        >
          <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="lg" verticalSpacing="lg">
            {numberInput(
              'requestRetentionMonths',
              `Months after a request closes that its requester’s name, email, notes, messages and mail are kept. After them a nightly job removes them, keeping the request log and the figures. At least ${settingsBounds.requestRetentionMonths.min}: CCPA §7101 requires the record of each request for ${settingsBounds.requestRetentionMonths.min} months.`,
            )}
          </SimpleGrid>
        </SettingsSection>

        <SettingsSection
          title="Identity verification"
          description="The level each regime’s requests need before work starts. Standard: two matched data points, an account match or a code at the account’s email. High: three points and a signed declaration, or a document reviewed. A CCPA request for specific pieces, and a deletion of sensitive data, always need high."
        >
          <Stack gap="md">
            {regimes.map((regime, index) => (
              <Fragment key={regime}>
                {index > 0 ? <Divider /> : null}
                <Stack gap={6} role="group" aria-label={`Verification levels, ${regimeLabel(regime)}`}>
                  <Text fw={600} size="sm">
                    {regimeLabel(regime)}
                  </Text>
                  <SimpleGrid cols={{ base: 2, md: 4 }} spacing="sm" verticalSpacing="xs">
                    {levelTypesOf(base.settings, regime).map((type) => {
                      const locked = isVerificationForbidden(regime, type);
                      const field = levelField(regime, type);
                      return (
                        <NativeSelect
                          key={type}
                          size="xs"
                          label={requestTypeLabel(type)}
                          description={locked ? 'The law forbids verifying it' : undefined}
                          disabled={locked}
                          data={verificationLevels.map((level) => ({
                            value: level,
                            label:
                              verificationLevelLabels[level] +
                              (defaults.verificationLevels[regime]?.[type] === level ? ' (default)' : ''),
                          }))}
                          {...form.getInputProps(field)}
                        />
                      );
                    })}
                  </SimpleGrid>
                </Stack>
              </Fragment>
            ))}
          </Stack>
        </SettingsSection>

        <SettingsSection title="Save the change">
          <Textarea
            label="Reason for the change"
            description={
              clockChange
                ? 'Required: this change moves due dates. Recorded in the audit log with what changed, before and after.'
                : 'Optional. Recorded in the audit log with what changed, before and after.'
            }
            withAsterisk={clockChange}
            autosize
            minRows={2}
            maxRows={6}
            maw={720}
            {...form.getInputProps('reason')}
          />
          {conflict ? (
            <ConflictAlert
              title="Someone else changed the settings"
              message={conflict}
              onReload={() => void reload()}
              reloadLabel="Reload the settings"
              isReloading={isReloading}
            />
          ) : isSuperseded && hasChanges ? (
            <ConflictAlert
              title="Someone else changed the settings"
              message={`Changed by ${latest.updatedBy?.name ?? 'someone else'}${latest.updatedAt ? ` at ${formatDateTime(latest.updatedAt)}` : ''} while you were editing. Reload to see their change; your unsaved changes here are discarded.`}
              onReload={() => void reload()}
              reloadLabel="Reload the settings"
              isReloading={isReloading}
            />
          ) : null}
          {problem ? (
            <Alert color="red" variant="light" title="Not saved" role="alert">
              {problem}
            </Alert>
          ) : null}
          <Group justify="space-between" align="flex-end" gap="md" wrap="wrap">
            <Stack gap={2} maw={560} aria-live="polite">
              <Text size="sm">
                {hasChanges
                  ? `Unsaved changes: ${changes.map(changeLabel).join(', ')}.`
                  : 'No unsaved changes.'}
              </Text>
              {clockChange ? (
                <Text size="sm" c="dimmed">
                  Saving recalculates the due dates of every open request.
                </Text>
              ) : null}
              {clockChange && impact.data?.movesDueDates ? (
                <Text size="sm" fw={600} data-testid="settings-impact">
                  {impactSentence(impact.data)}
                </Text>
              ) : clockChange && impact.isFetching ? (
                <Text size="sm" c="dimmed">
                  Counting the open requests this changes…
                </Text>
              ) : null}
            </Stack>
            <Group gap="sm">
              <Button
                variant="default"
                disabled={!hasChanges || form.submitting}
                onClick={() => {
                  form.reset();
                  setProblem(null);
                }}
              >
                Discard changes
              </Button>
              <Button type="submit" disabled={!hasChanges} loading={form.submitting}>
                Save settings
              </Button>
            </Group>
          </Group>
        </SettingsSection>
      </Stack>
    </form>
  );
}
