import { Alert, Anchor, Button, Group, Paper, Skeleton, Stack, Table, Text, Title } from '@mantine/core';
import {
  lineActionLabels,
  lineStatusLabels,
  requestOutcomeLabels,
  retentionGroundLabels,
  type Regime,
} from '@privdesk/shared/constants';
import { IconArrowLeft, IconDownload } from '@tabler/icons-react';
import type { Certificate } from '@privdesk/shared';
import { useQuery } from '@tanstack/react-query';
import { Link } from 'react-router';
import { QueryErrorAlert } from '../../../components/feedback/query-error-alert';
import { paths } from '../../../config/paths';
import { regimeLabel } from '../../../lib/labels';
import { usePageTitle } from '../../../lib/page-title';
import { useTRPC } from '../../../lib/trpc';
import { formatDateTime } from '../format';
import classes from './certificate.module.css';
import { PrintButton, PrintSheet, PrintToolbar } from '../../../components/print/print-sheet';

/** The certificate as JSON, saved by the browser: the same data the page shows. */
function download(name: string, data: unknown): void {
  const url = URL.createObjectURL(new Blob([JSON.stringify(data, null, 2)], { type: 'application/json' }));
  const link = document.createElement('a');
  link.href = url;
  link.download = name;
  link.click();
  URL.revokeObjectURL(url);
}

const when = (at: string | null) => (at ? formatDateTime(at) : '—');

type Line = Certificate['lines'][number];

function LineSystem({ line }: { line: Line }) {
  return (
    <div>
      <Text size="sm" fw={600}>
        {line.recipient ?? line.system}
      </Text>
      {line.recipient ? <Text size="xs">Recipient of {line.system}</Text> : null}
      {line.scope ? <Text size="xs">{line.scope}</Text> : null}
    </div>
  );
}

function LineAction({ line }: { line: Line }) {
  return (
    <div>
      <Text size="sm">{lineActionLabels[line.action]}</Text>
      {line.ground ? <Text size="xs">{retentionGroundLabels[line.ground]}</Text> : null}
      {line.law ? (
        <Text size="xs" c="dimmed">
          {line.law}
        </Text>
      ) : null}
    </div>
  );
}

/** What the connector reported: rows per platform table, or a receiver's records. */
function resultDetail(line: Line): string | null {
  if (line.tables)
    return line.tables
      .filter((t) => t.deleted + t.anonymised + t.retained > 0)
      .map(
        (t) =>
          `${t.table}: ${[
            t.deleted ? `${String(t.deleted)} deleted` : '',
            t.anonymised ? `${String(t.anonymised)} anonymised` : '',
            t.retained ? `${String(t.retained)} kept` : '',
          ]
            .filter(Boolean)
            .join(', ')}`,
      )
      .join('; ');
  return line.rows === null ? null : `${String(line.rows)} record${line.rows === 1 ? '' : 's'}`;
}

function LineResult({ line }: { line: Line }) {
  const detail = resultDetail(line);
  return (
    <div>
      <Text size="sm">{lineStatusLabels[line.status]}</Text>
      {detail ? <Text size="xs">{detail}</Text> : null}
    </div>
  );
}

/**
 * The proof of an erasure (issue 15, item 7): every system, what was done there, when and by whom, the
 * approval, and what keeps a restored backup from bringing the person back. Printable; exports as JSON.
 */
