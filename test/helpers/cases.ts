import { type Intake, receiveCase } from '../../src/cases/intake.ts';
import type { TestCardbox } from './cardbox.ts';

/** A case received through the real intake: typed online without a card unless `fields` say otherwise. */
export function receiveTestCase(t: TestCardbox, fields: Partial<Intake> = {}) {
  return receiveCase(t.cardbox, {
    serial: null,
    type: 'yellow',
    channel: 'online',
    areas: [],
    satisfaction: null,
    message: '의견',
    replyWanted: false,
    consent: false,
    ...fields,
  });
}
