import { Alert, Anchor, Modal, Radio, Select, Stack, Text } from '@mantine/core';
import { useForm } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import {
  lineActionLabels,
  dataLineActions,
  lineActions,
  retentionGroundLabels,
  retentionGrounds,
  type LineAction,
  type RetentionGround,
} from '@privdesk/shared/constants';
import { IconLock } from '@tabler/icons-react';
import { useState } from 'react';
import { Link } from 'react-router';
import { ConflictAlert } from '../../../components/feedback/conflict-alert';
import { WarningAlert } from '../../../components/feedback/warning-alert';
import { DialogActions } from '../../../components/forms/dialog-actions';
import { GrowingTextarea } from '../../../components/forms/growing-textarea';
import { paths } from '../../../config/paths';
import { applyServerErrors } from '../../../lib/form-errors';
import { useCan } from '../../../lib/session';
import { errorMessageOf, trpcCodeOf } from '../../../lib/trpc';
import { forcedByLabels, lineActionDescriptions } from '../format';
import { useErasureMutations } from '../hooks/use-erasure-mutations';
import type { PlanLine, PlanView } from '../types';
import { lineName } from './plan-lines';

interface LineChangeModalProps {
  line: PlanLine;
  /** The plan as the person saw it when they opened this: the change is based on its version. */
  plan: Pick<PlanView, 'requestId' | 'version' | 'status'>;
  onClose: () => void;
}

interface LineForm {
  action: LineAction;
  ground: RetentionGround | null;
  note: string;
}

function actionOf(value: string): LineAction | undefined {
  return lineActions.find((a) => a === value);
}

function groundOf(value: string | null): RetentionGround | null {
  return retentionGrounds.find((g) => g === value) ?? null;
}

/** Why a forced line keeps its action, and what would change it (the rule or the hold, not this plan). */
function forcedReason(line: PlanLine): string {
  if (line.forcedBy === 'legal_hold')
    return 'An active legal hold on the account keeps this data: lift the hold, then prepare the plan again. You can still change the note.';
  const what = line.scope ? line.scope.toLowerCase() : 'this data';
  return `A retention rule of ${line.system.name} keeps ${what}: to change this line, change the rule in the data inventory. You can still change the note.`;
}

/**
 * One line's action, ground and note. A retained line needs its legal ground and only a retained line has
 * one; "holds nothing" needs a note saying how it was checked. A line forced by a retention rule or a legal
 * hold keeps its action and ground: only its note changes here. The server checks all of it again.
 */
