import type { BoardQuery, BoardPage as Page, PublicBoardEntry } from '../../reports/board.ts';
import { QUERY_MAX } from '../../reports/board.ts';
import type { Preferences } from '../../web/preferences.ts';
import { Layout } from '../components/Layout.tsx';

export interface BoardPageProps {
  site: string;
  prefs: Preferences;
  page: Page;
  query: BoardQuery;
  areas: { id: string; label: string }[];
  /** The feed's full address, to copy into a feed reader. */
  feedUrl: string;
  error?: string;
}

function pageHref(query: BoardQuery, page: number): string {
  const params = new URLSearchParams();
  if (query.q) params.set('q', query.q);
  if (query.status) params.set('status', query.status);
  if (query.area) params.set('area', query.area);
  if (query.month) params.set('month', query.month);
  params.set('page', String(page));
  return `/board?${params}`;
}

function Entry(props: { e: PublicBoardEntry }) {
  const { e } = props;
  const titleId = `entry-${e.id}-title`;
  return (
    <li id={`entry-${e.id}`}>
      <article class={`board-entry board-${e.status}`} aria-labelledby={titleId}>
        <p class="board-tags">
          <span class={`board-status board-status-${e.status}`}>{e.statusLabel}</span>{' '}
          <span class="board-kind">{e.kindLabel}</span>
        </p>
        <h2 id={titleId}>{e.summary}</h2>
        {e.status === 'answered' ? (
          e.action ? (
            <p>
              <strong>처리 결과:</strong> {e.action}
            </p>
          ) : (
            <p>방문자에게 답변을 드렸습니다. 처리 결과 요약은 담당 부서가 곧 올립니다.</p>
          )
        ) : (
          <p>담당 부서에서 처리하고 있습니다. 처리가 끝나면 결과를 이곳에 올립니다.</p>
        )}
        <dl class="facts">
          <dt>구분</dt>
          <dd>{e.kindLabel}</dd>
          <dt>분야</dt>
          <dd>{e.areas.join(', ') || '—'}</dd>
          <dt>처리부서</dt>
          <dd>{e.department}</dd>
          <dt>접수일</dt>
          <dd>
            <time datetime={e.receivedOn}>{e.receivedOn}</time>
          </dd>
          {e.answeredOn && (
            <>
              <dt>처리일</dt>
              <dd>
                <time datetime={e.answeredOn}>{e.answeredOn}</time>
              </dd>
            </>
          )}
          {e.similar && (
            <>
              <dt>비슷한 의견</dt>
              <dd>
                {`${e.similar.year}년에 ${e.areas.length ? '같은 분야의' : '분야를 고르지 않은'} ${e.kindLabel} 의견이 ${e.similar.count.toLocaleString('ko-KR')}건 접수되었습니다 (이 의견 포함). `}
                <a href={`/stats?year=${e.similar.year}`}>{`${e.similar.year}년 통계`}</a>
              </dd>
            </>
          )}
        </dl>
      </article>
    </li>
  );
}

/**
 * The public results board: staff-written summaries and results only, open items as "처리 중" and answered
 * ones as "처리 완료", each labelled by its kind (칭찬, 개선 제안, 불편 …); searchable by words, status, area and
 * month; the Atom feed explained in words.
 */
export function BoardPage(props: BoardPageProps) {
  const { page, query } = props;
  return (
    <Layout title="의견 처리 결과" site={props.site} prefs={props.prefs} area="reports">
      <h1>의견 처리 결과</h1>
      <p>
        그린·옐로카드함과 온라인으로 주신 의견 가운데 담당 부서가 게시한 것을 알려 드립니다. 처리가 끝난
        의견은 처리 결과와 함께, 아직 처리하고 있는 의견은 '처리 중'으로 올립니다. 의견을 주신 분의 글,
        연락처, 카드 번호는 싣지 않고 담당 부서가 요약한 내용만 게시합니다. <a href="/stats">처리 통계</a>
      </p>
      {props.error && (
        <p class="error-summary" role="alert">
          {props.error}
        </p>
      )}
      <form method="get" action="/board" class="board-search" aria-label="처리 결과 검색">
        <div class="board-search-words">
          <label for="board-q">검색어</label>
          <input
            type="search"
            id="board-q"
            name="q"
            value={query.q ?? ''}
            maxlength={QUERY_MAX}
            aria-describedby="board-q-hint"
          />
          <span class="hint" id="board-q-hint">
            요약·처리 결과·분야·부서에서 찾습니다. 여러 낱말은 모두 들어 있는 것만 보여 드립니다.
          </span>
        </div>
        <div>
          <label for="board-status">처리 상태</label>
          <select id="board-status" name="status">
            <option value="">전체</option>
            <option value="open" selected={query.status === 'open'}>
              처리 중
            </option>
            <option value="answered" selected={query.status === 'answered'}>
              처리 완료
            </option>
          </select>
        </div>
        <div>
          <label for="board-area">서비스 분야</label>
          <select id="board-area" name="area">
            <option value="">전체</option>
            {props.areas.map((a) => (
              <option value={a.id} selected={query.area === a.id}>
                {a.label}
              </option>
            ))}
          </select>
        </div>
        <div>
          <label for="board-month">처리한 달</label>
          <select id="board-month" name="month" aria-describedby="board-month-hint">
            <option value="">전체</option>
            {page.months.map((m) => (
              <option value={m} selected={query.month === m}>
                {`${m.slice(0, 4)}년 ${Number(m.slice(5))}월`}
              </option>
            ))}
          </select>
          <span class="hint" id="board-month-hint">
            처리 중인 의견은 접수한 달
          </span>
        </div>
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
            <Entry e={e} />
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
      <section class="feed-help" aria-labelledby="feed-help-title">
        <h2 id="feed-help-title">새 결과를 받아 보기 (피드)</h2>
        <p>
          피드는 새 글이 올라오면 알려 주는 주소입니다. 이 게시판을 다시 찾아오지 않아도, 새 처리 결과가
          올라올 때마다 피드 구독 앱(피드 리더)이 가져와 보여 드립니다. 피드 리더 앱이나 브라우저의 구독
          기능에서 '피드 추가'를 누르고 아래 주소를 붙여 넣으세요. 회원 가입이나 연락처는 필요 없습니다.
        </p>
        <p>
          피드 주소 (Atom 형식): <code class="feed-url">{props.feedUrl}</code>
        </p>
        <p>
          <a href="/board/feed.xml" type="application/atom+xml">
            피드 열어 보기
          </a>{' '}
          — 브라우저에서는 글자로 된 코드가 보입니다. 피드 리더에 넣어 쓰는 주소입니다.
        </p>
      </section>
    </Layout>
  );
}
