/* Signing out wipes the phone's copy (the server answers Clear-Site-Data): before that, a person with records
   not yet sent is asked, so that nothing is lost without their knowing. Raw IndexedDB: no library on every page. */
(function () {
  "use strict";
  var forms = document.querySelectorAll("form[data-logout]");
  if (!forms.length || !window.indexedDB || !indexedDB.databases) return;
  function pending(done) {
    indexedDB.databases().then(function (list) {
      if (!list.some(function (d) { return d.name === "anjian-field"; })) return done(0);
      var open = indexedDB.open("anjian-field");
      open.onerror = function () { done(0); };
      open.onsuccess = function () {
        var db = open.result;
        if (!db.objectStoreNames.contains("queue")) { db.close(); return done(0); }
        var count = db.transaction("queue").objectStore("queue").count();
        count.onsuccess = function () { db.close(); done(count.result); };
        count.onerror = function () { db.close(); done(0); };
      };
    }, function () { done(0); });
  }
  Array.prototype.forEach.call(forms, function (form) {
    form.addEventListener("submit", function (event) {
      if (form.dataset.confirmed) return;
      event.preventDefault();
      pending(function (n) {
        if (n && !window.confirm(form.dataset.logout.replace("%(n)s", n))) return;
        form.dataset.confirmed = "1";
        form.submit();
      });
    });
  });
})();
