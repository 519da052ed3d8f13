/* The assessment form previews the score and level as the assessor picks L, E, C (or L, S) — the server decides. */
(function () {
  var form = document.querySelector("form[data-preview=assess]");
  var cfg = JSON.parse(document.getElementById("assess-preview-data").textContent);
  if (!form || form.dataset.ready) return;
  form.dataset.ready = "1";
  var box = form.querySelector(".assess-preview");
  function val(name) { var el = form.elements[name]; return el && el.value !== "" ? parseFloat(el.value) : null; }
  function method() { var m = form.querySelector("input[name=method]:checked"); return m ? m.value : "LEC"; }
  function update() {
    var m = method();
    form.querySelectorAll(".method-fields").forEach(function (el) { el.hidden = el.dataset.method !== m; });
    var score = null, level = null;
    if (m === "LEC" && val("l") !== null && val("e") !== null && val("c") !== null) {
      score = Math.round(val("l") * val("e") * val("c") * 100) / 100;
      level = "blue";
      for (var i = 0; i < cfg.lec_bands.length; i++) {
        var t = cfg.lec_bands[i][0];
        if (score > t || (cfg.lec_boundary === "lower" && score === t)) { level = cfg.lec_bands[i][1]; break; }
      }
    } else if (m === "LS" && val("ls_l") !== null && val("s") !== null) {
      score = val("ls_l") * val("s");
      var orangeFrom = cfg.ls_variant === "nine_general" ? 10 : 9;
      level = score >= 20 ? "red" : score >= orangeFrom ? "orange" : score >= 4 ? "yellow" : "blue";
    }
    box.hidden = score === null;
    if (score === null) return;
    box.querySelector(".preview-score").textContent = score;
    var badge = box.querySelector(".preview-level");
    badge.textContent = cfg.names[level];
    badge.className = "badge risk-level preview-level risk-level-" + level;
  }
  form.addEventListener("change", update);
  update();
})();

