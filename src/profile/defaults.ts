import { CANNED_ANSWERS, type Profile, VOUCHER_HOW_TO_RECEIVE } from './schema.ts';

/**
 * Defaults taken from the institution's service charter (서비스이행표준, the newer text in shared/charter/002):
 * its service table of departments and phone numbers, and its promises with their deadlines.
 * "7일(근무시간)" counts working days; the charter's other "N일" are counted as calendar days, the stricter
 * reading for the visitor. Every value can be changed in the profile file.
 */
export const defaultProfile: Profile = {
  version: 1,
  institution: {
    name: '교육문화관',
    nameEn: 'Education & Culture Centre',
    homepage: 'www.kleic.or.kr',
    mainPhone: '258-2518',
    // The charter gives its numbers without the area code and never names the city: set it in the profile
    // (e.g. "055") so that a visitor's phone can dial them. Until then the numbers are used as written.
    areaCode: '',
    timezone: 'Asia/Seoul',
    workingHours: { start: '09:00', end: '18:00' },
  },
  departments: [
    { id: 'admin', name: '행정지원과', phone: '258-2518', fax: '251-8387' },
    { id: 'lifelong', name: '평생학습과', phone: '258-2557' },
    { id: 'library', name: '문헌정보과', phone: '258-2533' },
  ],
  areas: [
    {
      id: 'general',
      label: '종합자료실',
      labelEn: 'General reading room',
      department: 'library',
      phone: '258-2533',
    },
    {
      id: 'children',
      label: '어린이자료실',
      labelEn: "Children's room",
      department: 'library',
      phone: '258-2529',
    },
    {
      id: 'digital',
      label: '디지털정보실',
      labelEn: 'Digital room',
      department: 'library',
      phone: '258-2512',
    },
    {
      id: 'lifelong',
      label: '평생학습강좌',
      labelEn: 'Lifelong learning',
      department: 'lifelong',
      phone: '258-2557',
    },
    {
      id: 'archive',
      label: '교육사료관',
      labelEn: 'Education archive',
      department: 'admin',
      phone: '258-2557',
    },
    { id: 'facility', label: '시설·편의', labelEn: 'Facilities', department: 'admin', phone: '258-2523' },
    { id: 'kindness', label: '직원 친절', labelEn: 'Staff courtesy', department: 'admin', phone: '258-2518' },
    { id: 'other', label: '기타', labelEn: 'Other', department: 'admin', phone: '258-2518' },
  ],
  rules: [
    {
      id: 'suggestion',
      title: '개선 가능한 제안',
      amount: 7,
      unit: 'calendar-days',
      promise: '개선 가능한 사항은 즉시 개선하고, 그 내용 또는 결과를 7일 이내에 고객에게 알려드리겠습니다.',
    },
    {
      id: 'dissatisfaction',
      title: '불친절·불만족 의견',
      amount: 3,
      unit: 'calendar-days',
      promise:
        '불친절·불만족 또는 개선할 사항을 알려 주시면 3일 이내에 검토하여 그 결과를 통보하여 드리겠습니다.',
    },
    {
      id: 'phone-unkindness',
      title: '전화 불친절 사과',
      amount: 1,
      unit: 'calendar-days',
      promise:
        '전화를 통해 받은 불친절이나 불만족은 1일 이내에 사실 확인 후 해당 공무원이 사과 전화를 드리겠습니다.',
    },
    {
      id: 'impossible',
      title: '처리 불가 안내',
      amount: 7,
      unit: 'calendar-days',
      promise:
        '처리가 불가능한 업무는 관련 법령 등 사유와 불복 또는 구제신청 방법을 접수 후 7일 이내에 안내해 드리겠습니다.',
    },
    {
      id: 'first-contact',
      title: '우편·FAX·인터넷 접수 첫 연락',
      amount: 7,
      unit: 'working-days',
      promise:
        '우편·FAX·인터넷으로 요청하시면 접수 후 7일(근무시간) 이내에 담당자가 전화 또는 E-mail로 연락드리겠습니다.',
    },
    {
      id: 'delay-notice',
      title: '처리 지연 안내',
      amount: 1,
      unit: 'hours',
      promise:
        '기한 내에 처리되지 못하면 사실 확인 후 1시간 이내에 지연 사유와 처리 예정일을 알려 드리겠습니다.',
    },
  ],
  approval: { required: false },
  compensation: {
    amountKrw: 5000,
    kind: '도서상품권',
    howToReceive: VOUCHER_HOW_TO_RECEIVE,
  },
  privacy: {
    purpose: '의견 처리 결과 안내',
    items: '휴대전화번호, 이메일',
    retentionDays: 365,
    retentionText: '처리 완료 후 1년',
  },
  survey: { dueMonthDay: '12-31', publishWithinMonths: 1, planWithinMonths: 3 },
  cannedAnswers: CANNED_ANSWERS,
  // Only the common domains the reader knows; add the institution's own here if visitors use it.
  mailDomains: [],
  noticeTemplate: [
    '{{institution}}에 소중한 의견을 주셔서 감사합니다.',
    '',
    '{{result}}',
    '',
    '접수일: {{receivedDate}} · 처리일: {{answeredDate}}',
    '처리부서: {{department}} · 담당자: {{officer}} · 연락처: {{phone}}',
  ].join('\n'),
};
