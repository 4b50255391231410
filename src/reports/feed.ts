import type { Cardbox } from '../context.ts';
import { escapeXml as xml } from '../text/xml.ts';
import { latestBoardEntries } from './board.ts';

/**
 * The results board as an Atom 1.0 feed (RFC 4287), for feed readers and the institution's homepage: the same
 * entries as the board, open ones marked "처리 중" in their title.
 */
export async function boardFeed(cardbox: Cardbox): Promise<string> {
  const base = cardbox.settings.PUBLIC_BASE_URL.replace(/\/+$/, '');
  const host = new URL(base).hostname;
  const entries = await latestBoardEntries(cardbox, 50);
  const updated = entries
    .map((e) => e.publishedAt)
    .sort()
    .at(-1);
  const name = cardbox.profile.institution.name;
  const items = entries.map((e) => {
    const short = e.summary.length > 60 ? `${e.summary.slice(0, 60)}…` : e.summary;
    const title = `[${e.statusLabel}] [${e.kindLabel}] ${short}`;
    const body = [
      `상태: ${e.statusLabel} · 구분: ${e.kindLabel}`,
      `의견 요약: ${e.summary}`,
      e.status === 'answered'
        ? `처리 결과: ${e.action}`
        : '처리 결과: 담당 부서에서 처리하고 있습니다. 처리가 끝나면 결과를 올립니다.',
      `분야: ${e.areas.join(', ') || '—'} · 처리부서: ${e.department}`,
      e.answeredOn ? `접수일: ${e.receivedOn} · 처리일: ${e.answeredOn}` : `접수일: ${e.receivedOn}`,
    ].join('\n');
    return [
      '<entry>',
      `<id>tag:${xml(host)},2026:board/${e.id}</id>`,
      `<title>${xml(title)}</title>`,
      `<updated>${e.publishedAt}</updated>`,
      `<published>${e.publishedAt}</published>`,
      `<link rel="alternate" type="text/html" href="${xml(`${base}/board#entry-${e.id}`)}"/>`,
      `<category term="${xml(e.kindLabel)}"/>`,
      `<category term="${xml(e.department)}"/>`,
      `<content type="text" xml:lang="ko">${xml(body)}</content>`,
      '</entry>',
    ].join('');
  });
  return [
    '<?xml version="1.0" encoding="utf-8"?>',
    '<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="ko">',
    `<id>tag:${xml(host)},2026:board</id>`,
    `<title>${xml(`${name} 의견 처리 결과`)}</title>`,
    `<subtitle>${xml('그린·옐로카드함에 주신 의견과 처리 결과 (개인정보 제외)')}</subtitle>`,
    `<updated>${updated || new Date(0).toISOString()}</updated>`,
    `<author><name>${xml(name)}</name></author>`,
    `<link rel="self" type="application/atom+xml" href="${xml(`${base}/board/feed.xml`)}"/>`,
    `<link rel="alternate" type="text/html" href="${xml(`${base}/board`)}"/>`,
    ...items,
    '</feed>',
  ].join('\n');
}
