import type { CaseStage } from '../../cases/stage.ts';
import type { FormProblem } from '../../visitor/submission.ts';
import type { Lang } from '../../web/preferences.ts';

/** 을 after a final consonant, 를 after a vowel (the last Hangul syllable decides; anything else: 을(를)). */
function objectParticle(word: string): string {
  const code = word.charCodeAt(word.length - 1) - 0xac00;
  if (code < 0 || code > 11171) return '을(를)';
  return code % 28 === 0 ? '를' : '을';
}

/** Every word on the visitor's pages, Korean first, with the English switch. */
const ko = {
  formTitle: '의견 쓰기',
  formIntroCard: '카드에 손으로 쓰는 대신 여기에 적어 보내실 수 있습니다.',
  formIntroNoCard: '카드가 없어도 의견을 보내실 수 있습니다. 보내시면 확인용 일련번호를 드립니다.',
  serial: '일련번호',
  areas: '이용하신 곳',
  areasHint: '여러 개 선택할 수 있습니다.',
  satisfaction: '전반적인 만족도',
  satisfactionHint: '하나만 선택하세요. 선택하지 않아도 됩니다.',
  satisfactionNone: '선택 안 함',
  message: '내용',
  messageHint: (max: number) => `최대 ${max}자`,
  reply: '답변',
  replyWanted: '답변을 원합니다',
  replyHint: '연락처를 남기지 않으셔도 이 페이지(QR)에서 결과를 확인하실 수 있습니다.',
  phone: '휴대전화',
  phoneHint: '예: 010-1234-5678',
  email: '이메일',
  consent: '개인정보 수집·이용 동의',
  consentLabel: '개인정보 수집·이용에 동의합니다',
  consentGloss: '',
  submit: '보내기',
  errorsTitle: '보내지 못했습니다. 아래 내용을 고쳐 주세요.',
  problems: {
    areaUnknown: '목록에 없는 항목이 선택되었습니다. 목록에서 다시 골라 주세요.',
    satisfactionInvalid: '만족도는 1에서 5 가운데 하나를 골라 주세요.',
    messageTooLong: '내용이 너무 깁니다. 2,000자 이내로 줄여 주세요.',
    empty: '내용을 적거나 항목을 하나 이상 선택해 주세요.',
    phoneInvalid: '휴대전화 번호를 숫자로 적어 주세요 (예: 010-1234-5678).',
    emailInvalid: '이메일 주소 형식이 맞지 않습니다 (예: name@example.com).',
    contactWithoutConsent:
      '연락처를 남기시려면 개인정보 수집·이용에 동의해 주세요. 동의하지 않으시면 연락처 칸을 비워 주세요.',
  } satisfies Record<FormProblem, string>,
  receiptTitle: '접수되었습니다',
  receiptNote: '의견을 보내 주셔서 감사합니다. 내용이 안전하게 저장되었습니다.',
  keepNote:
    '이 QR 코드(또는 이 페이지 주소)로 나중에 처리 상황과 결과를 확인하실 수 있습니다. 화면을 캡처하거나 일련번호를 적어 두세요.',
  keepNoteCard: '카드의 보관용 확인증에 있는 QR 코드로 나중에 처리 상황과 결과를 확인하실 수 있습니다.',
  statusTitle: '처리 상황',
  alreadyTitle: '이미 접수된 카드입니다',
  alreadyNote:
    '이 일련번호로는 이미 의견이 접수되어 다시 보내실 수 없습니다. 처리 상황은 아래와 같습니다. 새 의견은 카드 없이 쓰기로 보내 주세요.',
  cardType: '카드',
  received: '접수일',
  deadline: '처리 기한',
  deadlineUntil: (date: string) => `${date}까지`,
  status: '현재 상태',
  statusWords: {
    received: ['접수됨', '의견이 접수되어 담당 부서로 전달되고 있습니다.'],
    in_review: ['검토 중', '담당 부서에서 내용을 검토하고 있습니다.'],
    assigned: ['처리 중', '담당자가 정해져 처리하고 있습니다.'],
    published: ['결과 게시', '처리 결과를 아래에 올렸습니다. 남기신 연락처로도 보내 드리고 있습니다.'],
    answered: ['답변 완료', '처리 결과를 알려 드렸습니다.'],
    closed: ['처리 완료', '처리가 모두 끝났습니다.'],
  } satisfies Record<CaseStage, [string, string]>,
  overdue:
    '처리 기한이 지났습니다. 불편을 드려 죄송합니다. 서비스 헌장에 따라 지연 사유와 처리 예정일을 알려 드립니다.',
  delayTitle: '처리 기한을 지키지 못했습니다',
  delayApology: (date: string) =>
    `약속드린 처리 기한(${date}까지)을 지키지 못했습니다. 불편을 드려 진심으로 사과드립니다.`,
  promiseMissed: (date: string) =>
    `담당자가 약속드린 처리 예정일(${date}까지)도 지키지 못했습니다. 거듭 사과드립니다.`,
  delayPending: '담당자가 지연 사유와 새 처리 예정일을 알려 드립니다. 확인되는 대로 이 페이지에 표시됩니다.',
  delayReason: '지연 사유',
  newDeadline: '새 처리 예정일',
  voucher: (kind: string, amount: string, number: string) =>
    `서비스 헌장에 따라 ${amount}원 상당의 ${kind}${objectParticle(kind)} 드립니다. 보상 번호: ${number}`,
  voucherHow: '받는 방법',
  resultTitle: '처리 결과',
  resultDepartment: '처리부서',
  resultOfficer: '담당자',
  resultPhone: '연락처',
  resultDate: '알림일',
  corrected: (date: string) => `${date}에 처리 결과를 바로잡았습니다. 고친 까닭:`,
  noResultYet: '아직 처리 결과가 나오지 않았습니다. 결과가 나오면 이 페이지에 표시됩니다.',
  privacyNote: '이 페이지에는 보내신 내용과 연락처가 표시되지 않습니다.',
  notFoundTitle: '카드를 찾을 수 없습니다',
  notFoundTypo:
    '일련번호가 올바르지 않습니다. 한 글자가 잘못 입력되었을 수 있습니다. 카드의 번호를 다시 확인해 주세요.',
  notFoundUnknown: '이 일련번호로 발행된 카드가 없습니다. 주소를 다시 확인해 주세요.',
  contactOffice: '도움이 필요하시면 아래로 연락해 주세요.',
  writeWithoutCard: '카드 없이 의견 쓰기',
  mainPhone: '대표 전화',
  chooserTitle: '의견 쓰기 — 카드 고르기',
  chooserIntro: '어떤 의견을 보내시겠습니까?',
  tooLargeTitle: '보내신 내용이 너무 큽니다',
  tooLarge: '내용을 줄여서 다시 보내 주세요. 저장된 것은 없습니다.',
  wrongTypeTitle: '보낼 수 없는 형식입니다',
  wrongType: '이 페이지의 양식으로만 보내실 수 있습니다. 저장된 것은 없습니다.',
  rateTitle: '잠시 후 다시 보내 주세요',
  rate: (seconds: number) =>
    `짧은 시간에 너무 많이 보내셨습니다. ${Math.ceil(seconds / 60)}분쯤 뒤에 다시 보내 주세요. 저장된 것은 없습니다.`,
  csrfTitle: '보안 확인이 만료되었습니다',
  csrf: '보안을 위해 저장하지 않았습니다. 적으신 내용은 아래에 남아 있으니 한 번 더 보내기를 눌러 주세요.',
  fullTitle: '지금은 의견을 받을 수 없습니다',
  full: '죄송합니다. 지금은 온라인으로 의견을 받을 수 없어 보내신 내용을 저장하지 않았습니다. 아래 번호로 전화해 주시면 직원이 바로 받아 적겠습니다.',
  failedTitle: '저장을 확인하지 못했습니다',
  failed:
    '서버에 문제가 생겨 보내신 내용이 저장되었는지 확인하지 못했습니다. 죄송합니다. 잠시 후 이 카드의 QR을 다시 열어 접수되었는지 확인하시고, 접수되지 않았으면 다시 보내 주세요. 급하시면 아래 번호로 연락해 주세요.',
  lookupTitle: '일련번호로 처리 상황 보기',
  lookupIntro: 'QR 코드를 찍을 수 없으면 카드의 일련번호를 적어 처리 상황과 결과를 확인하실 수 있습니다.',
  lookupLabel: '일련번호',
  lookupHint:
    '카드 보관용 확인증이나 온라인 접수 화면에 있는 번호입니다 (예: G-4K7M-2QX9-T). 소문자로 적거나 하이픈을 빼도 됩니다.',
  lookupSubmit: '확인하기',
  onlineInstruction: (type: 'green' | 'yellow', days: string) =>
    type === 'green'
      ? `칭찬하고 싶은 직원·서비스나 더 좋아질 점을 적어 보내 주세요.${days ? ` 개선 결과는 ${days} 이내에 알려 드립니다.` : ''}`
      : `불편했던 점이나 불만을 적어 보내 주세요.${days ? ` ${days} 이내에 검토하여 결과를 알려 드립니다.` : ''}`,
  onlineReplacesCardTitle: '종이 카드는 카드함에 넣지 않으셔도 됩니다',
  onlineReplacesCard:
    '여기에 쓰신 내용이 이 카드의 의견으로 접수됩니다. 이미 카드함에 넣으셨어도 괜찮습니다. 여기에 쓰신 내용이 그대로 접수되고, 종이 카드를 읽은 내용은 그 옆에 함께 보관되어 잃어버리는 것이 없습니다.',
  days: (amount: number, unit: string) => (unit === 'hours' ? `${amount}시간` : `${amount}일`),
  back: '돌아가기',
  dateLocale: 'ko-KR',
};

