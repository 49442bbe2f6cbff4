// Document uploads with a progress bar (forms marked data-upload). Without
// JavaScript the same forms post normally and the page reloads.
document.addEventListener("DOMContentLoaded", () => {
  document.querySelectorAll("form[data-upload]").forEach((form) => {
    form.addEventListener("submit", (event) => {
      const input = form.querySelector("input[type=file]");
      if (!input || !input.files.length || !window.XMLHttpRequest || !window.FormData) return;
      event.preventDefault();
      const progress = form.querySelector(".upload-progress");
      const error = form.querySelector(".upload-error");
      const button = form.querySelector("button[type=submit]");
      error.hidden = true;
      progress.hidden = false;
      progress.value = 0;
      button.disabled = true;
      const xhr = new XMLHttpRequest();
      xhr.open("POST", form.action);
      xhr.setRequestHeader("X-Requested-With", "XMLHttpRequest");
      xhr.setRequestHeader("Accept", "application/json");
      xhr.upload.addEventListener("progress", (e) => {
        if (e.lengthComputable) progress.value = Math.round((e.loaded / e.total) * 100);
      });
      xhr.addEventListener("load", () => {
        button.disabled = false;
        if (xhr.status >= 200 && xhr.status < 300) {
          progress.value = 100;
          window.location.reload();
          return;
        }
        let message = form.dataset.errorText || "Unggahan gagal.";
        try { message = JSON.parse(xhr.responseText).detail || message; } catch (_) { /* not JSON */ }
        progress.hidden = true;
        error.textContent = message;
        error.hidden = false;
      });
      xhr.addEventListener("error", () => {
        button.disabled = false;
        progress.hidden = true;
        error.textContent = form.dataset.networkText || "Koneksi terputus. Coba unggah lagi.";
        error.hidden = false;
      });
      xhr.send(new FormData(form));
    });
  });
});
