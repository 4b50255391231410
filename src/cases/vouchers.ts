import type { Cardbox } from '../context.ts';
import { UserError } from '../errors.ts';
import type { CaseRecord } from '../store/records.ts';
import { changeCase } from './change.ts';

/** Staff handed (or posted) a compensation voucher to the visitor: recorded on the voucher and in the history. */
export async function recordVoucherHanded(
  cardbox: Cardbox,
  id: string,
  by: string,
  number: string,
): Promise<CaseRecord> {
  return changeCase(cardbox, id, by, `보상 ${number} 전달`, (record, now) => {
    const voucher = record.vouchers?.find((v) => v.number === number);
    if (!voucher) throw new UserError('이 의견에 그런 보상 번호가 없습니다.');
    if (voucher.handedAt) throw new UserError('이미 전달한 보상입니다.');
    voucher.handedAt = now.toISOString();
    voucher.handedBy = by;
  });
}
