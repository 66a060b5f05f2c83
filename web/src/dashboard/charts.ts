/**
 * ECharts options for the dashboard's charts, built from the server's figures (nothing is counted here) for
 * the console (light, normal type) and the big screen (dark, type read from across a room).
 */
import type { EChartsOption } from 'echarts';
import type { DashboardFigures } from '../../../domain/dashboard-schemas';

export interface ChartLook {
  dark: boolean;
  /** Base type size in pixels: 12 in the console, about 20 on the big screen. */
  fontSize: number;
}

export interface ChartText {
  translate: (key: string) => string;
  stationName: (id: string) => string;
}

const verdictColours = { pass: '#2e7d32', review: '#ed6c02', retake: '#d32f2f' };
export const percent = (value: number) => `${Math.round(value * 1000) / 10}%`;

const base = ({ dark, fontSize }: ChartLook): EChartsOption => ({
  backgroundColor: 'transparent',
  textStyle: { fontSize, color: dark ? '#dce6f5' : '#333' },
  grid: { left: 8, right: fontSize * 1.5, top: fontSize * 3, bottom: 8, containLabel: true },
  tooltip: { trigger: 'axis', textStyle: { fontSize } },
  legend: { top: 0, textStyle: { fontSize, color: dark ? '#dce6f5' : '#333' } },
});

const axisLabel = ({ fontSize }: ChartLook) => ({ fontSize });

/** Rates as percentages with one decimal, as every rate chart shows them. */
const percentTooltip = ({ fontSize }: ChartLook) => ({
  trigger: 'axis' as const,
  valueFormatter: (v: unknown) => `${String(v)}%`,
  textStyle: { fontSize },
});
const percentAxis = (look: ChartLook) => ({
  type: 'value' as const,
  axisLabel: { ...axisLabel(look), formatter: '{value}%' },
});

/** One bar series per verdict, each row's rate of it in percent. */
function rateSeries<V extends 'pass' | 'review' | 'retake'>(
  verdicts: readonly V[],
  rows: readonly Record<`${V}Rate`, number>[],
  text: ChartText,
  stack?: string,
) {
  return verdicts.map((verdict) => ({
    name: text.translate(`tongpai.verdict.${verdict}`),
    type: 'bar' as const,
    ...(stack ? { stack } : {}),
    color: verdictColours[verdict],
    data: rows.map((row) => Math.round(row[`${verdict}Rate`] * 1000) / 10),
  }));
}

/** Captures per day over the last 30 days. */
export function trendOption(figures: DashboardFigures, look: ChartLook, text: ChartText): EChartsOption {
  return {
    ...base(look),
    legend: { show: false },
    xAxis: {
      type: 'category',
      data: figures.captures.trend.map((d) => d.day.slice(5)),
      axisLabel: axisLabel(look),
    },
    yAxis: { type: 'value', minInterval: 1, axisLabel: axisLabel(look) },
    series: [
      {
        name: text.translate('tongpai.dashboard.captures'),
        type: 'line',
        smooth: true,
        smoothMonotone: 'x',
        areaStyle: { opacity: 0.2 },
        lineStyle: { width: look.fontSize / 6 },
        data: figures.captures.trend.map((d) => d.captures),
      },
    ],
  };
}

/** Pass / review / retake shares per station (stacked to 100%). */
export function verdictsOption(figures: DashboardFigures, look: ChartLook, text: ChartText): EChartsOption {
  const stations = figures.quality.byStation;
  return {
    ...base(look),
    tooltip: percentTooltip(look),
    xAxis: { ...percentAxis(look), max: 100 },
    yAxis: {
      type: 'category',
      data: stations.map((s) => text.stationName(s.stationId)),
      axisLabel: { ...axisLabel(look), width: look.fontSize * 12, overflow: 'truncate' },
    },
    series: rateSeries(['pass', 'review', 'retake'], stations, text, 'verdicts'),
  };
}

/** The checks failed most often (share of processed attempts), at most ten. */
export function checksOption(figures: DashboardFigures, look: ChartLook, text: ChartText): EChartsOption {
  const checks = figures.quality.byCheck.slice(0, 10).reverse();
  return {
    ...base(look),
    legend: { show: false },
    tooltip: percentTooltip(look),
    xAxis: percentAxis(look),
    yAxis: { type: 'category', data: checks.map((c) => c.checkId), axisLabel: axisLabel(look) },
    series: [
      {
        name: text.translate('tongpai.dashboard.failure_rate'),
        type: 'bar',
        color: verdictColours.review,
        data: checks.map((c) => Math.round(c.failureRate * 1000) / 10),
      },
    ],
  };
}

/** Review and retake rates by sex and age band: the groups the fairness monitoring compares. */
export function fairnessOption(figures: DashboardFigures, look: ChartLook, text: ChartText): EChartsOption {
  const groups = figures.fairness.groups.filter((g) => g.dimension !== 'station');
  const label = (g: (typeof groups)[number]) =>
    g.dimension === 'sex' ? text.translate(`tongpai.dashboard.sex.${g.group}`) : g.group;
  return {
    ...base(look),
    tooltip: percentTooltip(look),
    xAxis: { type: 'category', data: groups.map(label), axisLabel: axisLabel(look) },
    yAxis: percentAxis(look),
    series: rateSeries(['review', 'retake'], groups, text),
  };
}
