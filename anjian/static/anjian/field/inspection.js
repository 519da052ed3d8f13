/* An inspection visit on the phone: the unit from the address, its checklist from the bundle; each item passed,
   failed (with what is wrong and a photo) or not applicable. Kept in the queue and sent by page.js. */
(function () {
  "use strict";
  var F = window.AnjianField, T = F.T;
  var form = document.getElementById("visit");
  var items = document.getElementById("v-items");
  var checklist = document.getElementById("v-checklist");
  var unitId = parseInt((location.pathname.match(/\/inspection\/(\d+)\//) || [])[1], 10);
  var results = items.dataset.results.split("|").map(function (p) { return p.split("="); });
  var unit = null;
  document.getElementById("v-date").value = new Date().toISOString().slice(0, 10);

  function showItems(list) {
    items.textContent = "";
    (list ? list.items : []).forEach(function (item) {
      var li = F.el("li", { class: "item", "data-item": item.id });
      li.appendChild(F.el("div", { class: "item-text" }, item.text));
      var choices = F.el("div", { class: "choices" });
      results.forEach(function (r) {
        var label = F.el("label", { class: "choice" });
        var input = F.el("input", { type: "radio", name: "item-" + item.id, value: r[0] });
        label.appendChild(input);
        label.appendChild(document.createTextNode(" " + r[1]));
        choices.appendChild(label);
      });
      li.appendChild(choices);
      var failed = F.el("div", { class: "failed", hidden: "" });
      failed.appendChild(F.el("input", { class: "input note", placeholder: items.dataset.note, maxlength: "500" }));
      failed.appendChild(F.el("input", { class: "input photo", type: "file", accept: "image/*", capture: "environment",
        "aria-label": items.dataset.photo }));
      li.appendChild(failed);
      li.addEventListener("change", function () {
        var picked = li.querySelector("input[type=radio]:checked");
        failed.hidden = !(picked && picked.value === "fail");
      });
      items.appendChild(li);
    });
  }

  function onBundle(bundle) {
    unit = bundle.units.filter(function (u) { return u.id === unitId; })[0] || null;
    document.getElementById("visit-unit").textContent = unit ? unit.name : T.unknown_unit;
    var keep = checklist.value;
    checklist.textContent = "";
    // The unit's own sector's lists first, then the general ones every unit may be checked with.
    var fitting = bundle.checklists.filter(function (c) { return unit && c.sector_code === unit.sector_code; })
      .concat(bundle.checklists.filter(function (c) { return !c.sector_code; }));
    fitting.forEach(function (c) {
      var o = F.el("option", { value: c.id }, c.title);
      if (String(c.id) === keep) o.selected = true;
      checklist.appendChild(o);
    });
    showItems(current());
  }

  function current() {
    var id = parseInt(checklist.value, 10);
    return F.bundle && F.bundle.checklists.filter(function (c) { return c.id === id; })[0];
  }

  function collect() {
    return Array.prototype.map.call(items.querySelectorAll("li.item"), function (li) {
      var picked = li.querySelector("input[type=radio]:checked");
      if (!picked) return null;
      var fail = picked.value === "fail";
      return { li: li, item: parseInt(li.dataset.item, 10), result: picked.value,
        note: fail ? li.querySelector(".note").value.trim() : "", file: fail ? li.querySelector(".photo").files[0] : null };
    }).filter(Boolean);
  }

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    var chosen = collect();
    var errors = document.getElementById("visit-errors");
    errors.hidden = !!(unit && chosen.length);
    errors.textContent = unit ? T.required : T.unknown_unit;
    if (!unit || !chosen.length) return;
    var photos = [];
    Promise.all(chosen.map(function (c) {
      if (!c.file) return null;
      return AnjianPhotos.shrinkAll([c.file], form).then(function (p) { photos.push(p[0]); return p[0].uuid; });
    })).then(function (ids) {
      var now = new Date().toISOString();
      var partner = document.getElementById("v-partner").value.trim();
      var failedCount = chosen.filter(function (c) { return c.result === "fail"; }).length;
      var entry = {
        uuid: F.uuid(), kind: "inspection", state: "waiting", created_at: now, captured_at: now,
        label: unit.name + " · " + F.fmt(T.failed_items, { n: failedCount }),
        payload: {
          unit: unit.id, kind: document.getElementById("v-kind").value, visit_date: document.getElementById("v-date").value,
          inspectors: [F.username].concat(partner ? [partner] : []), checklist: parseInt(checklist.value, 10) || null,
          summary: document.getElementById("v-summary").value.trim(),
        },
        results: chosen.map(function (c, i) {
          return { uuid: F.uuid(), item: c.item, result: c.result, note: c.note, photo_ids: ids[i] ? [ids[i]] : [] };
        }),
        photo_ids: photos.map(function (p) { return p.uuid; }),
      };
      return AnjianStore.addEntry(entry, photos.map(function (p) {
        return { uuid: p.uuid, entry: entry.uuid, name: p.name, blob: p.blob };
      }));
    }).then(function () {
      var saved = document.getElementById("visit-saved");
      saved.hidden = false;
      saved.textContent = T.saved;
      form.reset();
      showItems(current());
      return F.queued();
    }, function () {
      errors.hidden = false;
      errors.textContent = T.photo_failed;
    });
  });

  checklist.addEventListener("change", function () { showItems(current()); });
  F.onBundle(onBundle);
})();
