import { formatSerial } from '../cards/serial.ts';
import type { Cardbox } from '../context.ts';
import type { PhotoCard, PhotoRecord, StaffUser, UnidentifiedCard } from '../store/records.ts';
import { StaffLayout } from './staff/layout.tsx';

export interface BatchView {
  id: string;
  photos: PhotoRecord[];
  /** Why a queued photo waits (the data folder refused a write), by photo id, in Korean. */
  waiting: Record<string, string>;
}

export function batchCounts(batch: BatchView) {
  const done = batch.photos.filter((p) => p.status !== 'queued').length;
  const cards = batch.photos.reduce((n, p) => n + (p.cards?.length ?? 0), 0);
  const unidentified = batch.photos.reduce((n, p) => n + (p.unidentified?.length ?? 0), 0);
  return { total: batch.photos.length, done, cards, unidentified };
}

/** The phone-friendly upload page: camera capture, several photos in a row, cards waiting for a serial. */
export function DigitizePage(props: {
  cardbox?: Cardbox;
  user: StaffUser;
  maxPhotoMb: number;
  maxPixelsMp: number;
  unidentified: UnidentifiedCard[];
  /** Photos whose reading failed inside Cardbox (a full disk, say), newest first. */
  failed: PhotoRecord[];
  error?: string | undefined;
}) {
  return (
    <StaffLayout
      title="상자 디지털화"
      user={props.user}
      {...(props.cardbox ? { cardbox: props.cardbox } : {})}
    >
      <p>
        카드함의 카드를 탁자에 펼쳐 놓고 휴대전화로 찍어 올려 주세요. 한 장에 카드 여러 장이 들어가도 됩니다.
        찾은 카드는 사진 위에 표시되니, 빠진 카드는 그 자리에서 다시 찍으면 됩니다.
      </p>
      <p class="hint">
        잘 읽히게 찍으려면: 한 장에 카드 10장 안팎, 휴대전화는 카드 위에서 탁자와 나란히 들어 주세요. 손글씨
        초안까지 정확하게 받으려면 한 장에 4~6장씩 가까이 찍으세요. 20장을 비스듬히 한 번에 찍어도 카드와 체크
        칸은 대부분 읽지만, 멀리 있는 카드는 글씨가 작게 찍혀 손글씨 초안이 많이 틀립니다.
      </p>
      {props.error && (
        <p class="error" role="alert">
          {props.error}
        </p>
      )}
      <form
        method="post"
        action="/staff/digitize/photos"
        enctype="multipart/form-data"
        class="stack"
        id="digitize-form"
      >
        <label for="photos">사진 (JPEG·PNG·WebP, 여러 장 선택 가능)</label>
        <input
          id="photos"
          name="photos"
          type="file"
          accept="image/jpeg,image/png,image/webp"
          capture="environment"
          multiple
          required
        />
        <p class="hint">
          한 장에 {props.maxPhotoMb}MB, {props.maxPixelsMp}메가픽셀까지. HEIC 사진은 읽을 수 없으니 카메라를
          JPEG(높은 호환성)로 설정해 주세요.
        </p>
        <button type="submit">올리고 읽기</button>
      </form>
      <div id="digitize-progress" hidden>
        <label for="digitize-bar">처리 중</label>
        <progress id="digitize-bar" max="1" value="0" />
        <p aria-live="polite" id="digitize-status" />
      </div>
      {props.failed.length > 0 && (
        <section aria-labelledby="failed-title">
          <h2 id="failed-title">읽지 못한 사진 ({props.failed.length}장)</h2>
          <ul class="digitize-failed">
            {props.failed.map((photo) => (
              <li>
                <strong>{photo.file}</strong>: {photo.error?.korean}
                <form method="post" action={`/staff/digitize/photos/${photo.id}/retry`}>
                  <button type="submit">다시 읽기</button>
                </form>
              </li>
            ))}
          </ul>
        </section>
      )}
      <section aria-labelledby="unidentified-title">
        <h2 id="unidentified-title">일련번호를 읽지 못한 카드 ({props.unidentified.length}장)</h2>
        {props.unidentified.length === 0 ? (
          <p>없습니다.</p>
        ) : (
          <ul class="cards-unidentified">
            {props.unidentified.map((u) => (
              <li>
                <img
                  src={`/staff/digitize/unidentified/${u.id}/image.jpg`}
                  alt="QR을 읽지 못한 카드"
                  width="200"
                />
                <form method="post" action={`/staff/digitize/unidentified/${u.id}/serial`}>
                  <label for={`serial-${u.id}`}>카드에 인쇄된 일련번호</label>
                  <input
                    id={`serial-${u.id}`}
                    name="serial"
                    required
                    autocomplete="off"
                    placeholder="G-XXXX-XXXX-X"
                  />
                  <button type="submit">등록</button>
                </form>
                <form method="post" action={`/staff/digitize/unidentified/${u.id}/dismiss`}>
                  <button type="submit">카드가 아님 — 목록에서 빼기</button>
                </form>
              </li>
            ))}
          </ul>
        )}
      </section>
      <script src="/static/digitize.js" defer />
    </StaffLayout>
  );
}

