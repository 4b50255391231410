import { CLASSIFICATIONS } from '../../cases/classify.ts';
import { STAGE_LABELS, TYPE_LABELS } from '../../cases/labels.ts';
import { INBOX_PAGE_SIZE, type InboxFilter } from '../../cases/queries.ts';
import type { Cardbox } from '../../context.ts';
import type { CaseRecord, StaffUser } from '../../store/records.ts';
import { CaseTable } from './case-table.tsx';
import { StaffLayout } from './layout.tsx';

function Select(props: {
  name: string;
  label: string;
  value: string | undefined;
  options: [string, string][];
}) {
  return (
    <div class="filter">
      <label for={`f-${props.name}`}>{props.label}</label>
      <select id={`f-${props.name}`} name={props.name}>
        <option value="">전체</option>
        {props.options.map(([value, label]) => (
          <option value={value} selected={props.value === value}>
            {label}
          </option>
        ))}
      </select>
    </div>
  );
}

export function InboxPage(props: {
  cardbox: Cardbox;
  user: StaffUser;
  /** The cases of this page, and how many the whole list has. */
  cases: CaseRecord[];
  total: number;
  filter: InboxFilter;
  page: number;
  now: Date;
  /** Card readings left to confirm (the "review next" walk). */
  toReview: number;
  /** Staff accounts, for the bulk assignment. */
  staff: StaffUser[];
  /** After a bulk action: how many cases it changed and how many it could not. */
  bulkDone?: number;
  bulkFailed?: number;
}) {
  const { cardbox, filter } = props;
  const pages = Math.max(1, Math.ceil(props.total / INBOX_PAGE_SIZE));
  const { page } = props;
  const shown = props.cases;
  const link = (n: number) => {
    const query = new URLSearchParams(
      Object.entries({
        ...filter,
        officer: undefined,
        mine: filter.officer ? '1' : undefined,
        page: String(n),
      }).filter((e): e is [string, string] => Boolean(e[1])),
    );
    return `/staff/cases?${query}`;
  };
  const canWrite = props.user.role !== 'viewer';
  return (
    <StaffLayout title="접수함" user={props.user} cardbox={props.cardbox}>
      <p class="actions">
        {canWrite && <a href="/staff/cases/new">전화·방문·우편·팩스 의견 등록</a>}{' '}
        {canWrite && props.toReview > 0 && (
          <a href="/staff/cases/next-review" class="button">
            확인할 카드 {props.toReview}장 차례로 보기
          </a>
        )}
      </p>
      <form method="get" action="/staff/cases" class="filters" aria-label="거르기">
        <div class="filter">
          <label for="f-q">찾기 (일련번호·내용)</label>
          <input id="f-q" name="q" type="search" value={filter.q ?? ''} />
        </div>
        <Select name="type" label="종류" value={filter.type} options={Object.entries(TYPE_LABELS)} />
        <Select
          name="area"
          label="분야"
          value={filter.area}
          options={cardbox.profile.areas.map((a) => [a.id, a.label])}
        />
        <Select
          name="status"
          label="상태"
          value={filter.status}
          options={[
            ['open', '미답변 전체'],
            ['review', '카드 판독 확인 필요'],
            ...Object.entries(STAGE_LABELS).filter(([id]) => id !== 'published'),
            ['breached', '기한 초과 기록'],
          ]}
        />
        <Select
          name="department"
          label="부서"
          value={filter.department}
          options={[
            ...cardbox.profile.departments.map((d): [string, string] => [d.id, d.name]),
            ['none', '미배정'],
          ]}
        />
        <div class="filter">
          <label>
            <input type="checkbox" name="mine" value="1" checked={Boolean(filter.officer)} /> 내 담당만
          </label>
        </div>
        <div class="filter">
          <label for="f-sort">정렬</label>
          <select id="f-sort" name="sort">
            <option value="urgent" selected={filter.sort !== 'newest'}>
              급한 순
            </option>
            <option value="newest" selected={filter.sort === 'newest'}>
              최신 순
            </option>
          </select>
        </div>
        <button type="submit">보기</button>
      </form>
      {props.bulkDone !== undefined && (
        <p class="success" role="status">
          {`선택한 의견 ${props.bulkDone}건을 바꾸었습니다.`}
          {props.bulkFailed
            ? ` ${props.bulkFailed}건은 바꾸지 못했습니다 (각 의견 화면에서 이유를 확인해 주세요).`
            : ''}
        </p>
      )}
      {canWrite && shown.length > 0 && (
        <form
          id="bulk"
          method="post"
          action="/staff/cases/bulk"
          class="filters bulk"
          aria-label="선택한 의견 한꺼번에"
        >
          <input type="hidden" name="back" value={link(page)} />
          <div class="filter">
            <label for="bulk-classification">선택한 의견 분류</label>
            <select id="bulk-classification" name="classification">
              <option value="">바꾸지 않음</option>
              {CLASSIFICATIONS.filter((k) => k.id !== 'impossible').map((k) => (
                <option value={k.id}>{k.label}</option>
              ))}
            </select>
          </div>
          <div class="filter">
            <label for="bulk-officer">선택한 의견 담당자</label>
            <select id="bulk-officer" name="officerId">
              <option value="">바꾸지 않음</option>
              {props.staff
                .filter((u) => !u.disabled && u.role !== 'viewer' && u.department)
                .map((u) => (
                  <option value={u.id}>
                    {u.name} (
                    {cardbox.profile.departments.find((d) => d.id === u.department)?.name ?? u.department})
                  </option>
                ))}
            </select>
          </div>
          <button type="submit">선택한 의견에 적용</button>
        </form>
      )}
      {shown.length > 0 && <KeysHelp bulk={canWrite} />}
      <div id="inbox-list">
        <CaseTable
          cardbox={cardbox}
          cases={shown}
          now={props.now}
          caption={`의견 목록 ${props.total}건 중 ${page}/${pages}쪽`}
          preview
          {...(canWrite ? { selectFor: 'bulk' } : {})}
        />
      </div>
      {pages > 1 && (
        <nav aria-label="쪽 이동" class="pages">
          {page > 1 && <a href={link(page - 1)}>이전 쪽</a>}{' '}
          {page < pages && <a href={link(page + 1)}>다음 쪽</a>}
        </nav>
      )}
      <script src="/static/inbox.js" defer />
    </StaffLayout>
  );
}

/** The keyboard shortcuts of public/inbox.js: hidden until that script runs (without it they do nothing). */
function KeysHelp(props: { bulk: boolean }) {
  return (
    <div id="inbox-keys" class="keys" hidden>
      <p>
        <strong>단축키</strong> <kbd>j</kbd>·<kbd>↓</kbd> 다음 의견, <kbd>k</kbd>·<kbd>↑</kbd> 이전 의견,{' '}
        <kbd>Enter</kbd> 열기
        {props.bulk ? (
          <>
            , <kbd>x</kbd> 선택 (한꺼번에 바꾸기)
          </>
        ) : null}
        . 찾기 칸에 입력하는 동안에는 동작하지 않습니다.
      </p>
      <label class="choice">
        <input type="checkbox" id="inbox-keys-on" checked /> 한 글자 단축키 사용
      </label>
    </div>
  );
}
