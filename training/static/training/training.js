// Training pages: small behaviours, no inline scripts (strict CSP).
document.addEventListener("DOMContentLoaded", () => {
  // <button data-check-all="name"> ticks every checkbox named "name" in its form.
  document.querySelectorAll("button[data-check-all]").forEach((button) => {
    button.addEventListener("click", () => {
      button.form.querySelectorAll(`input[type=checkbox][name="${button.dataset.checkAll}"]`).forEach((box) => {
        box.checked = true;
      });
    });
  });
});
