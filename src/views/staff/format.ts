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
