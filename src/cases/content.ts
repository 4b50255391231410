import { distance } from 'fastest-levenshtein';
import type { CaseRecord, ContentChange } from '../store/records.ts';

/** What a visitor said, as a case holds it: the parts a card reading, the online form or staff may set. */
export interface CaseContent {
  areas: string[];
  satisfaction: number | null;
  message: string;
  replyWanted: boolean;
  consent: boolean;
}

const LABELS: Record<keyof CaseContent, string> = {
  areas: '분야',
  satisfaction: '만족도',
  message: '내용',
  replyWanted: '회신 원함',
  consent: '개인정보 동의',
};

const shown = (value: CaseContent[keyof CaseContent]): string =>
  Array.isArray(value)
    ? [...value].sort().join(', ')
    : typeof value === 'boolean'
      ? value
        ? '예'
        : '아니오'
      : value === null
        ? ''
        : String(value);

/** Every value `next` changes, from → to, named in Korean for the history (never contact details). */
export function contentChanges(record: CaseContent, next: CaseContent): ContentChange[] {
  return (Object.keys(LABELS) as (keyof CaseContent)[]).flatMap((key) => {
    const from = shown(record[key]);
    const to = shown(next[key]);
    return from === to ? [] : [{ field: LABELS[key], from, to }];
  });
}

/** Sets the case's content to `next`. */
export function applyContent(record: CaseRecord, next: CaseContent): void {
  record.areas = next.areas;
  record.satisfaction = next.satisfaction;
  record.message = next.message;
  record.replyWanted = next.replyWanted;
  record.consent = next.consent;
}

/**
 * Where a paper card's reading says something else than what the visitor typed: a box or a scale ticked
 * differently, or a message that is not the typed one misread. A machine reading of a handwritten line is
 * rarely exact, so messages differ only when under half of the typed text survives in the reading.
 */
export function differingParts(typed: CaseContent, read: CaseContent): string[] {
  const parts: string[] = [];
  if (shown(typed.areas) !== shown(read.areas)) parts.push(LABELS.areas);
  if (read.satisfaction !== null && typed.satisfaction !== read.satisfaction) parts.push(LABELS.satisfaction);
  const a = typed.message.replace(/\s+/g, '');
  const b = read.message.replace(/\s+/g, '');
  if (b && distance(a, b) > 0.5 * Math.max(a.length, b.length)) parts.push(LABELS.message);
  return parts;
}

/** Whether the visitor typed this case's content themselves (online, or online after the paper card). */
export function isTyped(record: CaseRecord): boolean {
  return record.channel !== 'cardbox' || Boolean(record.typedAt);
}
