// The attempt's countdown: the server decides the deadline; this only shows the time left.
(function () {
  var clock = document.querySelector("[data-seconds-left]");
  if (!clock) return;
  var left = parseInt(clock.getAttribute("data-seconds-left"), 10);
  var ends = Date.now() + left * 1000;
  function tick() {
    var s = Math.max(0, Math.round((ends - Date.now()) / 1000));
    var h = Math.floor(s / 3600), m = Math.floor((s % 3600) / 60), sec = s % 60;
    clock.textContent = (h ? h + ":" : "") + String(m).padStart(2, "0") + ":" + String(sec).padStart(2, "0");
    if (s <= 0) { clock.classList.add("text-danger"); return; }
    setTimeout(tick, 1000);
  }
  tick();
})();
