import type { Profile, Rule } from '../profile/schema.ts';
import type { CardType, Channel } from '../store/records.ts';

/**
 * The charter rule that applies to a case when it arrives, before staff classify it: praise and suggestions
 * (green) get the suggestion promise, complaints (yellow) the dissatisfaction promise. Staff may change it.
 */
export function initialRuleId(type: CardType, _channel: Channel): string {
  return type === 'green' ? 'suggestion' : 'dissatisfaction';
}

export function ruleById(profile: Profile, id: string): Rule {
  const rule = profile.rules.find((r) => r.id === id);
  if (!rule) throw new Error(`the profile has no charter rule "${id}"`);
  return rule;
}
