/* Register a hazard on the phone, with or without a signal: the record and its photos are kept in the queue and
   sent by page.js. With ?edit=<uuid>, a record the server refused is corrected and sent again. */
(function () {
  "use strict";
  var F = window.AnjianField, T = F.T;
  var form = document.getElementById("capture");
  var unit = document.getElementById("f-unit");
  var query = document.getElementById("f-unit-q");
  var saved = document.getElementById("capture-saved");
  var errors = document.getElementById("capture-errors");
  var params = new URLSearchParams(location.search);
  var editing = null;
  var position = {};

  function fillUnits(bundle) {
    var q = query.value.trim();
    var keep = unit.value || params.get("unit") || (editing && String(editing.payload.unit)) || "";
    while (unit.options.length > 1) unit.remove(1);
    bundle.units.forEach(function (u) {
      if (q && u.name.indexOf(q) < 0 && String(u.id) !== keep) return;
      var o = F.el("option", { value: u.id }, u.name + (u.town ? " · " + u.town : ""));
      if (String(u.id) === keep) o.selected = true;
      unit.appendChild(o);
    });
  }

  function showErrors(fieldErrors, general) {
    form.querySelectorAll(".field-error").forEach(function (n) { n.textContent = fieldErrors[n.dataset.for] || ""; });
    errors.hidden = !general.length;
    errors.textContent = general.join(" ");
  }

  function check() {
    var missing = {};
    if (!unit.value) missing.unit = T.choose_unit;
    if (!form.description.value.trim()) missing.description = T.required;
    if (!form.source.value) missing.source = T.required;
    showErrors(missing, []);
    return !Object.keys(missing).length;
  }

  function payload() {
    var data = {
      unit: parseInt(unit.value, 10),
      description: form.description.value.trim(),
      source: form.source.value,
      location: form.location.value.trim(),
    };
    if (position.latitude) { data.latitude = position.latitude; data.longitude = position.longitude; }
    return data;
  }

  function label(data) {
    var u = (F.bundle && F.bundle.units || []).filter(function (x) { return x.id === data.unit; })[0];
    return (u ? u.name + " · " : "") + data.description.slice(0, 40);
  }

  function saveNew(photos) {
    var data = payload();
    var entry = {
      uuid: F.uuid(), kind: "hazard", state: "waiting", created_at: new Date().toISOString(),
      captured_at: new Date().toISOString(), payload: data, label: label(data),
      photo_ids: photos.map(function (p) { return p.uuid; }),
    };
    return AnjianStore.addEntry(entry, photos.map(function (p) {
      return { uuid: p.uuid, entry: entry.uuid, name: p.name, blob: p.blob };
    }));
  }

  function saveEdit(photos) {
    var entry = editing;
    var data = payload();
    var renamed = entry.errors && entry.errors.client_uuid; // the UUID was someone else's: a new one
    var old = Object.assign({}, entry, { photo_ids: [] });
    entry.payload = data;
    entry.label = label(data);
    entry.state = "waiting";
    entry.errors = entry.reasons = entry.status = null;
    if (renamed) { entry.uuid = F.uuid(); entry.done = null; }
    photos.forEach(function (p) { entry.photo_ids.push(p.uuid); });
    var records = photos.map(function (p) { return { uuid: p.uuid, entry: entry.uuid, name: p.name, blob: p.blob }; });
    return (renamed ? AnjianStore.removeEntry(old) : Promise.resolve()).then(function () {
      return AnjianStore.addEntry(entry, records);
    });
  }

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    if (!check()) return;
    var button = form.querySelector("[type=submit]");
    button.disabled = true;
    AnjianPhotos.shrinkAll(form.photos.files, form).then(function (photos) {
      return editing ? saveEdit(photos) : saveNew(photos);
    }).then(function () {
      saved.hidden = false;
      saved.textContent = T.saved;
      if (editing) { location.href = document.querySelector(".fbar .brand").href; return; }
      form.description.value = "";
      form.location.value = "";
      form.photos.value = "";
      document.getElementById("f-thumbs").textContent = "";
      return F.queued();
    }, function () {
      showErrors({}, [T.photo_failed]);
    }).then(function () { button.disabled = false; });
  });

  form.photos.addEventListener("change", function () {
    var thumbs = document.getElementById("f-thumbs");
    thumbs.textContent = "";
    Array.prototype.forEach.call(form.photos.files, function (f) {
      thumbs.appendChild(F.el("img", { src: URL.createObjectURL(f), alt: "" }));
    });
  });

  query.addEventListener("input", function () { if (F.bundle) fillUnits(F.bundle); });
  F.onBundle(fillUnits);

  if (params.get("edit")) {
    AnjianStore.entry(params.get("edit")).then(function (entry) {
      if (!entry) return;
      editing = entry;
      document.querySelector("main h1").textContent = form.dataset.editTitle;
      form.description.value = entry.payload.description;
      form.source.value = entry.payload.source;
      form.location.value = entry.payload.location || "";
      if (F.bundle) fillUnits(F.bundle);
      var fieldErrors = {}, general = [];
      Object.keys(entry.errors || {}).forEach(function (k) {
        var msg = [].concat(entry.errors[k]).join(" ");
        if (form.querySelector(".field-error[data-for='" + k + "']")) fieldErrors[k] = msg; else general.push(msg);
      });
      showErrors(fieldErrors, general);
    });
  }

  var geo = document.getElementById("geo-status");
  if ("geolocation" in navigator) {
    navigator.geolocation.getCurrentPosition(function (pos) {
      position = { latitude: pos.coords.latitude.toFixed(6), longitude: pos.coords.longitude.toFixed(6) };
      geo.textContent = position.latitude + ", " + position.longitude;
    }, function () {}, { enableHighAccuracy: true, timeout: 15000, maximumAge: 60000 });
  }
})();
