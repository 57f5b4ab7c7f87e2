// Small behaviours shared by every page; htmx does the rest.
document.addEventListener("htmx:responseError", (event) => {
  const box = document.getElementById("flashes");
  if (!box) return;
  const p = document.createElement("p");
  p.className = "flash flash-error";
  p.setAttribute("role", "alert");
  p.textContent = document.documentElement.lang.startsWith("zh")
    ? "操作未完成（" + event.detail.xhr.status + "），请刷新后重试。"
    : "The action did not complete (" + event.detail.xhr.status + "). Reload and try again.";
  box.replaceChildren(p);
});

// Countdowns in the page's language; Chinese is worded like the server's sla_minutes
// ("3 小时 28 分钟", "5 天 13 小时"), English stays short ("3h 28m", "5d 13h").
const CHINESE = document.documentElement.lang.startsWith("zh");

function countdownText(abs) {
  const hours = Math.floor(abs / 3600);
  const minutes = Math.floor((abs % 3600) / 60);
  if (hours >= 24) {
    return CHINESE ? Math.floor(hours / 24) + " 天 " + (hours % 24) + " 小时"
      : Math.floor(hours / 24) + "d " + (hours % 24) + "h";
  }
  if (hours > 0) {
    return CHINESE ? hours + " 小时 " + minutes + " 分钟"
      : hours + "h " + String(minutes).padStart(2, "0") + "m";
  }
  return String(Math.floor(abs / 60)).padStart(2, "0") + ":" + String(abs % 60).padStart(2, "0");
}

// Elapsed-time displays: <span data-since="ISO"> counts up every second (phone intake timer).
setInterval(() => {
  document.querySelectorAll("[data-since]").forEach((el) => {
    const seconds = Math.max(0, Math.floor((Date.now() - Date.parse(el.dataset.since)) / 1000));
    el.textContent = String(Math.floor(seconds / 60)).padStart(2, "0") + ":" + String(seconds % 60).padStart(2, "0");
  });
  document.querySelectorAll("[data-until]").forEach((el) => {
    const seconds = Math.floor((Date.parse(el.dataset.until) - Date.now()) / 1000);
    const text = countdownText(Math.abs(seconds));
    el.textContent = seconds < 0 ? "−" + text : text;
    el.classList.toggle("overdue", seconds < 0);
  });
  // SLA countdowns: service seconds left, counted down only while the clock's service hours
  // last (data-counts-for); the server's sentence says when it is paused and why.
  document.querySelectorAll("[data-left]").forEach((el) => {
    if (!el.dataset.shownAt) el.dataset.shownAt = String(Date.now());
    const gone = Math.floor((Date.now() - Number(el.dataset.shownAt)) / 1000);
    const left = Number(el.dataset.left) - Math.min(gone, Number(el.dataset.countsFor || 0));
    el.textContent = (left < 0 && Number(el.dataset.left) >= 0 ? "−" : "") + countdownText(Math.abs(left));
    el.classList.toggle("overdue", left < 0);
  });
}, 1000);

// Phone intake: choosing a caller fills the hidden field and loads their devices.
document.addEventListener("click", (event) => {
  const button = event.target.closest("[data-choose-caller]");
  if (!button) return;
  const form = button.closest("form");
  form.querySelector("#requester_id").value = button.dataset.chooseCaller;
  form.querySelector("#caller-chosen").textContent = button.dataset.callerName;
  document.getElementById("callers").replaceChildren();
  htmx.ajax("GET", form.dataset.devicesUrl + "?requester_id=" + button.dataset.chooseCaller,
    { target: "#asset_tags", swap: "innerHTML" });
});

// A canned response or an article link chosen beside a reply lands in that form's text box
// (the server answers with an HX-Trigger "deskpact:insert" carrying the text).
document.addEventListener("deskpact:insert", (event) => {
  const form = event.target.closest ? event.target.closest("form") : null;
  const box = (form || document).querySelector("textarea");
  if (!box) return;
  const text = event.detail.text;
  const at = box.selectionStart ?? box.value.length;
  const before = box.value.slice(0, at);
  const gap = before && !before.endsWith("\n") ? "\n" : "";
  box.value = before + gap + text + box.value.slice(at);
  box.focus();
});
