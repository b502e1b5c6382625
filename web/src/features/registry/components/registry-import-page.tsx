import {
  Alert,
  Anchor,
  Badge,
  Button,
  Code,
  FileInput,
  Group,
  List,
  Paper,
  Stack,
  Table,
  Text,
  Textarea,
  Title,
} from '@mantine/core';
import { registryCsvColumns } from '@privdesk/shared/constants';
import { IconAlertCircle, IconArrowLeft, IconCircleCheck, IconFileTypeCsv } from '@tabler/icons-react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { Link } from 'react-router';
import { paths } from '../../../config/paths';
import { usePageTitle } from '../../../lib/page-title';
import { errorMessageOf, useTRPC, type RouterOutputs } from '../../../lib/trpc';

type ImportResult = RouterOutputs['registry']['importCsv'];
type ImportRow = ImportResult['rows'][number];

/** The server takes at most this much text (registryImportInputSchema); a bigger file is refused here first. */
const maxBytes = 1_000_000;
/** Problems listed above the table; the table has every one. */
const listedProblems = 50;

function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}

function RowResultBadge({ row }: { row: ImportRow }) {
  if (row.errors.length > 0)
    return (
      <Badge color="red" variant="light" tt="none" radius="sm">
        To fix
      </Badge>
    );
  if (row.action === null)
    return (
      <Badge color="gray" variant="light" tt="none" radius="sm">
        Unchanged
      </Badge>
    );
  return (
    <Badge color={row.action === 'create' ? 'blue' : 'teal'} variant="light" tt="none" radius="sm">
      {row.action === 'create' ? 'New' : 'Update'}
    </Badge>
  );
}

/** What a check found, in one sentence. */
function checkSummary(result: ImportResult): string {
  const failing = result.rows.filter((r) => r.errors.length > 0).length;
  const unchanged = result.rows.filter((r) => r.errors.length === 0 && r.action === null).length;
  const parts = [
    `${result.created} new`,
    `${result.updated} to update`,
    ...(unchanged > 0 ? [`${unchanged} unchanged`] : []),
    ...(failing > 0 ? [`${failing} to fix`] : []),
  ];
  return `${plural(result.rows.length, 'row')}: ${parts.join(', ')}.`;
}

function ProblemList({ result }: { result: ImportResult }) {
  const problems = result.rows.flatMap((r) => r.errors.map((e) => ({ row: r.row, ...e })));
  if (problems.length === 0) return null;
  const failing = result.rows.filter((r) => r.errors.length > 0).length;
  return (
    <Alert
      color="red"
      variant="light"
      icon={<IconAlertCircle size={18} aria-hidden />}
      title={`${plural(failing, 'row needs', 'rows need')} fixing: nothing ${result.dryRun ? 'will be' : 'was'} written`}
    >
      <Stack gap="xs">
        <Text size="sm">
          Correct the file (the row numbers are the spreadsheet’s, the header being row 1), then check it
          again.
        </Text>
        <List size="sm" spacing={4} aria-label="Problems to fix">
          {problems.slice(0, listedProblems).map((p, i) => (
            <List.Item key={`${p.row}-${p.column}-${i}`}>
              Row {p.row} · {p.column}: {p.message}
            </List.Item>
          ))}
        </List>
        {problems.length > listedProblems ? (
          <Text size="sm">
            And {plural(problems.length - listedProblems, 'more problem')}: see the table below.
          </Text>
        ) : null}
      </Stack>
    </Alert>
  );
}

function RowProblems({ row }: { row: ImportRow }) {
  if (row.errors.length === 0)
    return (
      <Text size="sm" c="dimmed">
        —
      </Text>
    );
  return (
    <Stack gap={2}>
      {row.errors.map((e, i) => (
        <Text size="sm" key={`${e.column}-${i}`}>
          <Code>{e.column}</Code>: {e.message}
        </Text>
      ))}
    </Stack>
  );
}

