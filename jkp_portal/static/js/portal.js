// Small behaviours shared by every page; no inline scripts (strict CSP).
document.addEventListener("DOMContentLoaded", () => {
  // <form data-confirm="Question?"> asks before submitting.
  document.querySelectorAll("form[data-confirm]").forEach((form) => {
    form.addEventListener("submit", (event) => {
      if (!window.confirm(form.dataset.confirm)) event.preventDefault();
    });
  });
  // <select data-autosubmit> submits its form on change (filters).
  document.querySelectorAll("select[data-autosubmit]").forEach((select) => {
    select.addEventListener("change", () => select.form.requestSubmit());
  });
});
