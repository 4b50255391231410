// The case page: "이 답변 넣기" puts the chosen ready answer (profile cannedAnswers) into the notice box at once.
// Without JavaScript the same button posts the form and the page comes back with it in the box. The rule is
// withCannedAnswer's (src/cases/notice.ts): in place of an empty box or an untouched ready answer, else after
// what staff wrote.
const box = document.getElementById('result');
const picker = document.getElementById('canned');
const use = document.getElementById('canned-use');
if (box && picker && use) {
  const choices = Array.from(picker.querySelectorAll('input[name="canned"]'));
  const answers = choices.map((choice) => choice.dataset.answer ?? '');
  use.addEventListener('click', (event) => {
    event.preventDefault();
    const answer = choices.find((choice) => choice.checked)?.dataset.answer ?? answers[0] ?? '';
    const now = box.value.trim();
    box.value =
      !now || answers.some((a) => a.trim() === now) ? answer : `${box.value.replace(/\s+$/, '')}\n${answer}`;
    box.focus();
    box.setSelectionRange(box.value.length, box.value.length);
  });
}
