/* The work-log form shows the fields its kind uses. */
(function () {
  // Show the fields a kind uses; hidden ones are disabled so that they are not sent (the server decides anyway).
  var form = document.querySelector("form[data-worklog-form]");
  if (!form || form.dataset.ready) return;
  form.dataset.ready = "1";
  var cfg = JSON.parse(document.getElementById("worklog-kind-fields").textContent);
  var kind = form.elements["kind"];
  var note = form.querySelector("[data-kind-note]");
  function update() {
    var k = kind.value;
    form.querySelectorAll("[data-for-kinds]").forEach(function (box) {
      var on = cfg[box.dataset.forKinds].indexOf(k) !== -1;
      box.hidden = !on;
      box.querySelectorAll("input, select, textarea, button").forEach(function (el) { el.disabled = !on; });
    });
    var mark = form.querySelector(".required-mark[data-field=people]");
    if (!mark) {
      var label = form.querySelector("label[for=id_people]");
      if (label) { mark = document.createElement("span"); mark.className = "text-danger required-mark"; mark.dataset.field = "people"; mark.textContent = " *"; label.appendChild(mark); }
    }
    if (mark) mark.hidden = cfg.people_required.indexOf(k) === -1;
    note.textContent = cfg.notes[k] || "";
  }
  kind.addEventListener("change", update);
  update();
})();
