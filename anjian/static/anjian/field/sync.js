/* Sends the queue: each record with its client UUID (a replay finds the record already made), each photo in
   parts of 256 KB that resume where the server's copy stops. A refusal (400/403/404/409) is kept on the record
   with the server's reasons for its author to edit or discard; a cut connection leaves it waiting.
   Loaded by the pages and by the service worker (Background Sync). */
(function (root) {
  "use strict";
  var PART = 256 * 1024;
  var API = "/api/v1/";

  function Offline(message) { this.message = message; }
  function Refused(status, body) { this.status = status; this.body = body; }

  function csrf() {
    var m = root.document && root.document.cookie.match(/(?:^|;\s*)csrftoken=([^;]+)/);
    if (m) return Promise.resolve(decodeURIComponent(m[1]));
    return root.AnjianStore.get("csrf"); // in the service worker: the token the last page left
  }

  function request(method, path, body, headers) {
    return csrf().then(function (token) {
      var h = Object.assign({ "X-CSRFToken": token || "", Accept: "application/json" }, headers || {});
      if (body !== undefined && !(body instanceof Blob)) {
        h["Content-Type"] = "application/json";
        body = JSON.stringify(body);
      }
      return fetch(API + path, { method: method, headers: h, body: body, credentials: "same-origin" });
    }).catch(function (e) { throw new Offline(String(e)); }).then(function (r) {
      return r.json().catch(function () { return {}; }).then(function (data) {
        if (r.ok) return data;
        if (r.status === 409 && data && typeof data.received === "number") return { conflict: true, received: data.received };
        if (r.status >= 400 && r.status < 500 && r.status !== 408 && r.status !== 429) throw new Refused(r.status, data);
        throw new Offline("HTTP " + r.status); // the server is down or busy: try again later
      });
    });
  }

  function save(entry) { return root.AnjianStore.saveEntry(entry); }

  /* One photo: its upload (made once, known by the photo's UUID), the missing parts, then attached to `target`. */
  function sendPhoto(entry, photoId, attachPath, attachBody, attempt) {
    var done = entry.done.uploads[photoId] || (entry.done.uploads[photoId] = {});
    return root.AnjianStore.photo(photoId).then(function (photo) {
      var size = photo.blob.size;
      var start = done.id
        ? request("GET", "field/uploads/" + done.id + "/")
        : request("POST", "field/uploads/", {
            client_uuid: photoId, filename: photo.name, size: size, content_type: photo.blob.type || "image/jpeg",
          }).then(function (r) { done.id = r.id; return r; });
      function next(state) {
        done.received = state.received;
        if (done.received >= size) return save(entry);
        var end = Math.min(done.received + PART, size);
        return save(entry).then(function () {
          return request("PUT", "field/uploads/" + done.id + "/", photo.blob.slice(done.received, end), {
            "Content-Type": "application/octet-stream",
            "Content-Range": "bytes " + done.received + "-" + (end - 1) + "/" + size,
          });
        }).then(next);
      }
      return start.then(next);
    }).then(function () {
      if (done.attached) return;
      return request("POST", attachPath, Object.assign({ upload: done.id }, attachBody || {})).then(function (r) {
        if (r && r.conflict) { // the server lacks bytes of it: send them, then attach again
          if ((attempt || 0) > 2) throw new Offline("upload incomplete");
          return sendPhoto(entry, photoId, attachPath, attachBody, (attempt || 0) + 1);
        }
        done.attached = true;
        done.result = r && r.id;
        return save(entry);
      });
    });
  }

  function inSequence(items, step) {
    return items.reduce(function (p, item) { return p.then(function () { return step(item); }); }, Promise.resolve());
  }

  function sendHazard(entry) {
    var made = entry.done.record
      ? Promise.resolve()
      : request("POST", "hazards/", Object.assign({}, entry.payload, {
          client_uuid: entry.uuid, captured_at: entry.captured_at,
        })).then(function (r) { entry.done.record = r.id; return save(entry); });
    return made.then(function () {
      return inSequence(entry.photo_ids, function (id) {
        return sendPhoto(entry, id, "hazards/" + entry.done.record + "/photos/");
      });
    });
  }

  function sendInspection(entry) {
    var made = entry.done.record
      ? Promise.resolve()
      : request("POST", "inspections/", Object.assign({}, entry.payload, {
          client_uuid: entry.uuid, captured_at: entry.captured_at,
        })).then(function (r) { entry.done.record = r.id; return save(entry); });
    var results = "inspections/";
    return made.then(function () {
      results += entry.done.record + "/results/";
      return inSequence(entry.results, function (res) {
        if (entry.done.results[res.uuid]) return;
        var body = { client_uuid: res.uuid, result: res.result, item: res.item, note: res.note || "" };
        var photo = (res.photo_ids || [])[0];
        var sent = photo
          ? sendPhoto(entry, photo, results, body)
          : request("POST", results, body);
        return sent.then(function () { entry.done.results[res.uuid] = true; return save(entry); });
      });
    });
  }

  function sendEntry(entry) {
    entry.done = entry.done || { uploads: {}, results: {} };
    var send = entry.kind === "inspection" ? sendInspection : sendHazard;
    return send(entry).then(function () { return root.AnjianStore.removeEntry(entry); });
  }

  /* The server's messages (in the user's language), without the field names they are filed under. */
  function reasons(body) {
    if (!body || typeof body !== "object") return [String(body)];
    var out = [];
    (function walk(v) {
      if (Array.isArray(v)) v.forEach(walk);
      else if (v && typeof v === "object") Object.keys(v).forEach(function (k) { walk(v[k]); });
      else if (v !== null && v !== undefined) out.push(String(v));
    })(body);
    return out;
  }

  function runOnce() {
    var result = { sent: 0, refused: 0, offline: false };
    return root.AnjianStore.entries().then(function (entries) {
      var waiting = entries.filter(function (e) { return e.state === "waiting"; });
      return inSequence(waiting, function (entry) {
        if (result.offline) return;
        return sendEntry(entry).then(function () { result.sent += 1; }, function (e) {
          if (e instanceof Refused) {
            entry.state = "refused";
            entry.status = e.status;
            entry.errors = e.body;
            entry.reasons = reasons(e.body);
            result.refused += 1;
            return save(entry);
          }
          result.offline = true; // a cut connection (or a bug): the record stays waiting, as it was saved
          if (!(e instanceof Offline) && root.console) root.console.error(e);
        });
      });
    }).then(function () { return result; });
  }

  /* One sender at a time across the pages and the service worker. */
  function run() {
    if (root.navigator && root.navigator.locks) {
      return root.navigator.locks.request("anjian-field-sync", runOnce);
    }
    return runOnce();
  }

  root.AnjianSync = { TAG: "anjian-field-queue", run: run, PART: PART };
})(self);
