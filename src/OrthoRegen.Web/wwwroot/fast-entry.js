// Fast keyboard entry on transcription forms (progressive enhancement: without this script the form works with Tab).
// When an answer box is full (its maxlength reached, or one digit typed where data-advance="digit" says a digit is a
// whole answer, as in the ISNCSCI grid where "NT" also fits), focus moves to the next answer box, or to the save
// button after the last one, so a paper questionnaire is typed as a run of digits.
document.addEventListener("input", function (e) {
  var box = e.target;
  if (!(box instanceof HTMLInputElement) || !box.classList.contains("answer")) return;
  var full = (box.maxLength > 0 && box.value.length >= box.maxLength)
    || (box.getAttribute("data-advance") === "digit" && /^[0-9]$/.test(box.value));
  if (!full) return;
  var boxes = Array.prototype.slice.call(document.querySelectorAll("input.answer"));
  var next = boxes[boxes.indexOf(box) + 1];
  if (next) { next.focus(); next.select(); return; }
  var save = box.form && box.form.querySelector("button[type=submit]");
  if (save) save.focus();
});
