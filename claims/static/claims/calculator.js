// Public benefit calculator: small conveniences on top of a page that works without JavaScript
// (strict CSP: no inline scripts). Shows only the chosen way of entering contributions, the
// contract end date only for PKWT, redraws the month boxes when the PHK date changes and writes
// the wage with thousands dots.
document.addEventListener("DOMContentLoaded", () => {
  const form = document.querySelector("form[data-calculator]");
  if (!form) return;

  const checkedValue = (name) => {
    const input = form.querySelector(`input[name="${name}"]:checked`);
    return input ? input.value : "";
  };

  // Simple or advanced entry of contribution months.
  const showMode = () => {
    const mode = checkedValue("contribution_mode") || "simple";
    form.querySelectorAll("[data-mode]").forEach((el) => {
      el.hidden = el.dataset.mode !== mode;
    });
  };
  form.querySelectorAll('input[name="contribution_mode"]').forEach((el) => el.addEventListener("change", showMode));
  showMode();

  // The contract end date matters only for PKWT.
  const showContract = () => {
    const contract = checkedValue("contract_type");
    form.querySelectorAll("[data-show-when-contract]").forEach((el) => {
      el.hidden = contract !== "" && el.dataset.showWhenContract !== contract;
    });
  };
  form.querySelectorAll('input[name="contract_type"]').forEach((el) => el.addEventListener("change", showContract));
  showContract();

  // Month boxes: 24 months up to the PHK month, back to the month after a previous claim's PHK.
  const grid = form.querySelector("[data-month-grid]");
  if (grid) {
    const labels = grid.dataset.monthLabels.split(",");
    const monthIndex = (value) => {
      const match = /^(\d{4})-(\d{2})/.exec(value || "");
      if (!match) return null;
      const month = Number(match[2]);
      if (month < 1 || month > 12) return null;
      return Number(match[1]) * 12 + month - 1;
    };
    const pad = (n, width) => String(n).padStart(width, "0");
    const ticked = () =>
      new Set(Array.from(grid.querySelectorAll('input[name="paid_months"]:checked'), (el) => el.value));

    const redraw = () => {
      const now = new Date();
      const phk = monthIndex(form.elements.phk_date.value);
      let end = phk === null ? now.getFullYear() * 12 + now.getMonth() : phk;
      let start = end - 23;
      const previous = ["previous_phk_1", "previous_phk_2", "previous_phk_3"]
        .map((name) => monthIndex(form.elements[name] ? form.elements[name].value : ""))
        .filter((idx) => idx !== null && idx < end);
      if (previous.length) start = Math.min(start, Math.max(...previous) + 1);
      const keep = ticked();
      const keptIdx = Array.from(keep, monthIndex).filter((idx) => idx !== null);
      if (keptIdx.length) {
        start = Math.min(start, ...keptIdx);
        end = Math.max(end, ...keptIdx);
      }
      start = Math.max(start, end - 599);

      const rows = [];
      for (let year = Math.floor(start / 12); year <= Math.floor(end / 12); year += 1) {
        const heading = document.createElement("div");
        heading.className = "fw-semibold small mt-2";
        heading.dataset.year = String(year);
        heading.textContent = String(year);
        const row = document.createElement("div");
        row.className = "row row-cols-4 row-cols-sm-6 row-cols-md-12 g-1";
        for (let month = 1; month <= 12; month += 1) {
          const idx = year * 12 + month - 1;
          const col = document.createElement("div");
          col.className = "col";
          if (idx >= start && idx <= end) {
            const value = `${pad(year, 4)}-${pad(month, 2)}`;
            const input = document.createElement("input");
            input.type = "checkbox";
            input.className = "btn-check";
            input.name = "paid_months";
            input.value = value;
            input.id = `month-${value}`;
            input.autocomplete = "off";
            input.checked = keep.has(value);
            const label = document.createElement("label");
            label.className = "btn btn-outline-success btn-sm w-100";
            label.htmlFor = input.id;
            label.title = value;
            label.textContent = labels[month - 1];
            col.append(input, label);
          }
          row.append(col);
        }
        rows.push(heading, row);
      }
      grid.replaceChildren(...rows);
    };

    ["phk_date", "previous_phk_1", "previous_phk_2", "previous_phk_3"].forEach((name) => {
      const input = form.elements[name];
      if (input) input.addEventListener("change", redraw);
    });
    form.querySelectorAll("[data-refresh-months]").forEach((el) => {
      el.hidden = true;
    });
    const tools = form.querySelector("[data-months-tools]");
    if (tools) {
      tools.hidden = false;
      const setAll = (checked) => {
        grid.querySelectorAll('input[name="paid_months"]').forEach((el) => {
          el.checked = checked;
        });
      };
      tools.querySelector("[data-months-all]").addEventListener("click", () => setAll(true));
      tools.querySelector("[data-months-none]").addEventListener("click", () => setAll(false));
    }
  }

  // "4500000" -> "4.500.000" when leaving the wage box (the server reads both).
  form.querySelectorAll("input[data-rupiah]").forEach((input) => {
    input.addEventListener("blur", () => {
      const digits = input.value.replace(/^\s*rp\.?\s*/i, "").trim();
      if (/^\d+$/.test(digits)) input.value = digits.replace(/\B(?=(\d{3})+(?!\d))/g, ".");
    });
  });
});
