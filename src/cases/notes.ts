import type { Cardbox } from '../context.ts';
import { UserError } from '../errors.ts';
import type { CaseRecord } from '../store/records.ts';
import { changeCase } from './change.ts';

/** A staff-only note on a case: kept with who wrote it and when; never shown to the visitor or the public. */
export async function addNote(cardbox: Cardbox, id: string, by: string, input: string): Promise<CaseRecord> {
  const text = input.trim();
  if (!text) throw new UserError('메모 내용을 적어 주세요.');
  if (text.length > 2000) throw new UserError('메모는 2,000자까지 적을 수 있습니다.');
  return changeCase(cardbox, id, by, '내부 메모 추가', (record, now) => {
    record.notes = [...(record.notes ?? []), { at: now.toISOString(), by, text }];
  });
}