export function LineChangeModal({ line, plan, onClose }: LineChangeModalProps) {
  const { changeLine } = useErasureMutations(plan.requestId);
  const [problem, setProblem] = useState<string | null>(null);
  const [conflict, setConflict] = useState<string | null>(null);
  const isForced = line.forcedBy !== null;
  const canReadInventory = useCan('registry:read');
  const form = useForm<LineForm>({
    mode: 'controlled',
    initialValues: { action: line.action, ground: line.ground, note: line.note ?? '' },
    validate: {
      ground: (value, values) =>
        values.action === 'retain' && value === null ? 'Choose the legal ground for keeping it.' : null,
      note: (value, values) => {
        if (value.trim().length > 1000) return 'At most 1000 characters.';
        if (values.action === 'not_held' && value.trim() === '')
          return 'Say how you checked that the system holds nothing of this person.';
        return null;
      },
    },
  });
  const { action } = form.getValues();
  // A legal hold is set on the account and forces its lines; an officer keeping data for a dispute of their
  // own chooses legal claims instead.
  const groundOptions = retentionGrounds
    .filter((g) => g !== 'legal_hold' || line.ground === 'legal_hold')
    .map((g) => ({ value: g, label: retentionGroundLabels[g] }));

  const submit = form.onSubmit(async (values) => {
    setProblem(null);
    setConflict(null);
    const note = values.note.trim();
    try {
      await changeLine.mutateAsync({
        requestId: plan.requestId,
        planVersion: plan.version,
        lineId: line.id,
        action: isForced ? line.action : values.action,
        // Only a retained line has a ground: a ground chosen before switching away is not sent.
        ground: isForced ? line.ground : values.action === 'retain' ? values.ground : null,
        note: note === '' ? null : note,
      });
      notifications.show({
        color: 'teal',
        title: 'Line changed',
        message:
          plan.status === 'approved'
            ? `${lineName(line)}: the approval is void, the plan awaits a new one.`
            : lineName(line),
      });
      onClose();
    } catch (error) {
      if (trpcCodeOf(error) === 'CONFLICT') setConflict(errorMessageOf(error));
      else setProblem(applyServerErrors(form, error));
    }
  });

  return (
    <Modal opened onClose={onClose} title={`Change ${lineName(line)}`} size="md">
      <form onSubmit={submit} noValidate>
        <Stack gap="md">
          {conflict ? (
            <ConflictAlert
              title="The plan changed"
              message={conflict}
              reloadLabel="Review the plan"
              onReload={onClose}
            />
          ) : null}
          {plan.status === 'approved' ? (
            <WarningAlert title="This voids the approval">
              The plan is approved. A change sends it back to awaiting approval, and another privacy officer
              approves it again before anything runs.
            </WarningAlert>
          ) : null}
          {isForced && line.forcedBy ? (
            <Alert
              color="blue"
              variant="light"
              icon={<IconLock size={18} aria-hidden />}
              title={forcedByLabels[line.forcedBy]}
            >
              <Stack gap={4}>
                <Text size="sm">{forcedReason(line)}</Text>
                <Text size="sm" fw={600}>
                  {lineActionLabels[line.action]}
                  {line.ground ? ` · ${retentionGroundLabels[line.ground]}` : ''}
                </Text>
                {line.law ? <Text size="sm">{line.law}</Text> : null}
                {line.forcedBy === 'retention_rule' && canReadInventory ? (
                  <Anchor component={Link} to={paths.dataSystem.build(line.system.id)} size="sm">
                    Open {line.system.name} in the data inventory
                  </Anchor>
                ) : null}
                {form.errors.action ? (
                  <Text size="sm" c="var(--mantine-color-error)">
                    {form.errors.action}
                  </Text>
                ) : null}
              </Stack>
            </Alert>
          ) : (
            <>
              <Radio.Group
                label="Action"
                {...form.getInputProps('action')}
                onChange={(value: string) => {
                  const next = actionOf(value);
                  if (next) form.setFieldValue('action', next);
                }}
              >
                <Stack gap="xs" mt={6}>
                  {dataLineActions.map((a) => (
                    <Radio
                      key={a}
                      value={a}
                      label={lineActionLabels[a]}
                      description={lineActionDescriptions[a]}
                    />
                  ))}
                </Stack>
              </Radio.Group>
              {action === 'retain' ? (
                <Select
                  label="Legal ground"
                  placeholder="Choose the ground for keeping it"
                  data={groundOptions}
                  withAsterisk
                  comboboxProps={{ withinPortal: true }}
                  {...form.getInputProps('ground')}
                  onChange={(value: string | null) => form.setFieldValue('ground', groundOf(value))}
                />
              ) : null}
            </>
          )}
          <GrowingTextarea
            label="Note"
            description={
              action === 'not_held'
                ? 'Required: say how you checked that the system holds nothing of this person.'
                : 'Optional: why this line does what it does.'
            }
            withAsterisk={action === 'not_held'}
            minRows={2}
            maxRows={6}
            {...form.getInputProps('note')}
          />
          <Text size="xs" c="dimmed">
            Whoever changes the plan becomes one of its editors: another privacy officer approves it.
          </Text>
          <DialogActions
            problem={problem}
            problemTitle="Not changed"
            submitLabel="Save line"
            loading={changeLine.isPending}
            onCancel={onClose}
          />
        </Stack>
      </form>
    </Modal>
  );
}
