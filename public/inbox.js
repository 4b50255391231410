// Keyboard navigation of the inbox, as in paperless-ngx: j or ↓ the next case, k or ↑ the previous one,
// Enter opens it, x ticks its checkbox for the bulk form. Without JavaScript the list is the same links and
// checkboxes, reached with Tab. Single-letter shortcuts can be turned off (WCAG 2.1.4), remembered here.
const list = document.getElementById('inbox-list');
const help = document.getElementById('inbox-keys');
const toggle = document.getElementById('inbox-keys-on');
if (list && help && toggle) {
  const STORE = 'cardbox.inbox-keys';
  const remembered = () => {
    try {
      return localStorage.getItem(STORE);
    } catch {
      return null;
    }
  };
  // The note means nothing on a touch screen without a keyboard (the keys still work with one attached).
  help.hidden = window.matchMedia('(hover: none) and (pointer: coarse)').matches;
  toggle.checked = remembered() !== 'off';
  toggle.addEventListener('change', () => {
    try {
      localStorage.setItem(STORE, toggle.checked ? 'on' : 'off');
    } catch {}
  });

  const rows = () => Array.from(list.querySelectorAll('tbody tr'));
  const current = () => rows().findIndex((row) => row.contains(document.activeElement));
  const linkOf = (row) => row.querySelector('a[href^="/staff/cases/"]');
  const move = (step) => {
    const all = rows();
    if (all.length === 0) return;
    const from = current();
    const to = from < 0 ? 0 : Math.min(all.length - 1, Math.max(0, from + step));
    const link = linkOf(all[to]);
    if (!link) return;
    link.focus();
    link.scrollIntoView({ block: 'nearest' });
  };
  // Keys are the letters on a QWERTY keyboard, also while the Korean IME is on (j ㅓ, k ㅏ, x ㅌ).
  const NEXT = new Set(['j', 'J', 'ㅓ', 'ArrowDown']);
  const PREVIOUS = new Set(['k', 'K', 'ㅏ', 'ArrowUp']);
  const TICK = new Set(['x', 'X', 'ㅌ']);
  const typing = (target) =>
    target instanceof HTMLElement &&
    (target.isContentEditable ||
      target instanceof HTMLTextAreaElement ||
      target instanceof HTMLSelectElement ||
      (target instanceof HTMLInputElement && target.type !== 'checkbox' && target.type !== 'radio'));

  document.addEventListener('keydown', (event) => {
    if (!toggle.checked || event.defaultPrevented || event.isComposing) return;
    if (event.ctrlKey || event.metaKey || event.altKey || typing(event.target)) return;
    const inList = current() >= 0;
    // The arrows scroll the page as usual until a case has the focus.
    if (event.key.startsWith('Arrow') && !inList) return;
    if (NEXT.has(event.key) || PREVIOUS.has(event.key)) {
      event.preventDefault();
      move(NEXT.has(event.key) ? 1 : -1);
    } else if (TICK.has(event.key) && inList) {
      event.preventDefault();
      rows()[current()].querySelector('input[type="checkbox"]')?.click();
    } else if (event.key === 'Enter' && inList && !(event.target instanceof HTMLAnchorElement)) {
      // On the row's checkbox: open the case, as on its link (where the browser does it already).
      event.preventDefault();
      linkOf(rows()[current()])?.click();
    }
  });
}
