// smartjustice shell: after a form comes back with errors, move focus to the first
// problem so screen readers read its label and error (WCAG 2.1 SC 3.3.1) and keyboard
// users land where they need to type. No other behaviour lives here.
document.addEventListener("DOMContentLoaded", function () {
  var target = document.querySelector(".form-errors, [aria-invalid='true']");
  if (!target) return;
  if (target.classList.contains("form-errors")) target.setAttribute("tabindex", "-1");
  target.focus();
});
