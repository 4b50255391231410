// The staff menu on a narrow screen (under 40rem, public/cardbox.css): folded behind the 메뉴 button, which
// opens and closes it (Enter or Space, as any button); Escape closes it and returns to the button. Without
// JavaScript the button stays hidden and the menu is shown, as on a wide screen.
const header = document.querySelector('.staff-header');
const button = document.getElementById('menu-toggle');
const menu = document.getElementById('staff-menu');
if (header && button && menu) {
  const show = (open) => {
    button.setAttribute('aria-expanded', String(open));
    header.classList.toggle('menu-open', open);
  };
  header.classList.add('menu-folds');
  button.hidden = false;
  show(false);
  button.addEventListener('click', () => show(button.getAttribute('aria-expanded') !== 'true'));
  header.addEventListener('keydown', (event) => {
    if (event.key !== 'Escape' || button.getAttribute('aria-expanded') !== 'true') return;
    show(false);
    button.focus();
  });
}
