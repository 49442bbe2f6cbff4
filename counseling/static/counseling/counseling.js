// Counselling pages (no inline scripts: strict CSP).
document.addEventListener("DOMContentLoaded", () => {
  // <div data-show-when="mode=online"> is shown only while the radio/select named "mode" has that value.
  const conditional = Array.from(document.querySelectorAll("[data-show-when]"));
  const refresh = () => {
    conditional.forEach((el) => {
      const [name, value] = el.dataset.showWhen.split("=");
      const checked = document.querySelector(`input[name="${name}"]:checked`);
      const current = checked ? checked.value : (document.querySelector(`select[name="${name}"]`) || {}).value;
      el.hidden = current !== value;
    });
  };
  if (conditional.length) {
    document.addEventListener("change", (event) => {
      if (event.target.matches("input[type=radio], select")) refresh();
    });
    refresh();
  }

  // <input type="checkbox" data-check-all="cases"> ticks every checkbox named "cases" of its form.
  document.querySelectorAll("input[data-check-all]").forEach((master) => {
    const boxes = () => Array.from(document.querySelectorAll(`input[type=checkbox][name="${master.dataset.checkAll}"]`));
    const counter = document.querySelector(`[data-selected-count="${master.dataset.checkAll}"]`);
    const update = () => {
      if (counter) counter.textContent = String(boxes().filter((b) => b.checked).length);
    };
    master.addEventListener("change", () => {
      boxes().forEach((b) => { b.checked = master.checked; });
      update();
    });
    boxes().forEach((b) => b.addEventListener("change", update));
    update();
  });
});
