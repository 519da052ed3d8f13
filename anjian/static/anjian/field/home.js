/* The field home: the records on this phone (waiting, or refused with the server's reasons: edit, send again or
   discard), and the user's units from the bundle, each with its hazard and inspection links. */
(function () {
  "use strict";
  var F = window.AnjianField, T = F.T;
  var list = document.getElementById("unit-list");
  var filter = document.getElementById("unit-filter");
  var L = list.dataset;

  function link(href, text, cls) { var a = F.el("a", { href: href, class: cls || "btn" }, text); return a; }

  function showUnits(bundle) {
    var q = filter.value.trim();
    list.textContent = "";
    bundle.units.forEach(function (u) {
      if (q && u.name.indexOf(q) < 0) return;
      var li = F.el("li", { class: "card", "data-unit": u.id });
      li.appendChild(F.el("strong", {}, u.name));
      li.appendChild(F.el("div", { class: "muted" }, [u.sector_name, u.town, u.grid, u.address].filter(Boolean).join(" · ")));
      var actions = F.el("div", { class: "actions" });
      actions.appendChild(link(L.hazard + "?unit=" + u.id, L.labelHazard));
      actions.appendChild(link(L.inspection.replace(/0\/$/, u.id + "/"), L.labelInspection));
      li.appendChild(actions);
      list.appendChild(li);
    });
    var when = new Date(bundle.generated_at);
    document.getElementById("bundle-state").textContent = F.fmt(T.bundle_at, { when: when.toLocaleString("zh-CN") });
  }

  function button(text, onClick, cls) {
    var b = F.el("button", { type: "button", class: cls || "btn" }, text);
    b.addEventListener("click", onClick);
    return b;
  }

  function showQueue(entries) {
    var box = document.getElementById("queue-list");
    document.getElementById("queue").hidden = !entries.length;
    box.textContent = "";
    entries.forEach(function (entry) {
      var refused = entry.state === "refused";
      var li = F.el("li", { class: "card entry " + entry.state, "data-uuid": entry.uuid });
      li.appendChild(F.el("span", { class: "badge" }, entry.kind === "inspection" ? T.inspection : T.hazard));
      li.appendChild(F.el("strong", {}, " " + entry.label));
      li.appendChild(F.el("div", { class: "muted" }, (refused ? L.labelRefused : L.labelWaiting) + " · " +
        new Date(entry.created_at).toLocaleString("zh-CN")));
      if (refused) {
        var reasons = F.el("ul", { class: "reasons" });
        (entry.reasons || []).forEach(function (r) { reasons.appendChild(F.el("li", {}, r)); });
        li.appendChild(reasons);
        var actions = F.el("div", { class: "actions" });
        if (entry.kind === "hazard" && !(entry.done && entry.done.record)) {
          actions.appendChild(link(L.hazard + "?edit=" + entry.uuid, L.labelEdit));
        }
        actions.appendChild(button(L.labelResend, function () {
          entry.state = "waiting";
          entry.errors = entry.reasons = null;
          AnjianStore.saveEntry(entry).then(F.queued);
        }));
        actions.appendChild(button(L.labelDiscard, function () {
          if (window.confirm(T.discard_confirm)) AnjianStore.removeEntry(entry).then(F.refresh);
        }, "btn danger"));
        li.appendChild(actions);
      }
      box.appendChild(li);
    });
  }

  filter.addEventListener("input", function () { if (F.bundle) showUnits(F.bundle); });
  F.onBundle(showUnits);
  F.onChange(showQueue);
  AnjianStore.get("bundle").then(function (b) {
    if (!b) document.getElementById("bundle-state").textContent = T.no_bundle;
  });
})();
