import type { Profile } from '../profile/schema.ts';
import { qrMatrix, qrRuns } from './qr.ts';
import { newPdf, PT_PER_MM, pdfToBuffer } from './render-pdf.ts';

const A4 = { width: 210, height: 297 };

/**
 * The entrance poster: "카드 없이 의견 쓰기" with a large QR code of `<PUBLIC_BASE_URL>/write`, the address in
 * print for those who type it, and the charter's promise in one line. One A4 page, fonts embedded.
 */
export async function entrancePoster(profile: Profile, publicBaseUrl: string): Promise<Buffer> {
  const url = `${publicBaseUrl.replace(/\/$/, '')}/write`;
  const doc = newPdf([A4.width, A4.height], `${profile.institution.name} 의견 쓰기 안내`);
  doc.addPage();
  const mm = (value: number) => value * PT_PER_MM;
  const centre = (text: string, y: number, size: number, font: 'regular' | 'bold') => {
    doc.font(font).fontSize(size);
    doc.text(text, mm(15), mm(y), { width: mm(A4.width - 30), align: 'center' });
  };
  centre(profile.institution.name, 22, 20, 'regular');
  centre('카드 없이 의견 쓰기', 36, 40, 'bold');
  centre('칭찬·제안도, 불편·불만도 휴대전화로 보내실 수 있습니다.', 60, 16, 'regular');
  const matrix = qrMatrix(url);
  const side = 120;
  const module = side / (matrix.size + 8);
  const left = (A4.width - side) / 2;
  const top = 78;
  doc.fillColor('#000000');
  for (const run of qrRuns(matrix)) {
    doc.rect(mm(left + (run.x + 4) * module), mm(top + (run.y + 4) * module), mm(run.w * module), mm(module));
  }
  doc.fill();
  centre('휴대전화 카메라로 QR 코드를 비추세요.', top + side + 6, 16, 'regular');
  centre(url, top + side + 16, 14, 'bold');
  centre(
    '보내 주신 의견은 서비스 헌장에 따라 정해진 기한 안에 처리하고, 결과를 이 QR 코드로 확인하실 수 있게 알려 드립니다.',
    top + side + 30,
    12,
    'regular',
  );
  centre(`문의 ${profile.institution.mainPhone}`, top + side + 48, 12, 'regular');
  return pdfToBuffer(doc);
}
