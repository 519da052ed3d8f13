/* The drill form shows the organiser fields that fit the chosen organiser (a unit, a department, other). */
(function () {
  var box = document.querySelector("[data-owner-box]");
  if (!box || box.dataset.ready) return;
  box.dataset.ready = "1";
  var owner = box.querySelector("[name=owner]");
  function update() {
    var v = owner.value || "";
    var kind = v === "unit" ? "unit" : (v.charAt(0) === "d" ? "department" : "other");
    box.querySelectorAll("[data-when-owner]").forEach(function (el) {
      var on = el.dataset.whenOwner === kind;
      el.hidden = !on;
      el.querySelectorAll("select").forEach(function (s) { s.disabled = !on; });
    });
  }
  owner.addEventListener("change", update);
  update();
})();
