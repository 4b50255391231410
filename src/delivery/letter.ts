import { newPdf, PT_PER_MM, pdfToBuffer } from '../cards/render-pdf.ts';
import { formatSerial } from '../cards/serial.ts';
import type { Cardbox } from '../context.ts';
import type { CaseRecord } from '../store/records.ts';

/**
 * The result notice as an A4 letter for post, in the card font (Noto Sans KR, embedded). The address is
 * left for the envelope: a postal address (kept only with consent, sealed) is shown to the officer in the
 * contact view, never printed by a route anyone else can open.
 */
export async function noticeLetterPdf(cardbox: Cardbox, record: CaseRecord): Promise<Buffer> {
  if (!record.notice) throw new Error('this case has no published notice');
  const { institution } = cardbox.profile;
  const doc = newPdf([210, 297], `${institution.name} 의견 처리 결과 통지`);
  const margin = 25 * PT_PER_MM;
  const width = (210 - 50) * PT_PER_MM;
  doc.addPage({ size: [210 * PT_PER_MM, 297 * PT_PER_MM], margin });
  doc.font('bold').fontSize(18).fillColor('#000000').text(`${institution.name}`, margin, margin, { width });
  doc.moveDown(0.3).font('bold').fontSize(14).text('의견 처리 결과 통지', { width });
  doc.moveDown(1).font('regular').fontSize(10);
  if (record.serial) doc.text(`카드 번호: ${formatSerial(record.serial)}`, { width });
  doc.moveDown(1).fontSize(11).text(record.notice.text, { width, lineGap: 4 });
  doc.moveDown(2).fontSize(9).fillColor('#333333');
  doc.text(
    `${institution.name} · 대표전화 ${institution.mainPhone}${institution.homepage ? ` · ${institution.homepage}` : ''}`,
    {
      width,
    },
  );
  if (record.serial) doc.text(`처리 현황: ${cardbox.settings.PUBLIC_BASE_URL}/c/${record.serial}`, { width });
  return pdfToBuffer(doc);
}
