// Small progressive enhancements; every page works without this file.
"use strict";
document.addEventListener("DOMContentLoaded", () => {
  // Poll a progress element (data-progress-url) until the job it follows is finished.
  document.querySelectorAll("[data-progress-url]").forEach((el) => {
    const url = el.getAttribute("data-progress-url");
    const tick = async () => {
      try {
        const r = await fetch(url, { headers: { Accept: "application/json" }, credentials: "same-origin" });
        if (!r.ok) return;
        const data = await r.json();
        const bar = el.querySelector("progress");
        if (bar && data.total) { bar.max = data.total; bar.value = data.done; }
        const text = el.querySelector("[data-progress-text]");
        if (text) text.textContent = data.text || "";
        if (data.finished) { window.location.reload(); return; }
      } catch (e) { /* network hiccup: try again on the next tick */ }
      window.setTimeout(tick, 1500);
    };
    window.setTimeout(tick, 1000);
  });
  // Fill in a count that the page left for later (data-count-url answers {total, exact, approximate, text}).
  document.querySelectorAll("[data-count-url]").forEach(async (el) => {
    try {
      const r = await fetch(el.getAttribute("data-count-url"), {
        headers: { Accept: "application/json" }, credentials: "same-origin",
      });
      if (!r.ok) return;
      const data = await r.json();
      el.textContent = data.text;
      el.setAttribute("data-total", data.exact ? String(data.total) : (data.approximate ? "~" + data.total : data.total + "+"));
    } catch (e) { /* the link to count stays */ }
  });
  // A form whose address holds the period typed into it (`PERIOD` in its action is replaced on sending).
  document.querySelectorAll("form[data-period-action]").forEach((form) => {
    form.addEventListener("submit", () => {
      form.action = form.action.replace("PERIOD", encodeURIComponent(form.period.value.trim()));
      form.period.disabled = true;
    });
  });
  // A «back» link returns to the page the user came from (without scripts it leads home).
  document.querySelectorAll("a[data-back]").forEach((a) => {
    a.addEventListener("click", (ev) => {
      if (window.history.length > 1) { ev.preventDefault(); window.history.back(); }
    });
  });
  // Confirm dangerous actions.
  document.querySelectorAll("form[data-confirm]").forEach((form) => {
    form.addEventListener("submit", (ev) => {
      if (!window.confirm(form.getAttribute("data-confirm"))) ev.preventDefault();
    });
  });
  // Tick or untick every row of a list at once.
  const tickAll = document.getElementById("tick-all");
  if (tickAll) {
    tickAll.addEventListener("change", () => {
      tickAll.closest("table").querySelectorAll("tbody input[type=checkbox]").forEach((box) => {
        box.checked = tickAll.checked;
      });
    });
  }
});
