// The dashboard's only door to @mantine/charts and recharts: loaded with React.lazy, so no other page carries
// them. It takes plain data (chart-data.ts) and imports nothing of the app at run time, so the build keeps it
// in a chunk of its own (vite.config.ts).
import '@mantine/charts/styles.css';
import { BarChart, LineChart } from '@mantine/charts';
import type { Drill } from '@privdesk/shared';
import type { ActiveDotProps, BarRectangleItem } from 'recharts';
import type { ChartRow, ChartSpec } from '../chart-data';

export interface DashboardChartProps {
  spec: ChartSpec;
  /** In pixels (`chartHeightOf`): the loading skeleton takes the same room. */
  height: number;
  /** A bar or point was clicked: the requests behind it. */
  onSelect: (drill: Drill) => void;
}

interface Datum {
  label: string;
  drills: ChartRow['drills'];
  [series: string]: unknown;
}

const percentFormat = (value: number) => `${String(value)}%`;
const countFormat = (value: number) => new Intl.NumberFormat('en-GB').format(value);

function isDatum(value: unknown): value is Datum {
  return typeof value === 'object' && value !== null && 'drills' in value;
}

export function DashboardChart({ spec, height: h, onSelect }: DashboardChartProps) {
  const data: Datum[] = spec.rows.map((row) => ({ label: row.label, ...row.values, drills: row.drills }));
  const select = (payload: unknown, series: string) => {
    const drill = isDatum(payload) ? payload.drills[series] : undefined;
    if (drill) onSelect(drill);
  };
  const valueFormatter = spec.percent ? percentFormat : countFormat;
  const withLegend = spec.series.length > 1;
  return (
    // The picture is one image to assistive technology, named by its summary; the table toggle beside it is
    // the full alternative (and its links the keyboard's way into the queue).
    <div role="img" aria-label={spec.summary}>
      {spec.kind === 'line' ? (
        <LineChart
          h={h}
          data={data}
          dataKey="label"
          series={spec.series}
          curveType="linear"
          withLegend={withLegend}
          connectNulls={false}
          valueFormatter={valueFormatter}
          yAxisProps={spec.percent ? { domain: [0, 100] } : {}}
          accessibilityLayer={false}
          lineProps={(series) => ({
            // The point under the pointer opens that month's requests on time against this clock.
            activeDot: (props: ActiveDotProps) => (
              <circle
                cx={props.cx}
                cy={props.cy}
                r={6}
                fill={props.fill}
                stroke={props.stroke}
                strokeWidth={2}
                style={{ cursor: 'pointer' }}
                onClick={() => select(props.payload, series.name)}
              />
            ),
          })}
        />
      ) : (
        <BarChart
          h={h}
          data={data}
          dataKey="label"
          series={spec.series}
          type={spec.stacked ? 'stacked' : 'default'}
          orientation={spec.horizontal ? 'vertical' : 'horizontal'}
          withLegend={withLegend}
          valueFormatter={valueFormatter}
          gridAxis={spec.horizontal ? 'y' : 'x'}
          yAxisProps={spec.horizontal ? { width: 148 } : {}}
          maxBarWidth={40}
          accessibilityLayer={false}
          barProps={(series) => ({
            style: { cursor: 'pointer' },
            onClick: (item: BarRectangleItem) => select(item.payload, series.name),
          })}
        />
      )}
    </div>
  );
}
