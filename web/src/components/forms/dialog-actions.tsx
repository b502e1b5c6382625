import { Alert, Button, Group } from '@mantine/core';

/**
 * The end of a dialog's form: the server's refusal (when there is one) above Cancel and the submit button,
 * as every customer dialog ends.
 */
export function DialogActions({
  problem,
  problemTitle,
  submitLabel,
  loading,
  onCancel,
}: {
  problem: string | null;
  problemTitle: string;
  submitLabel: string;
  loading: boolean;
  onCancel: () => void;
}) {
  return (
    <>
      {problem ? (
        <Alert color="red" variant="light" title={problemTitle}>
          {problem}
        </Alert>
      ) : null}
      <Group justify="flex-end" gap="xs">
        <Button variant="default" onClick={onCancel}>
          Cancel
        </Button>
        <Button type="submit" loading={loading}>
          {submitLabel}
        </Button>
      </Group>
    </>
  );
}
