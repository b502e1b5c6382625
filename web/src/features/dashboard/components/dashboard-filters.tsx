import { Select, TextInput } from '@mantine/core';
import {
  dashboardPeriodLabels,
  dashboardPeriods,
  regimes,
  type DashboardPeriod,
  type Regime,
  type RequestType,
} from '@privdesk/shared/constants';
import { regimeLabel, requestTypeLabel } from '../../../lib/labels';
import { typesFor, type DashboardSearch } from '../dashboard-search';
import classes from './dashboard-page.module.css';

const periodOptions = dashboardPeriods.map((p) => ({ value: p, label: dashboardPeriodLabels[p] }));
const regimeOptions = regimes.map((r) => ({ value: r, label: regimeLabel(r) }));
const anyone = 'anyone';

function isPeriod(value: string | null): value is DashboardPeriod {
  return value !== null && (dashboardPeriods as readonly string[]).includes(value);
}

interface DashboardFiltersProps {
  search: DashboardSearch;
  /** Staff who can hold requests; null when this person may not filter by assignee. */
  assignable: { id: string; name: string }[] | null;
  onPeriodChange: (period: DashboardPeriod) => void;
  onDaysChange: (days: { from?: string | undefined; to?: string | undefined }) => void;
  onRegimeChange: (regime: Regime | undefined) => void;
  onTypeChange: (type: RequestType | undefined) => void;
  onAssigneeChange: (assignee: string | undefined) => void;
}

/** The dashboard's filters, each with a visible label; every change goes to the address bar. */
export function DashboardFilters({
  search,
  assignable,
  onPeriodChange,
  onDaysChange,
  onRegimeChange,
  onTypeChange,
  onAssigneeChange,
}: DashboardFiltersProps) {
  const typeOptions = typesFor(search.regime).map((t) => ({ value: t, label: requestTypeLabel(t) }));
  const known = assignable?.some((s) => s.id === search.assignee) ?? false;
  const assigneeOptions = [
    { value: anyone, label: 'Anyone' },
    { value: 'nobody', label: 'Nobody (unassigned)' },
    ...(assignable && assignable.length > 0
      ? [{ group: 'Staff member', items: assignable.map((s) => ({ value: s.id, label: s.name })) }]
      : []),
    // A link may name someone no longer assignable: the filter still says that it is on.
    ...(search.assignee && search.assignee !== 'nobody' && !known
      ? [{ value: search.assignee, label: 'Another staff member' }]
      : []),
  ];
  return (
    <div className={classes.filters}>
      <Select<string>
        label="Period"
        data={periodOptions}
        value={search.period}
        onChange={(value) => {
          if (isPeriod(value)) onPeriodChange(value);
        }}
        allowDeselect={false}
      />
      {search.period === 'custom' ? (
        <>
          <TextInput
            type="date"
            label="From"
            value={search.from ?? ''}
            max={search.to}
            onChange={(event) => onDaysChange({ from: event.currentTarget.value || undefined })}
          />
          <TextInput
            type="date"
            label="To"
            value={search.to ?? ''}
            min={search.from}
            onChange={(event) => onDaysChange({ to: event.currentTarget.value || undefined })}
          />
        </>
      ) : null}
      <Select<Regime>
        label="Regime"
        placeholder="Any regime"
        data={regimeOptions}
        value={search.regime ?? null}
        onChange={(value) => onRegimeChange(value ?? undefined)}
        clearable
      />
      <Select<RequestType>
        label="Request type"
        placeholder="Any type"
        data={typeOptions}
        value={search.type ?? null}
        onChange={(value) => onTypeChange(value ?? undefined)}
        searchable
        clearable
        nothingFoundMessage="No type matches"
      />
      {assignable ? (
        <Select<string>
          label="Assignee"
          data={assigneeOptions}
          value={search.assignee ?? anyone}
          onChange={(value) => onAssigneeChange(value === null || value === anyone ? undefined : value)}
          allowDeselect={false}
          searchable
          nothingFoundMessage="Nobody matches"
        />
      ) : null}
    </div>
  );
}
