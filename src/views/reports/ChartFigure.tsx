import { raw } from 'hono/html';
import { type Chart, chartSvg } from '../../reports/charts.ts';

/**
 * A chart drawn on the server as SVG, followed by the same numbers as a table (for screen readers and print)
 * behind a "표로 보기" toggle: a <details> element, which opens without JavaScript and is printed open.
 */
export function ChartFigure(props: { chart: Chart }) {
  const { chart } = props;
  return (
    <figure class="chart-figure" aria-labelledby={`fig-${chart.id}`}>
      <figcaption id={`fig-${chart.id}`}>{chart.title}</figcaption>
      {raw(chartSvg(chart))}
      <details class="chart-table">
        <summary>표로 보기</summary>
        <table class="chart-data">
          <caption>{`${chart.title} — 표`}</caption>
          <thead>
            <tr>
              <th scope="col">항목</th>
              <th scope="col">{chart.valueHeading}</th>
            </tr>
          </thead>
          <tbody>
            {chart.bars.map((bar) => (
              <tr>
                <th scope="row">{bar.label}</th>
                <td>{bar.display}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </details>
    </figure>
  );
}

/** The headline figures as a definition list. */
export function KeyFigures(props: { rows: string[][] }) {
  return (
    <dl class="key-figures">
      {props.rows.map(([name, value]) => (
        <div>
          <dt>{name}</dt>
          <dd>{value}</dd>
        </div>
      ))}
    </dl>
  );
}
