import { Hono } from 'hono';
import { checkSerial } from '../cards/serial.ts';
import type { Cardbox } from '../context.ts';
import { HomePage } from '../views/visitor/Home.tsx';
import { type PreferencesVariables, preferences } from '../web/preferences.ts';

/**
 * The front page: where a visitor who typed the bare address can go, with a serial box to check a card's
 * status without its QR code; `/status?serial=` is where that box (and the one on every 404 page) goes.
 */
export function homeRoutes(cardbox: Cardbox): Hono<{ Variables: PreferencesVariables }> {
  const app = new Hono<{ Variables: PreferencesVariables }>();
  app.get('/', preferences(), (c) => c.html(<HomePage profile={cardbox.profile} prefs={c.var.prefs} />));
  // The serial box: a serial as people type it (lower case, hyphens, spaces, O for 0, I/L for 1) opens its
  // card page; anything else opens the card 404 with what was typed, which explains a typo. Lookups of
  // serials that do not exist are counted there (LOOKUP_RATE_LIMIT), as for any card URL.
  app.get('/status', (c) => {
    const typed = (c.req.query('serial') ?? '').trim().slice(0, 40);
    if (!typed) return c.redirect('/#serial-lookup-title', 303);
    const checked = checkSerial(typed);
    return c.redirect(`/c/${checked.ok ? checked.serial : encodeURIComponent(typed)}`, 303);
  });
  return app;
}
