/* Zone editor of the four-colour map: draw polygons on the site plan (SVG overlay), pick each zone's risk
   point, drag corners to edit, delete; the zones go back with an ordinary form POST as JSON.
   Coordinates are fractions (0–1) of the plan's width and height. Mouse, pen and touch (pointer events).
   No libraries. The page provides #zone-editor-data (json_script) and the markup in risk/pages/package.html. */
(function () {
  "use strict";
  var root = document.querySelector(".zone-editor");
  var dataEl = document.getElementById("zone-editor-data");
  if (!root || !dataEl) return;
  var cfg = JSON.parse(dataEl.textContent);
  var t = cfg.i18n || {};
  var NS = "http://www.w3.org/2000/svg";
  var svg = root.querySelector("svg");
  var list = root.querySelector(".zone-list");
  var form = root.querySelector("form.zone-form");
  var status = root.querySelector(".zone-status");
  var zones = (cfg.zones || []).map(function (z) {
    return { points: z.points, risk_point: z.risk_point || null, label: z.label || "" };
  });
  var points = {};
  (cfg.points || []).forEach(function (p) { points[p.id] = p; });
  var readonly = !!cfg.readonly;
  var drawing = null; // the points of the zone being drawn
  var selected = -1;
  var drag = null; // {zone, index}

  function colour(zone) {
    var p = points[zone.risk_point];
    return (p && p.level && cfg.colours[p.level]) || "#6c757d";
  }
  function el(name, attrs) {
    var node = document.createElementNS(NS, name);
    Object.keys(attrs).forEach(function (k) { node.setAttribute(k, attrs[k]); });
    return node;
  }
  function pos(evt) {
    var box = svg.getBoundingClientRect();
    var x = (evt.clientX - box.left) / box.width, y = (evt.clientY - box.top) / box.height;
    return [Math.min(1, Math.max(0, Math.round(x * 10000) / 10000)), Math.min(1, Math.max(0, Math.round(y * 10000) / 10000))];
  }
  function pathOf(pts) { return pts.map(function (p) { return p[0] + "," + p[1]; }).join(" "); }
  function setStatus(text) { if (status) status.textContent = text || ""; }

  function draw() {
    while (svg.firstChild) svg.removeChild(svg.firstChild);
    var r = 0.012;
    zones.forEach(function (zone, i) {
      var poly = el("polygon", {
        points: pathOf(zone.points), fill: colour(zone), "fill-opacity": i === selected ? 0.6 : 0.45,
        stroke: i === selected ? "#000" : "#333", "stroke-width": i === selected ? 0.004 : 0.002,
        "vector-effect": "non-scaling-stroke", "data-zone": i, class: "zone"
      });
      svg.appendChild(poly);
      var c = centre(zone.points);
      var label = el("text", { x: c[0], y: c[1], "font-size": 0.03, "text-anchor": "middle", "dominant-baseline": "middle", fill: "#000", "pointer-events": "none" });
      label.textContent = String(i + 1);
      svg.appendChild(label);
      if (i === selected) {
        zone.points.forEach(function (p, k) {
          svg.appendChild(el("circle", { cx: p[0], cy: p[1], r: r, fill: "#fff", stroke: "#000", "stroke-width": 0.003, "data-zone": i, "data-vertex": k, class: "vertex" }));
        });
      }
    });
    if (drawing && drawing.length) {
      svg.appendChild(el("polyline", { points: pathOf(drawing), fill: "none", stroke: "#0b4ea2", "stroke-width": 0.005, "stroke-dasharray": "0.01 0.006" }));
      drawing.forEach(function (p, k) {
        svg.appendChild(el("circle", { cx: p[0], cy: p[1], r: k === 0 ? r * 1.4 : r * 0.8, fill: k === 0 ? "#ffc107" : "#0b4ea2", stroke: "#000", "stroke-width": 0.002 }));
      });
    }
    svg.style.touchAction = drawing || selected >= 0 ? "none" : "pan-y pinch-zoom";
    root.classList.toggle("is-drawing", !!drawing);
  }
  function centre(pts) {
    var x = 0, y = 0;
    pts.forEach(function (p) { x += p[0]; y += p[1]; });
    return [x / pts.length, y / pts.length];
  }

  function renderList() {
    list.innerHTML = "";
    zones.forEach(function (zone, i) {
      var row = document.createElement("div");
      row.className = "zone-row border rounded p-2 mb-2" + (i === selected ? " border-primary" : "");
      var head = document.createElement("div");
      head.className = "d-flex align-items-center gap-2 mb-1";
      var sw = document.createElement("span");
      sw.className = "risk-swatch";
      sw.style.background = colour(zone);
      var title = document.createElement("button");
      title.type = "button";
      title.className = "btn btn-link p-0 fw-semibold text-decoration-none";
      title.textContent = (t.zone || "Zone") + " " + (i + 1);
      title.addEventListener("click", function () { select(i); });
      var del = document.createElement("button");
      del.type = "button";
      del.className = "btn btn-sm btn-outline-danger ms-auto zone-delete";
      del.textContent = t["delete"] || "Delete";
      del.addEventListener("click", function () {
        zones.splice(i, 1);
        selected = -1;
        refresh();
      });
      head.append(sw, title);
      if (!readonly) head.append(del);
      var pick = document.createElement("select");
      pick.className = "form-select form-select-sm mb-1 zone-point";
      pick.setAttribute("aria-label", t.point || "Risk point");
      pick.add(new Option(t.no_point || "—", ""));
      (cfg.points || []).forEach(function (p) { pick.add(new Option(p.name + (p.level_label ? " · " + p.level_label : ""), String(p.id))); });
      pick.value = zone.risk_point ? String(zone.risk_point) : "";
      pick.addEventListener("change", function () {
        zone.risk_point = pick.value ? parseInt(pick.value, 10) : null;
        refresh();
      });
      var label = document.createElement("input");
      label.type = "text";
      label.maxLength = 60;
      label.className = "form-control form-control-sm zone-label";
      label.placeholder = t.label || "Label";
      label.value = zone.label;
      label.addEventListener("input", function () { zone.label = label.value; });
      pick.disabled = label.disabled = readonly;
      row.append(head, pick, label);
      list.appendChild(row);
    });
    if (!zones.length) {
      var empty = document.createElement("p");
      empty.className = "text-body-secondary small mb-0";
      empty.textContent = t.empty || "";
      list.appendChild(empty);
    }
  }
  function refresh() { draw(); renderList(); }
  function select(i) { selected = i; refresh(); }

  function finish() {
    if (!drawing) return;
    if (drawing.length < 3) { setStatus(t.need_three || ""); return; }
    zones.push({ points: drawing, risk_point: null, label: "" });
    drawing = null;
    selected = zones.length - 1;
    setStatus(t.pick_point || "");
    refresh();
  }

  svg.addEventListener("pointerdown", function (evt) {
    if (readonly) return;
    var p = pos(evt);
    if (drawing) {
      evt.preventDefault();
      var first = drawing[0];
      if (drawing.length >= 3 && Math.abs(first[0] - p[0]) < 0.02 && Math.abs(first[1] - p[1]) < 0.02) { finish(); return; }
      drawing.push(p);
      draw();
      return;
    }
    var target = evt.target;
    if (target.dataset && target.dataset.vertex !== undefined) {
      evt.preventDefault();
      drag = { zone: parseInt(target.dataset.zone, 10), index: parseInt(target.dataset.vertex, 10) };
      svg.setPointerCapture(evt.pointerId);
      return;
    }
    if (target.dataset && target.dataset.zone !== undefined) { select(parseInt(target.dataset.zone, 10)); return; }
    if (selected >= 0) select(-1);
  });
  svg.addEventListener("pointermove", function (evt) {
    if (!drag) return;
    evt.preventDefault();
    zones[drag.zone].points[drag.index] = pos(evt);
    draw();
  });
  function endDrag() { if (drag) { drag = null; renderList(); } }
  svg.addEventListener("pointerup", endDrag);
  svg.addEventListener("pointercancel", endDrag);
  svg.addEventListener("dblclick", function (evt) { if (drawing) { evt.preventDefault(); drawing.pop(); finish(); } });

  function on(action, handler) {
    var button = root.querySelector("[data-zone-action=" + action + "]");
    if (button) button.addEventListener("click", handler);
  }
  on("new", function () {
    drawing = [];
    selected = -1;
    setStatus(t.drawing || "");
    refresh();
  });
  on("finish", finish);
  on("undo", function () {
    if (drawing && drawing.length) { drawing.pop(); draw(); }
  });
  on("cancel", function () {
    drawing = null;
    setStatus("");
    draw();
  });
  form.addEventListener("submit", function () {
    if (drawing && drawing.length >= 3) finish();
    form.elements.zones.value = JSON.stringify(zones.map(function (z) {
      return { points: z.points, risk_point: z.risk_point, label: z.label.trim() };
    }));
  });
  refresh();
})();
