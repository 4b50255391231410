/** "2일 3시간 남음" / "5시간 지남" */
export function timeLeft(now: Date, dueIso: string): { text: string; overdue: boolean } {
  const ms = Date.parse(dueIso) - now.getTime();
  const abs = Math.abs(ms);
  const days = Math.floor(abs / 86_400_000);
  const hours = Math.floor((abs % 86_400_000) / 3_600_000);
  const minutes = Math.floor((abs % 3_600_000) / 60_000);
  const span = days > 0 ? `${days}일 ${hours}시간` : hours > 0 ? `${hours}시간 ${minutes}분` : `${minutes}분`;
  return ms >= 0 ? { text: `${span} 남음`, overdue: false } : { text: `${span} 지남`, overdue: true };
}

export const STATUS_LABEL: Record<string, string> = {
  received: '접수',
  in_review: '검토 중',
  assigned: '배정됨',
  published: '결과 게시 · 전달 대기',
  answered: '답변 완료',
  closed: '종결',
};

export const CHANNEL_LABEL: Record<string, string> = {
  cardbox: '카드함',
  online: 'QR·온라인',
  phone: '전화',
  visit: '방문',
  post: '우편',
  fax: '팩스',
  internet: '인터넷',
};

export const TYPE_LABEL: Record<string, string> = { green: '그린카드', yellow: '옐로카드' };