/** Cards whose handwriting came out too small in the photo for a good draft: worth a closer photo, whose
 * reading then replaces this one. */
function SmallCards(props: { cards: PhotoCard[] }) {
  const small = props.cards.filter((c) => c.needsReview.includes('small-in-photo'));
  if (!small.length) return null;
  return (
    <p class="hint">
      작게 찍혀 손글씨 초안이 부정확할 수 있는 카드 {small.length}장:{' '}
      {small.map((c) => formatSerial(c.serial)).join(', ')}. 이 카드들을 가까이서 다시 찍어 올리면 더 나은
      판독으로 바뀝니다.
    </p>
  );
}

/** A batch: progress, "N장 찾음", and each photo with its found cards outlined and labelled. */
export function BatchPage(props: { user: StaffUser; batch: BatchView; cardbox?: Cardbox }) {
  const counts = batchCounts(props.batch);
  const pending = counts.done < counts.total;
  return (
    <StaffLayout
      title="상자 디지털화 — 결과"
      user={props.user}
      {...(props.cardbox ? { cardbox: props.cardbox } : {})}
    >
      {pending && <meta http-equiv="refresh" content="3" />}
      <label for="batch-bar">
        처리한 사진 {counts.done} / {counts.total}
      </label>
      <progress id="batch-bar" max={counts.total} value={counts.done} />
      <p class="found" aria-live="polite">
        <strong>{counts.cards}장 찾음</strong>
        {counts.unidentified ? ` · 일련번호를 읽지 못한 카드 ${counts.unidentified}장` : ''}
      </p>
      {/* The next step once the photos are read: confirm the readings one after another (no dead end here). */}
      {!pending && counts.cards > 0 && (
        <p>
          <a class="button" href="/staff/cases/next-review">
            읽은 카드 확인하기 →
          </a>
        </p>
      )}
      <ul class="digitize-photos">
        {props.batch.photos.map((photo) => (
          <li>
            <h2>{photo.file}</h2>
            {photo.status === 'queued' &&
              (props.batch.waiting[photo.id] ? (
                <p class="error" role="alert">
                  {props.batch.waiting[photo.id]}
                </p>
              ) : (
                <p>처리 중…</p>
              ))}
            {photo.status === 'failed' && (
              <>
                <p class="error" role="alert">
                  {photo.error?.korean ?? '처리하지 못했습니다.'}
                </p>
                {photo.path && (
                  <form method="post" action={`/staff/digitize/photos/${photo.id}/retry`}>
                    <button type="submit">다시 읽기</button>
                  </form>
                )}
              </>
            )}
            {photo.status === 'done' && (
              <>
                <p>
                  카드 {photo.cards?.length ?? 0}장
                  {photo.cards?.length
                    ? `: ${photo.cards.map((c) => formatSerial(c.serial)).join(', ')}`
                    : ''}
                </p>
                <SmallCards cards={photo.cards ?? []} />
                <img
                  src={`/staff/digitize/photos/${photo.id}/overlay.svg`}
                  alt={`찾은 카드 ${photo.cards?.length ?? 0}장이 표시된 사진 ${photo.file}`}
                  class="overlay"
                />
                <ul class="overlay-legend" aria-label="사진 표시 설명">
                  <li>
                    <span class="swatch swatch-read" aria-hidden="true" /> 실선: 읽은 카드 (일련번호 표시)
                  </li>
                  <li>
                    <span class="swatch swatch-review" aria-hidden="true" /> 주황 점선: 읽었지만 확인이 필요한
                    카드
                  </li>
                  <li>
                    <span class="swatch swatch-unknown" aria-hidden="true" /> 빨강 짧은 점선: 일련번호를 읽지
                    못한 카드 (입력 필요)
                  </li>
                </ul>
              </>
            )}
          </li>
        ))}
      </ul>
      <p>
        <a href="/staff/digitize">사진 더 올리기</a>
      </p>
    </StaffLayout>
  );
}
