import type { Lang } from '../../web/preferences.ts';
import { TEXT } from '../visitor/text.ts';

/**
 * "Check the status without the QR code": a serial box posting (GET) to `/status`, which redirects to the
 * card's page `/c/<serial>` (a mistyped serial gets the card 404, which explains it and shows this box again).
 * On the home page and every 404 page. Works without JavaScript.
 */
export function SerialLookup(props: { lang: Lang; value?: string }) {
  const t = TEXT[props.lang];
  return (
    <section class="serial-lookup" aria-labelledby="serial-lookup-title">
      <h2 id="serial-lookup-title">{t.lookupTitle}</h2>
      <p>{t.lookupIntro}</p>
      <form method="get" action="/status" class="serial-lookup-form">
        <label for="serial-lookup-input">{t.lookupLabel}</label>
        <span class="hint" id="serial-lookup-hint">
          {t.lookupHint}
        </span>
        <div class="serial-lookup-row">
          <input
            type="text"
            id="serial-lookup-input"
            name="serial"
            class="serial"
            value={props.value ?? ''}
            autocomplete="off"
            autocapitalize="characters"
            spellcheck={false}
            maxlength={40}
            required
            aria-describedby="serial-lookup-hint"
          />
          <button type="submit">{t.lookupSubmit}</button>
        </div>
      </form>
    </section>
  );
}
