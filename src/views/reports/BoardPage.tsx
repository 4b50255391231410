import type { BoardQuery, BoardPage as Page } from '../../reports/board.ts';
import type { Preferences } from '../../web/preferences.ts';
import { Layout } from '../components/Layout.tsx';

export interface BoardPageProps {
  site: string;
  prefs: Preferences;
  page: Page;
  query: BoardQuery;
  areas: { id: string; label: string }[];
  error?: string;
}

function pageHref(query: BoardQuery, page: number): string {
  const params = new URLSearchParams();
  if (query.area) params.set('area', query.area);
  if (query.month) params.set('month', query.month);
  params.set('page', String(page));
  return `/board?${params}`;
}

/** The public results board: staff-written summaries and results only; searchable by area and month. */
export function BoardPage(props: BoardPageProps) {
  const { page, query } = props;
  return (
    <Layout title="의견 처리 결과" site={props.site} prefs={props.prefs} area="reports">
      <h1>의견 처리 결과</h1>
      <p>
        그린·옐로카드함과 온라인으로 주신 의견 가운데 처리한 결과를 알려 드립니다. 의견을 주신 분의 글,
        연락처, 카드 번호는 싣지 않고 담당 부서가 요약한 내용만 게시합니다.
      </p>
      <p>
        <a href="/board/feed.xml" type="application/atom+xml">
          새 소식 구독(Atom 피드)
        </a>{' '}
        · <a href="/stats">처리 통계</a>
      </p>
      {props.error && (
        <p class="error-summary" role="alert">
          {props.error}
        </p>
      )}
      <form method="get" action="/board" class="board-search" aria-label="처리 결과 검색">
        <label for="board-area">서비스 분야</label>
        <select id="board-area" name="area">
          <option value="">전체</option>
          {props.areas.map((a) => (
            <option value={a.id} selected={query.area === a.id}>
              {a.label}
            </option>
          ))}
        </select>
        <label for="board-month">처리한 달</label>
        <select id="board-month" name="month">
          <option value="">전체</option>
          {page.months.map((m) => (
            <option value={m} selected={query.month === m}>
              {`${m.slice(0, 4)}년 ${Number(m.slice(5))}월`}
            </option>
          ))}
        </select>
        <button type="submit" class="button">
          찾기
        </button>
      </form>
      <p aria-live="polite">
        {`${page.total.toLocaleString('ko-KR')}건${page.pages > 1 ? ` · ${page.page}/${page.pages}쪽` : ''}`}
      </p>
      {page.entries.length === 0 ? (
        <p>조건에 맞는 처리 결과가 없습니다.</p>
      ) : (
        <ol class="board-list">
          {page.entries.map((e) => (
            <li id={`entry-${e.id}`}>
              <article class="board-entry" aria-labelledby={`entry-${e.id}-title`}>
                <h2 id={`entry-${e.id}-title`}>{e.summary}</h2>
                <p>
                  <strong>처리 결과:</strong> {e.action}
                </p>
                <dl class="facts">
                  <dt>구분</dt>
                  <dd>{e.typeLabel}</dd>
                  <dt>분야</dt>
                  <dd>{e.areas.join(', ') || '—'}</dd>
                  <dt>처리부서</dt>
                  <dd>{e.department}</dd>
                  <dt>접수일</dt>
                  <dd>
                    <time datetime={e.receivedOn}>{e.receivedOn}</time>
                  </dd>
                  <dt>처리일</dt>
                  <dd>
                    <time datetime={e.answeredOn}>{e.answeredOn}</time>
                  </dd>
                </dl>
              </article>
            </li>
          ))}
        </ol>
      )}
      {page.pages > 1 && (
        <nav class="pager" aria-label="쪽 이동">
          {page.page > 1 && (
            <a href={pageHref(query, page.page - 1)} rel="prev">
              이전 쪽
            </a>
          )}{' '}
          <span aria-current="page">{`${page.page} / ${page.pages}`}</span>{' '}
          {page.page < page.pages && (
            <a href={pageHref(query, page.page + 1)} rel="next">
              다음 쪽
            </a>
          )}
        </nav>
      )}
    </Layout>
  );
}
