import type { Profile, Rule } from '../profile/schema.ts';
import type { CardType, Channel } from '../store/records.ts';

/** Channels whose requests get the charter's "first contact within 7 working days" promise. */
const FIRST_CONTACT_CHANNELS: ReadonlySet<Channel> = new Set(['post', 'fax', 'internet']);

/**
 * The charter rule that applies to a case when it arrives, before staff classify it: praise and suggestions
 * (green) get the suggestion promise, complaints (yellow) the dissatisfaction promise; requests by post, fax
 * or internet the first-contact promise (when the profile has it). Staff may change it by classifying.
 */
export function initialRuleId(type: CardType, channel: Channel, profile?: Profile): string {
  if (
    FIRST_CONTACT_CHANNELS.has(channel) &&
    (!profile || profile.rules.some((r) => r.id === 'first-contact'))
  )
    return 'first-contact';
  return type === 'green' ? 'suggestion' : 'dissatisfaction';
}

export function ruleById(profile: Profile, id: string): Rule {
  const rule = profile.rules.find((r) => r.id === id);
  if (!rule) throw new Error(`the profile has no charter rule "${id}"`);
  return rule;
}
