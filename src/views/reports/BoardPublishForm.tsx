import { isOpen } from '../../cases/classify.ts';
import { ACTION_MAX, SUMMARY_MAX } from '../../reports/board.ts';
import type { CaseRecord } from '../../store/records.ts';

/**
 * The case page's "results board" box (for the casework page to include): publish or update the staff-written
 * summary and action, or take the entry down. Posts to `/staff/reports/board/:caseId` and comes back to `next`.
 */
export function BoardPublishForm(props: { record: CaseRecord; next: string; canEdit: boolean }) {
  const { record, next } = props;
  const board = record.board;
  const open = isOpen(record);
  return (
    <section class="board-publish" aria-labelledby="board-publish-title">
      <h2 id="board-publish-title">결과 게시판</h2>
      {board ? (
        <p>
          {`게시 중 (${board.publishedAt.slice(0, 10)}, ${board.publishedBy}) · `}
          <a href="/board">게시판 보기</a>
        </p>
      ) : (
        <p>
          게시되지 않았습니다.
          {props.canEdit ? ' 방문자의 글을 옮기지 말고, 개인을 알아볼 수 없게 요약해 주세요.' : ''}
        </p>
      )}
      {open && props.canEdit && (
        <p>
          처리 중인 의견은 요약만 '처리 중'으로 게시됩니다. 답변을 마치면 처리 결과를 덧붙여 주세요. 게시하지
          않아도 됩니다.
        </p>
      )}
      {!open && !record.answeredAt && <p>답변 없이 종결된 의견은 게시할 수 없습니다.</p>}
      {props.canEdit && (open || record.answeredAt) && (
        <form method="post" action={`/staff/reports/board/${record.id}`} class="stack">
          <input type="hidden" name="next" value={next} />
          <label for="board-summary">{`의견 요약 (${SUMMARY_MAX}자 이내, 공개)`}</label>
          <textarea id="board-summary" name="summary" required maxlength={SUMMARY_MAX} rows={3}>
            {board?.summary ?? ''}
          </textarea>
          {open ? (
            <input type="hidden" name="action" value="" />
          ) : (
            <>
              <label for="board-action">{`처리 결과 (${ACTION_MAX}자 이내, 공개)`}</label>
              <textarea id="board-action" name="action" required maxlength={ACTION_MAX} rows={3}>
                {board?.action ?? ''}
              </textarea>
            </>
          )}
          <button type="submit">
            {board ? '게시 내용 고치기' : open ? "게시판에 '처리 중'으로 게시" : '게시판에 게시'}
          </button>
        </form>
      )}
      {props.canEdit && board && (
        <form method="post" action={`/staff/reports/board/${record.id}/unpublish`}>
          <input type="hidden" name="next" value={next} />
          <button type="submit">게시판에서 내리기</button>
        </form>
      )}
    </section>
  );
}
