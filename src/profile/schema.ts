import { z } from 'zod';

const phone = z.string().regex(/^[0-9-]{3,20}$/, 'a phone number of digits and hyphens, e.g. 055-258-2518');

export const departmentSchema = z.object({
  id: z.string().regex(/^[a-z][a-z0-9-]*$/, 'lower-case letters, digits and hyphens'),
  name: z.string().min(1),
  phone,
  fax: phone.optional(),
});

export const areaSchema = z.object({
  id: z.string().regex(/^[a-z][a-z0-9-]*$/, 'lower-case letters, digits and hyphens'),
  label: z.string().min(1).max(12, 'at most 12 characters, so it fits beside its checkbox on the card'),
  labelEn: z.string().min(1),
  /** The department that answers for this area by default. */
  department: z.string(),
  phone: phone.optional(),
});

/** A charter promise with a clock: how long, counted in calendar or working days (or hours). */
export const ruleSchema = z.object({
  id: z.string().regex(/^[a-z][a-z0-9-]*$/),
  title: z.string().min(1),
  amount: z.number().positive(),
  unit: z.enum(['calendar-days', 'working-days', 'hours']),
  /** The charter's own words, quoted on the case page. */
  promise: z.string().min(1),
});

/** The default for `cannedAnswers`: a few starting sentences per classification, the first filled in. */
export const CANNED_ANSWERS: Record<string, string[]> = {
  praise: [
    '소중한 칭찬 감사합니다. 말씀하신 직원에게 전하고, 앞으로도 친절하게 모시겠습니다.',
    '따뜻한 말씀 감사합니다. 칭찬해 주신 내용을 모든 직원과 나누어 더 좋은 서비스로 보답하겠습니다.',
  ],
  suggestion: [
    '좋은 제안 감사합니다. 말씀하신 내용을 검토하여 다음과 같이 개선하였습니다: ',
    '좋은 제안 감사합니다. 말씀하신 내용은 예산과 여건을 살펴 다음과 같이 반영하겠습니다: ',
    '좋은 제안 감사합니다. 검토하였으나 지금은 다음 사유로 바로 반영하기 어렵습니다: ',
  ],
  conduct: [
    '불편을 드려 진심으로 사과드립니다. 해당 직원과 면담하고 친절 교육을 하였습니다: ',
    '불편을 드려 진심으로 사과드립니다. 당시 상황을 확인하였고, 같은 일이 없도록 다음과 같이 하겠습니다: ',
  ],
  service: [
    '불편을 드려 죄송합니다. 말씀하신 내용을 확인하여 다음과 같이 조치하였습니다: ',
    '불편을 드려 죄송합니다. 말씀하신 내용은 다음 날짜까지 고치겠습니다: ',
    '불편을 드려 죄송합니다. 확인해 보니 다음과 같은 사정이 있었습니다: ',
  ],
  impossible: ['말씀하신 내용을 검토하였으나 아래 사유로 처리하기 어렵습니다. 양해 부탁드립니다: '],
};

/** The default for `compensation.howToReceive`, also for profiles written before the key existed. */
export const VOUCHER_HOW_TO_RECEIVE =
  '1층 안내데스크(종합자료실)에서 이 일련번호와 보상 번호를 말씀해 주시면 드립니다. 방문이 어려우시면 담당자에게 전화로 알려 주세요. 우편으로 보내 드립니다.';

export const profileSchema = z
  .object({
    version: z.literal(1),
    institution: z.object({
      name: z.string().min(1).max(40),
      nameEn: z.string().min(1).max(80),
      homepage: z.string().optional(),
      mainPhone: phone,
      /**
       * The area code (지역번호) dialled before the profile's numbers, which the charter writes without it
       * (258-2518): every `tel:` link and shown number gets it. Empty: the numbers are used as written.
       */
      areaCode: z
        .string()
        .regex(/^(0\d{1,2})?$/, 'an area code such as 055 or 02, or "" when every number already has one')
        .default(''),
      /** The IANA zone every local date is computed in (`src/time/zone.ts`). */
      timezone: z
        .string()
        .default('Asia/Seoul')
        .refine((name) => {
          try {
            new Intl.DateTimeFormat('en-US', { timeZone: name });
            return true;
          } catch {
            return false;
          }
        }, 'an IANA time zone such as Asia/Seoul'),
      workingHours: z.object({
        start: z.string().regex(/^\d\d:\d\d$/),
        end: z.string().regex(/^\d\d:\d\d$/),
      }),
    }),
    departments: z.array(departmentSchema).min(1),
    areas: z.array(areaSchema).min(1).max(8, 'at most 8 service areas fit on the card'),
    rules: z.array(ruleSchema).min(1),
    /**
     * 결재: when `required`, a result notice written by staff waits for an admin (the superior) to approve it
     * before it is published and sent; an admin's own notice is published at once.
     */
    approval: z.object({ required: z.boolean() }).default({ required: false }),
    compensation: z.object({
      amountKrw: z.number().int().positive(),
      kind: z.string().min(1),
      /** How a visitor whose case was late receives the voucher (shown on the status page and in the notice). */
      howToReceive: z.string().min(1).default(VOUCHER_HOW_TO_RECEIVE),
    }),
    privacy: z.object({
      purpose: z.string().min(1),
      items: z.string().min(1),
      retentionDays: z.number().int().positive(),
      retentionText: z.string().min(1),
    }),
    survey: z.object({
      /** Month-day by which the yearly satisfaction survey is done. */
      dueMonthDay: z.string().regex(/^\d\d-\d\d$/),
      publishWithinMonths: z.number().int().positive(),
      planWithinMonths: z.number().int().positive(),
    }),
    noticeTemplate: z.string().min(1),
    /**
     * Ready answers staff start the result notice from, by classification (the text box is filled with the
     * first; staff always edit it).
     */
    cannedAnswers: z.record(z.string(), z.array(z.string().min(1))).default(CANNED_ANSWERS),
    /**
     * Mail domains visitors of this institution use besides the common ones the reader knows (naver.com,
     * daum.net, gmail.com, …; `src/reading/email.ts`), e.g. the institution's own: an e-mail read a letter
     * off one of them is snapped to it (and flagged).
     */
    mailDomains: z
      .array(
        z.string().regex(/^([a-z0-9-]+\.)+[a-z]{2,}$/, 'a mail domain in lower case, e.g. example.or.kr'),
      )
      .default([]),
  })
  .superRefine((profile, ctx) => {
    const departments = new Set(profile.departments.map((d) => d.id));
    profile.areas.forEach((area, index) => {
      if (!departments.has(area.department)) {
        ctx.addIssue({
          code: 'custom',
          path: ['areas', index, 'department'],
          message: `unknown department "${area.department}"; known: ${[...departments].join(', ')}`,
        });
      }
    });
    for (const [name, list] of [
      ['areas', profile.areas],
      ['departments', profile.departments],
      ['rules', profile.rules],
    ] as const) {
      const seen = new Set<string>();
      list.forEach((item, index) => {
        if (seen.has(item.id))
          ctx.addIssue({ code: 'custom', path: [name, index, 'id'], message: 'duplicate id' });
        seen.add(item.id);
      });
    }
  });

export type Profile = z.infer<typeof profileSchema>;
export type Department = z.infer<typeof departmentSchema>;
export type Area = z.infer<typeof areaSchema>;
export type Rule = z.infer<typeof ruleSchema>;
