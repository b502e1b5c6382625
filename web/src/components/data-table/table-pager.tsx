import { Group, Pagination, Select, Text } from '@mantine/core';

export const pageSizeOptions = [10, 25, 50, 100] as const;

interface TablePagerProps {
  page: number;
  pageSize: number;
  total: number;
  /**
   * False when the server stopped counting at `total` (a lower bound): the count then reads "5,000+" and
   * the pager offers the pages up to there, from which one can always page on.
   */
  totalExact?: boolean;
  onPageChange: (page: number) => void;
  onPageSizeChange: (pageSize: number) => void;
  /** What is counted: "events", "staff members"; and one of them: "event", "staff member". */
  noun: string;
  nounOne: string;
}

export function TablePager({
  page,
  pageSize,
  total,
  totalExact = true,
  onPageChange,
  onPageSizeChange,
  noun,
  nounOne,
}: TablePagerProps) {
  const pageCount = Math.max(1, Math.ceil(total / pageSize));
  const first = total === 0 ? 0 : (page - 1) * pageSize + 1;
  const last = Math.min(total, page * pageSize);
  const totalText = totalExact ? total.toLocaleString() : `${total.toLocaleString()}+`;
  return (
    <Group justify="space-between" gap="sm" wrap="wrap">
      <Text size="sm" c="dimmed" aria-live="polite">
        {total === 0
          ? `No ${noun}`
          : total === 1 && totalExact
            ? `1 ${nounOne}`
            : `${first.toLocaleString()}–${last.toLocaleString()} of ${totalText} ${noun}`}
      </Text>
      <Group gap="sm" wrap="wrap">
        <Select
          aria-label="Rows per page"
          data={pageSizeOptions.map((n) => ({ value: String(n), label: `${n} per page` }))}
          value={String(pageSize)}
          onChange={(value) => value && onPageSizeChange(Number(value))}
          allowDeselect={false}
          w={130}
          size="xs"
        />
        <Pagination
          total={pageCount}
          value={Math.min(page, pageCount)}
          onChange={onPageChange}
          size="sm"
          siblings={1}
          boundaries={1}
          getControlProps={(control) => ({ 'aria-label': `${control} page` })}
          getItemProps={(p) => ({
            'aria-label': `Page ${p}`,
            'aria-current': p === page ? 'page' : undefined,
          })}
        />
      </Group>
    </Group>
  );
}