function RowsTable({ rows }: { rows: ImportRow[] }) {
  return (
    <>
      <Table verticalSpacing="xs" striped aria-label="Rows of the file" visibleFrom="sm">
        <Table.Thead>
          <Table.Tr>
            <Table.Th scope="col" w={60}>
              Row
            </Table.Th>
            <Table.Th scope="col" w="22%">
              Name
            </Table.Th>
            <Table.Th scope="col" w={100}>
              Result
            </Table.Th>
            <Table.Th scope="col">Problems</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {rows.map((row) => (
            <Table.Tr key={row.row}>
              <Table.Td>{row.row}</Table.Td>
              <Table.Td>{row.name ?? <Text c="dimmed">(no name)</Text>}</Table.Td>
              <Table.Td>
                <RowResultBadge row={row} />
              </Table.Td>
              <Table.Td>
                <RowProblems row={row} />
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      {/* A phone has no room for four columns: the same facts, one row under another. */}
      <Stack
        gap="sm"
        hiddenFrom="sm"
        component="ul"
        aria-label="Rows of the file"
        p={0}
        m={0}
        style={{ listStyle: 'none' }}
      >
        {rows.map((row) => (
          <Paper component="li" key={row.row} withBorder p="sm" radius="md">
            <Stack gap={6}>
              <Group justify="space-between" gap="xs" wrap="nowrap">
                <Text size="sm" fw={600}>
                  Row {row.row} · {row.name ?? '(no name)'}
                </Text>
                <RowResultBadge row={row} />
              </Group>
              {row.errors.length > 0 ? <RowProblems row={row} /> : null}
            </Stack>
          </Paper>
        ))}
      </Stack>
    </>
  );
}

function Imported({ result, onAgain }: { result: ImportResult; onAgain: () => void }) {
  return (
    <Alert
      color="teal"
      variant="light"
      icon={<IconCircleCheck size={18} aria-hidden />}
      title="Imported"
      role="status"
    >
      <Stack gap="xs" align="flex-start">
        <Text size="sm">
          {plural(result.created, 'subprocessor')} proposed, {result.updated} updated
          {result.rows.length > result.created + result.updated
            ? `, ${result.rows.length - result.created - result.updated} unchanged`
            : ''}
          . New subprocessors start as proposed: each one’s change notice goes from its page.
        </Text>
        <Group gap="sm">
          <Button component={Link} to={paths.registry.build()} size="xs">
            Back to the registry
          </Button>
          <Button variant="default" size="xs" onClick={onAgain}>
            Import another file
          </Button>
        </Group>
      </Stack>
    </Alert>
  );
}

/**
 * The registry from a CSV file (issue 14, item 7): the file is checked first (a dry run that writes nothing
 * and reports every row), and only a check of this very text with no problem unlocks the import, which
 * checks everything again and writes all rows or none.
 */
export function RegistryImportPage() {
  usePageTitle('Import subprocessors');
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const importCsv = useMutation(trpc.registry.importCsv.mutationOptions());
  const [csv, setCsv] = useState('');
  const [file, setFile] = useState<File | null>(null);
  const [fileProblem, setFileProblem] = useState<string | null>(null);
  /** The last answer and the text it was about: a check of other text unlocks nothing. */
  const [answer, setAnswer] = useState<{ csv: string; result: ImportResult } | null>(null);
  const [failure, setFailure] = useState<string | null>(null);

  const pickFile = async (picked: File | null) => {
    setFile(picked);
    setFileProblem(null);
    if (!picked) return;
    if (picked.size > maxBytes) {
      setFileProblem(
        `This file is ${(picked.size / 1_000_000).toFixed(1)} MB; an import takes at most 1 MB.`,
      );
      return;
    }
    setCsv(await picked.text());
  };

  const run = async (dryRun: boolean) => {
    setFailure(null);
    try {
      const result = await importCsv.mutateAsync({ csv, dryRun });
      setAnswer({ csv, result });
      if (result.written) await queryClient.invalidateQueries(trpc.registry.pathFilter());
    } catch (error) {
      setFailure(errorMessageOf(error));
    }
  };

  const startAgain = () => {
    setCsv('');
    setFile(null);
    setAnswer(null);
    setFailure(null);
    importCsv.reset();
  };

  const result = answer?.result ?? null;
  const isCurrent = answer !== null && answer.csv === csv;
  const hasProblems =
    result !== null && (result.fileErrors.length > 0 || result.rows.some((r) => r.errors.length > 0));
  const toWrite = result ? result.created + result.updated : 0;
  const canImport = isCurrent && result?.dryRun === true && !hasProblems && toWrite > 0;
  const checking = importCsv.isPending && importCsv.variables.dryRun;
  const importing = importCsv.isPending && !importCsv.variables.dryRun;
  const importHint =
    csv.trim() === ''
      ? null
      : !isCurrent
        ? 'Check the file first: the import unlocks when every row passes.'
        : hasProblems
          ? 'Fix the problems and check the file again.'
          : toWrite === 0
            ? 'Nothing to import: every row matches the registry.'
            : null;

  return (
    <Stack gap="lg">
      <Stack gap={4}>
        <Anchor component={Link} to={paths.registry.build()} size="sm">
          <Group gap={4} component="span" wrap="nowrap">
            <IconArrowLeft size={14} aria-hidden />
            Registry
          </Group>
        </Anchor>
        <Title order={1}>Import subprocessors</Title>
        <Text c="dimmed" size="sm" maw={720}>
          A CSV file with the columns the registry’s export writes. A row without an id proposes a new
          subprocessor; a row with one edits it. The lifecycle columns (from <Code>status</Code> on) are
          ignored: a status changes only through its own steps. Nothing is written until every row passes.
        </Text>
      </Stack>

      {result?.written ? (
        <Imported result={result} onAgain={startAgain} />
      ) : (
        <Paper withBorder p="md" radius="md">
          <Stack gap="md">
            <FileInput
              label="CSV file"
              placeholder="Choose a .csv file"
              accept=".csv,text/csv"
              leftSection={<IconFileTypeCsv size={18} aria-hidden />}
              clearable
              value={file}
              onChange={(picked) => void pickFile(picked)}
              error={fileProblem}
              maw={480}
            />
            <Textarea
              label="Its text"
              description={`Chosen above, or pasted here. The first line is the header: ${registryCsvColumns.slice(0, 4).join(',')},…`}
              value={csv}
              onChange={(event) => setCsv(event.currentTarget.value)}
              autosize
              minRows={5}
              maxRows={12}
              spellCheck={false}
              styles={{
                input: {
                  fontFamily: 'var(--mantine-font-family-monospace)',
                  fontSize: 'var(--mantine-font-size-xs)',
                  whiteSpace: 'pre',
                  overflowX: 'auto',
                },
              }}
            />
            {failure ? (
              <Alert color="red" variant="light" title="The file could not be checked" role="alert">
                {failure}
              </Alert>
            ) : null}
            <Group gap="sm">
              <Button
                variant={canImport ? 'default' : 'filled'}
                onClick={() => void run(true)}
                loading={checking}
                disabled={csv.trim() === '' || importing}
              >
                Check file
              </Button>
              <Button
                variant={canImport ? 'filled' : 'default'}
                onClick={() => void run(false)}
                loading={importing}
                disabled={!canImport || checking}
              >
                {canImport ? `Import ${plural(toWrite, 'row')}` : 'Import'}
              </Button>
              {importHint ? (
                <Text size="sm" c="dimmed">
                  {importHint}
                </Text>
              ) : null}
            </Group>
          </Stack>
        </Paper>
      )}

      {result && !result.written ? (
        <Stack gap="md" aria-live="polite">
          {!isCurrent ? (
            <Text size="sm" c="dimmed">
              The text changed since this check: check it again.
            </Text>
          ) : null}
          {result.fileErrors.length > 0 ? (
            <Alert
              color="red"
              variant="light"
              icon={<IconAlertCircle size={18} aria-hidden />}
              title="The file cannot be imported"
            >
              <List size="sm" spacing={4} aria-label="File problems">
                {result.fileErrors.map((message) => (
                  <List.Item key={message}>{message}</List.Item>
                ))}
              </List>
            </Alert>
          ) : null}
          {result.rows.length > 0 ? (
            <>
              <Text size="sm" fw={600}>
                {checkSummary(result)}
                {!result.dryRun && !hasProblems ? ' Nothing needed writing.' : ''}
              </Text>
              <ProblemList result={result} />
              <RowsTable rows={result.rows} />
            </>
          ) : null}
        </Stack>
      ) : null}
    </Stack>
  );
}
