import { Alert, Button, Code, Stack, Text } from '@mantine/core';
import type { AuditVerifyResult } from '@privdesk/shared';
import { IconCircleCheck, IconLinkOff, IconShieldCheck } from '@tabler/icons-react';
import { useQuery } from '@tanstack/react-query';
import { errorMessageOf, useTRPC } from '../../../lib/trpc';

/** Walks the hash chain on the server on request; it reads every event, so never on page load. */
export function VerifyChainButton() {
  const trpc = useTRPC();
  const verify = useQuery({ ...trpc.audit.verify.queryOptions(), enabled: false, staleTime: 0, gcTime: 0 });
  return (
    <Button
      variant="light"
      leftSection={<IconShieldCheck size={16} aria-hidden />}
      loading={verify.isFetching}
      onClick={() => void verify.refetch()}
    >
      Verify chain
    </Button>
  );
}

export function VerifyChainResult() {
  const trpc = useTRPC();
  const verify = useQuery({ ...trpc.audit.verify.queryOptions(), enabled: false, staleTime: 0, gcTime: 0 });
  if (verify.isFetching) return null;
  if (verify.isError) {
    return (
      <Alert color="red" variant="light" title="Could not verify the chain" role="status">
        {errorMessageOf(verify.error)}
      </Alert>
    );
  }
  const result = verify.data;
  if (!result) return null;
  if (result.ok) {
    return (
      <Alert
        color="teal"
        variant="light"
        icon={<IconCircleCheck size={18} />}
        title="Chain intact"
        role="status"
      >
        <Stack gap={4}>
          <Text size="sm">All {result.checked.toLocaleString()} events are in order and unaltered.</Text>
          <ChainHead head={result.head} />
        </Stack>
      </Alert>
    );
  }
  return (
    <Alert color="red" variant="light" icon={<IconLinkOff size={18} />} title="Chain broken" role="status">
      <Stack gap={4}>
        <Text size="sm">
          First broken event: <strong>#{result.firstBrokenSeq ?? '?'}</strong>
          {result.problem ? ` — ${result.problem}` : ''}.
        </Text>
        <Text size="sm">
          {result.checked.toLocaleString()} events before it checked out. Report this to your security team.
        </Text>
        <ChainHead head={result.head} />
      </Stack>
    </Alert>
  );
}

/**
 * A chain cannot show that events were cut off its end; comparing its head with one noted earlier can,
 * so the head is shown in full.
 */
function ChainHead({ head }: { head: AuditVerifyResult['head'] }) {
  if (!head) return null;
  return (
    <Text size="sm">
      Last verified event: <strong>#{head.seq}</strong>, hash{' '}
      <Code style={{ wordBreak: 'break-all' }} aria-label="Head hash">
        {head.hash}
      </Code>
    </Text>
  );
}