export function CertificatePage({ requestId }: { requestId: string }) {
  const trpc = useTRPC();
  const query = useQuery(trpc.erasure.certificate.queryOptions({ requestId }));
  usePageTitle(query.data ? `Certificate of erasure — ${query.data.reference}` : 'Certificate of erasure');
  if (query.isPending)
    return (
      <Stack gap="sm" aria-busy role="status" aria-label="Loading the certificate">
        <Skeleton height={36} width="50%" />
        <Skeleton height={160} />
        <Skeleton height={240} />
      </Stack>
    );
  if (query.isError)
    return (
      <QueryErrorAlert
        title="Could not load the certificate"
        error={query.error}
        onRetry={() => void query.refetch()}
      />
    );
  const c = query.data;
  const complete = c.status === 'completed';
  return (
    <Stack gap="md">
      <PrintToolbar>
        <Anchor component={Link} to={paths.request.build(c.requestId)} size="sm">
          <Group gap={4} component="span">
            <IconArrowLeft size={14} aria-hidden />
            Back to {c.reference}
          </Group>
        </Anchor>
        <Group gap="xs">
          <Button
            variant="default"
            leftSection={<IconDownload size={16} aria-hidden />}
            onClick={() => download(`erasure-certificate-${c.reference}.json`, c)}
          >
            Download JSON
          </Button>
          <PrintButton />
        </Group>
      </PrintToolbar>
      <PrintSheet>
        <Stack gap="md">
          <div>
            <Title order={1} size="h2">
              Certificate of erasure
            </Title>
            <Text c="dimmed">
              {c.reference} · {regimeLabel(c.regime as Regime)}
            </Text>
          </div>
          {complete ? null : (
            <Alert color="yellow" variant="light" title="Not complete yet">
              The erasure is still running: this is a record of its progress, not its proof.
            </Alert>
          )}
          <Table withRowBorders={false} className={classes.table} aria-label="The request">
            <Table.Tbody>
              <Table.Tr>
                <Table.Th scope="row">Account</Table.Th>
                <Table.Td>{c.accountNumber ?? 'No platform account linked'}</Table.Td>
              </Table.Tr>
              <Table.Tr>
                <Table.Th scope="row">Received</Table.Th>
                <Table.Td>{when(c.receivedAt)}</Table.Td>
              </Table.Tr>
              <Table.Tr>
                <Table.Th scope="row">Completed</Table.Th>
                <Table.Td>
                  {when(c.completedAt)}
                  {c.outcome ? ` — ${requestOutcomeLabels[c.outcome]}` : ''}
                </Table.Td>
              </Table.Tr>
              <Table.Tr>
                <Table.Th scope="row">Plan prepared</Table.Th>
                <Table.Td>
                  {c.plan.preparedBy ?? '—'}, {when(c.plan.preparedAt)} (version {c.plan.version})
                </Table.Td>
              </Table.Tr>
              <Table.Tr>
                <Table.Th scope="row">Approved</Table.Th>
                <Table.Td>
                  {c.plan.approvedBy ? `${c.plan.approvedBy}, ${when(c.plan.approvedAt)}` : 'Not approved'}
                  {c.plan.approvalNote ? ` — “${c.plan.approvalNote}”` : ''}
                </Table.Td>
              </Table.Tr>
              <Table.Tr>
                <Table.Th scope="row">Execution started</Table.Th>
                <Table.Td>{when(c.plan.executionStartedAt)}</Table.Td>
              </Table.Tr>
            </Table.Tbody>
          </Table>
          <Title order={2} size="h4">
            Every system
          </Title>
          {/* A table where there is room; one card a line on a phone, read top to bottom. */}
          <Table className={classes.table} aria-label="Every system" striped visibleFrom="md">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>System</Table.Th>
                <Table.Th>Action</Table.Th>
                <Table.Th>Result</Table.Th>
                <Table.Th>Done</Table.Th>
                <Table.Th>By</Table.Th>
                <Table.Th>Evidence or note</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {c.lines.map((line, i) => (
                <Table.Tr key={`${line.system}-${line.scope ?? ''}-${String(i)}`}>
                  <Table.Td className={classes.cell}>
                    <LineSystem line={line} />
                  </Table.Td>
                  <Table.Td className={classes.cell}>
                    <LineAction line={line} />
                  </Table.Td>
                  <Table.Td className={classes.cell}>
                    <LineResult line={line} />
                  </Table.Td>
                  <Table.Td className={classes.when}>
                    <Text size="sm">{when(line.finishedAt)}</Text>
                  </Table.Td>
                  <Table.Td className={classes.cell}>
                    <Text size="sm">{line.doneBy ?? '—'}</Text>
                  </Table.Td>
                  <Table.Td className={classes.cell}>
                    <Text size="sm">{line.evidence ?? line.note ?? '—'}</Text>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
          <Stack gap="xs" hiddenFrom="md" role="list" aria-label="Every system">
            {c.lines.map((line, i) => (
              <Paper
                key={`${line.system}-${line.scope ?? ''}-${String(i)}`}
                withBorder
                p="sm"
                radius="sm"
                role="listitem"
                className={classes.card}
              >
                <Stack gap={4}>
                  <LineSystem line={line} />
                  <LineAction line={line} />
                  <LineResult line={line} />
                  <Text size="xs" c="dimmed">
                    {line.finishedAt ? `${when(line.finishedAt)} · ${line.doneBy ?? ''}` : 'Not done yet'}
                  </Text>
                  {(line.evidence ?? line.note) ? <Text size="sm">{line.evidence ?? line.note}</Text> : null}
                </Stack>
              </Paper>
            ))}
          </Stack>
          <Title order={2} size="h4">
            Backups
          </Title>
          <Text size="sm">{c.backups.statement}</Text>
          <Text size="xs" c="dimmed">
            Issued {when(c.issuedAt)} by Privacy Desk. Every step above is in the audit log.
          </Text>
        </Stack>
      </PrintSheet>
    </Stack>
  );
}
