// Live countdown to a claim deadline: <span class="countdown" data-deadline="YYYY-MM-DD">.
// The deadline is the end of that day in Asia/Jakarta (UTC+7, no daylight saving).
document.addEventListener("DOMContentLoaded", () => {
  const nodes = document.querySelectorAll(".countdown[data-deadline]");
  if (!nodes.length) return;
  const render = () => {
    nodes.forEach((node) => {
      const end = new Date(`${node.dataset.deadline}T23:59:59+07:00`).getTime();
      let left = Math.floor((end - Date.now()) / 60000);
      if (Number.isNaN(end)) return;
      if (left < 0) {
        node.textContent = node.dataset.labelPassed;
        return;
      }
      const days = Math.floor(left / 1440);
      left -= days * 1440;
      const hours = Math.floor(left / 60);
      const minutes = left - hours * 60;
      node.textContent = `${days} ${node.dataset.labelDays} ${hours} ${node.dataset.labelHours} ${minutes} ${node.dataset.labelMinutes}`;
    });
  };
  render();
  window.setInterval(render, 30000);
});
