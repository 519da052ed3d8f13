/* What every field page does: keep the service worker, the bundle of units and checklists and the queue
   indicator up to date, and send the queue when there is a signal (on load, when the connection returns, on
   立即发送). Each page script then adds its own part through AnjianField. */
(function () {
  "use strict";
  var body = document.body;
  var T = JSON.parse(document.getElementById("field-texts").textContent);
  var changeListeners = [];
  var bundleListeners = [];

  function fmt(text, values) {
    return text.replace(/%\((\w+)\)s/g, function (m, k) { return values[k]; });
  }

  function uuid() {
    if (crypto.randomUUID) return crypto.randomUUID();
    var b = crypto.getRandomValues(new Uint8Array(16)); // plain HTTP on a local network has no randomUUID
    b[6] = (b[6] & 0x0f) | 0x40;
    b[8] = (b[8] & 0x3f) | 0x80;
    var h = Array.prototype.map.call(b, function (x) { return (x + 256).toString(16).slice(1); }).join("");
    return h.slice(0, 8) + "-" + h.slice(8, 12) + "-" + h.slice(12, 16) + "-" + h.slice(16, 20) + "-" + h.slice(20);
  }

  function el(tag, attrs, text) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) { node.setAttribute(k, attrs[k]); });
    if (text !== undefined) node.textContent = text;
    return node;
  }

  var F = (window.AnjianField = {
    T: T, fmt: fmt, uuid: uuid, el: el, bundle: null, username: body.dataset.username,
    onChange: function (fn) { changeListeners.push(fn); },
    onBundle: function (fn) { bundleListeners.push(fn); if (F.bundle) fn(F.bundle); },
  });

  function showNet() {
    var net = document.getElementById("net-state");
    net.textContent = navigator.onLine ? T.online : T.offline;
    net.className = navigator.onLine ? "net on" : "net off";
  }

  F.refresh = function () {
    return AnjianStore.entries().then(function (entries) {
      var waiting = entries.filter(function (e) { return e.state === "waiting"; }).length;
      var refused = entries.length - waiting;
      var count = document.getElementById("queue-count");
      count.dataset.waiting = waiting;
      count.dataset.refused = refused;
      count.textContent = entries.length
        ? fmt(T.waiting, { n: waiting }) + (refused ? " · " + fmt(T.refused, { n: refused }) : "")
        : T.all_sent;
      document.getElementById("queue-bar").className = "queue-bar" + (refused ? " refused" : waiting ? " waiting" : "");
      changeListeners.forEach(function (fn) { fn(entries); });
      return entries;
    });
  };

  var running = null;
  F.sync = function () {
    if (!navigator.onLine) return F.refresh();
    if (running) return running;
    document.getElementById("queue-count").textContent = T.sending;
    running = AnjianSync.run().then(function (result) {
      body.dataset.lastSync = JSON.stringify(result);
      return result;
    }, function () {}).then(function (result) {
      running = null;
      return F.refresh().then(function () { return result; });
    });
    return running;
  };

  /* After a record is queued or edited: Background Sync where the browser has it, and an attempt now. */
  F.queued = function () {
    if (navigator.serviceWorker && navigator.serviceWorker.ready) {
      navigator.serviceWorker.ready.then(function (reg) {
        if (reg.sync) return reg.sync.register(AnjianSync.TAG);
      }).catch(function () {});
    }
    return F.sync();
  };

  F.loadBundle = function () {
    return AnjianStore.get("bundle").then(function (kept) {
      if (kept) { F.bundle = kept; bundleListeners.forEach(function (fn) { fn(kept); }); }
      if (!navigator.onLine) return;
      return fetch(body.dataset.bundle, { credentials: "same-origin", headers: { Accept: "application/json" } })
        .then(function (r) { return r.ok ? r.json() : null; })
        .then(function (fresh) {
          if (!fresh || !fresh.units) return;
          F.bundle = fresh;
          bundleListeners.forEach(function (fn) { fn(fresh); });
          return AnjianStore.set("bundle", fresh);
        })
        .catch(function () {});
    });
  };

  var token = document.cookie.match(/(?:^|;\s*)csrftoken=([^;]+)/);
  if (token) AnjianStore.set("csrf", decodeURIComponent(token[1])); // for the service worker's Background Sync

  if ("serviceWorker" in navigator) {
    navigator.serviceWorker.register(body.dataset.sw, { scope: "/" }).catch(function () {});
    navigator.serviceWorker.addEventListener("message", function (e) {
      if (e.data && e.data.type === "anjian-field-queue") F.refresh();
    });
  }
  window.addEventListener("online", function () { showNet(); F.sync(); F.loadBundle(); });
  window.addEventListener("offline", showNet);
  document.getElementById("send-now").addEventListener("click", function () { F.sync(); });

  showNet();
  F.ready = F.loadBundle().then(F.sync);
})();