type Text = typeof ko;

const en: Text = {
  formTitle: 'Write your feedback',
  formIntroCard: 'Instead of writing on the card by hand, you can send it here.',
  formIntroNoCard: 'No card at hand? Send your feedback here; you will get a serial number as your receipt.',
  serial: 'Serial number',
  areas: 'Where did you go?',
  areasHint: 'You may choose several.',
  satisfaction: 'Overall satisfaction',
  satisfactionHint: 'Choose one, or none.',
  satisfactionNone: 'No answer',
  message: 'Your message',
  messageHint: (max: number) => `Up to ${max} characters`,
  reply: 'Reply',
  replyWanted: 'Please reply to me',
  replyHint: 'Without contact details you can still see the result on this page (the QR code).',
  phone: 'Mobile phone',
  phoneHint: 'e.g. 010-1234-5678',
  email: 'E-mail',
  consent: 'Consent to the use of personal data',
  consentLabel: 'I agree to the collection and use of my contact details',
  consentGloss:
    'We use your phone number or e-mail only to tell you the result, and delete it as stated below. It is optional.',
  submit: 'Send',
  errorsTitle: 'Not sent yet. Please correct the following.',
  problems: {
    areaUnknown: 'An item that is not on the list was chosen. Please choose from the list.',
    satisfactionInvalid: 'Please choose a satisfaction level from 1 to 5.',
    messageTooLong: 'The message is too long. Please keep it within 2,000 characters.',
    empty: 'Please write a message or choose at least one item.',
    phoneInvalid: 'Please enter the mobile number in digits (e.g. 010-1234-5678).',
    emailInvalid: 'This e-mail address does not look right (e.g. name@example.com).',
    contactWithoutConsent:
      'To leave contact details, please agree to their use. Otherwise leave the contact fields empty.',
  },
  receiptTitle: 'Received',
  receiptNote: 'Thank you for your feedback. It has been stored safely.',
  keepNote:
    'This QR code (or this page address) shows the progress and the result later. Take a screenshot or note the serial number.',
  keepNoteCard: "The QR code on the card's tear-off stub shows the progress and the result later.",
  statusTitle: 'Progress',
  alreadyTitle: 'This card has already been received',
  alreadyNote:
    'Feedback for this serial number has already been received, so it cannot be sent again. Its progress is below. To send new feedback, use "write without a card".',
  cardType: 'Card',
  received: 'Received',
  deadline: 'Deadline',
  deadlineUntil: (date: string) => `by ${date}`,
  status: 'Status',
  statusWords: {
    received: ['Received', 'Your feedback has been received and is being passed to the department.'],
    in_review: ['Under review', 'The department is reviewing it.'],
    assigned: ['In progress', 'An officer has been assigned and is working on it.'],
    published: ['Result published', 'The result is below; we are also sending it to the contact you gave.'],
    answered: ['Answered', 'We have told you the result.'],
    closed: ['Closed', 'Everything has been done.'],
  },
  overdue:
    'The deadline has passed. We apologise. As our service charter promises, we will tell you the reason and the new date.',
  delayTitle: 'We missed the deadline',
  delayApology: (date: string) =>
    `We did not keep the deadline we promised (${date}). We sincerely apologise for the inconvenience.`,
  promiseMissed: (date: string) =>
    `We also missed the new date the officer gave (${date}). We apologise again.`,
  delayPending:
    'The officer will tell you the reason for the delay and the new date. They will appear on this page.',
  delayReason: 'Reason for the delay',
  newDeadline: 'New expected date',
  voucher: (kind: string, amount: string, number: string) =>
    `As our service charter promises, you will receive a ${kind} worth ${amount} won. Voucher number: ${number}`,
  voucherHow: 'How to receive it',
  resultTitle: 'Result',
  resultDepartment: 'Department',
  resultOfficer: 'Officer',
  resultPhone: 'Phone',
  resultDate: 'Published',
  corrected: (date: string) => `The result was corrected on ${date}. Why:`,
  noResultYet: 'There is no result yet. It will appear on this page.',
  privacyNote: 'This page never shows what you wrote or your contact details.',
  notFoundTitle: 'Card not found',
  notFoundTypo:
    'This serial number is not valid: a character may have been mistyped. Please check the number on the card.',
  notFoundUnknown: 'No card has been issued with this serial number. Please check the address.',
  contactOffice: 'If you need help, please call us.',
  writeWithoutCard: 'Write without a card',
  mainPhone: 'Main number',
  chooserTitle: 'Write your feedback — choose a card',
  chooserIntro: 'What would you like to tell us?',
  tooLargeTitle: 'Too much was sent',
  tooLarge: 'Please shorten it and send again. Nothing was stored.',
  wrongTypeTitle: 'This cannot be sent',
  wrongType: "Please use this page's form. Nothing was stored.",
  rateTitle: 'Please try again later',
  rate: (seconds: number) =>
    `Too many submissions in a short time. Please try again in about ${Math.ceil(seconds / 60)} minutes. Nothing was stored.`,
  csrfTitle: 'The security check expired',
  csrf: 'For your security nothing was stored. What you wrote is still below: please press Send once more.',
  fullTitle: 'We cannot take feedback online right now',
  full: 'We are sorry: we cannot take feedback online right now, so what you wrote was not stored. Please call the number below and a member of staff will take it down.',
  failedTitle: 'Could not confirm it was stored',
  failed:
    "A problem on our server kept us from confirming that your feedback was stored. We apologise. Please open the card's QR code again shortly to check whether it was received, and send it again if not. If it is urgent, please call us.",
  lookupTitle: 'Check the progress with the serial number',
  lookupIntro:
    "If you cannot scan the QR code, type the card's serial number to see the progress and the result.",
  lookupLabel: 'Serial number',
  lookupHint:
    'It is on the tear-off stub of the card or on the online receipt (e.g. G-4K7M-2QX9-T). Lower case and no hyphens are fine.',
  lookupSubmit: 'Check',
  onlineInstruction: (type: 'green' | 'yellow', days: string) =>
    type === 'green'
      ? `Tell us about staff or a service you want to praise, or what could be better.${days ? ` We will tell you the result within ${days}.` : ''}`
      : `Tell us what was inconvenient or what you were unhappy with.${days ? ` We will review it and tell you the result within ${days}.` : ''}`,
  onlineReplacesCardTitle: 'No need to put the paper card in the box',
  onlineReplacesCard:
    'What you write here is received as this card. If you already put the card in the box, nothing is lost: what you type here is kept as your feedback, and the reading of the paper card is kept beside it.',
  days: (amount: number, unit: string) =>
    unit === 'hours' ? `${amount} hour${amount === 1 ? '' : 's'}` : `${amount} day${amount === 1 ? '' : 's'}`,
  back: 'Back',
  dateLocale: 'en-GB',
};

export const TEXT: Record<Lang, Text> = { ko, en };
export type { Text };
