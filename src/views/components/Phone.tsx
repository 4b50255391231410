/**
 * Phone numbers as people dial them. The charter writes the institution's numbers without the area code
 * (258-2518); a mobile phone cannot dial that, so every number shown is completed with the profile's
 * `institution.areaCode` — unless it already starts with 0 (an area code or a mobile number), with + (an
 * international number), or is a nationwide number (15XX-XXXX, 16XX-, 18XX-).
 */
export function fullPhoneNumber(phone: string, areaCode: string): string {
  const number = phone.trim();
  if (!areaCode || !number || /^[0+]/.test(number) || /^1[5-9]\d\d-?\d{4}$/.test(number)) return number;
  return `${areaCode}-${number}`;
}

/** The `tel:` address of a number: its digits (and a leading +), with the area code. */
export function telHref(phone: string, areaCode: string): string {
  return `tel:${fullPhoneNumber(phone, areaCode).replace(/[^\d+]/g, '')}`;
}

/** A phone number as a call link; the text shows it as people write it, e.g. 055-258-2518. */
export function PhoneLink(props: { phone: string; areaCode: string }) {
  return (
    <a href={telHref(props.phone, props.areaCode)} class="phone">
      {fullPhoneNumber(props.phone, props.areaCode)}
    </a>
  );
}
