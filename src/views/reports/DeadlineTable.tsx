import { deadlineStateLabel } from '../../reports/annual-text.ts';
import type { CharterDeadline } from '../../reports/deadlines.ts';

/** The charter's publication deadlines (survey, results, improvement plan) as a table. */
export function DeadlineTable(props: { deadlines: CharterDeadline[]; caption?: string }) {
  return (
    <table class="deadlines stacked">
      <caption>{props.caption ?? '서비스헌장 공표 일정'}</caption>
      <thead>
        <tr>
          <th scope="col">단계</th>
          <th scope="col">기한</th>
          <th scope="col">상태</th>
        </tr>
      </thead>
      <tbody>
        {props.deadlines.map((d) => (
          <tr class={`deadline-${d.state}`}>
            <th scope="row" data-label="단계">
              {d.title}
            </th>
            <td data-label="기한">
              <time datetime={d.dueOn}>{d.dueOn}</time>
            </td>
            <td data-label="상태">{deadlineStateLabel(d)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
