/* The field app's IndexedDB (through the vendored idb): the bundle of units and checklists, the queue of records
   waiting to be sent, and their photos. Loaded by the pages and by the service worker. */
(function (root) {
  "use strict";
  var NAME = "anjian-field";
  var opened = null;

  function db() {
    if (!opened) {
      opened = root.idb.openDB(NAME, 1, {
        upgrade: function (d) {
          d.createObjectStore("kv");
          d.createObjectStore("queue", { keyPath: "uuid" });
          d.createObjectStore("photos", { keyPath: "uuid" });
        },
      });
    }
    return opened;
  }

  function byCreated(a, b) { return a.created_at < b.created_at ? -1 : a.created_at > b.created_at ? 1 : 0; }

  root.AnjianStore = {
    NAME: NAME,
    get: function (key) { return db().then(function (d) { return d.get("kv", key); }); },
    set: function (key, value) { return db().then(function (d) { return d.put("kv", value, key); }); },
    entries: function () {
      return db().then(function (d) { return d.getAll("queue"); }).then(function (all) { return all.sort(byCreated); });
    },
    entry: function (uuid) { return db().then(function (d) { return d.get("queue", uuid); }); },
    saveEntry: function (entry) { return db().then(function (d) { return d.put("queue", entry); }); },
    /* A new record and its photos in one transaction: either all are kept or none. */
    addEntry: function (entry, photos) {
      return db().then(function (d) {
        var tx = d.transaction(["queue", "photos"], "readwrite");
        photos.forEach(function (p) { tx.objectStore("photos").put(p); });
        tx.objectStore("queue").put(entry);
        return tx.done;
      });
    },
    photo: function (uuid) { return db().then(function (d) { return d.get("photos", uuid); }); },
    /* Take a record off the phone (sent, or discarded by its author) with its photos. */
    removeEntry: function (entry) {
      return db().then(function (d) {
        var tx = d.transaction(["queue", "photos"], "readwrite");
        (entry.photo_ids || []).forEach(function (id) { tx.objectStore("photos").delete(id); });
        tx.objectStore("queue").delete(entry.uuid);
        return tx.done;
      });
    },
  };
})(self);
