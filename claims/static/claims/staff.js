// Staff decision forms: show the parts that belong to the chosen decision
// (what to fix for a correction request, the reason codes for a rejection) and
// its button, which posts to that decision's own URL (formaction). The buttons
// of the other decisions are disabled too, so Enter cannot send the wrong one.
document.addEventListener("DOMContentLoaded", () => {
  document.querySelectorAll("form[data-testid=verify-form], form[data-testid=approve-form]").forEach((form) => {
    const parts = form.querySelectorAll(".decision-part");
    const sync = () => {
      const chosen = form.querySelector("input[name=decision]:checked");
      parts.forEach((part) => {
        part.hidden = !chosen || part.dataset.for !== chosen.value;
        part.querySelectorAll("button[type=submit]").forEach((button) => { button.disabled = part.hidden; });
      });
    };
    form.querySelectorAll("input[name=decision]").forEach((r) => r.addEventListener("change", sync));
    sync();
  });
});
