/* Hazard capture on a phone: fill the hidden latitude/longitude from the browser when it allows. No libraries. */
(function () {
  "use strict";
  var lat = document.getElementById("id_latitude");
  var lng = document.getElementById("id_longitude");
  var status = document.getElementById("geo-status");
  if (!lat || !lng || !("geolocation" in navigator) || lat.value) return;
  navigator.geolocation.getCurrentPosition(
    function (pos) {
      lat.value = pos.coords.latitude.toFixed(6);
      lng.value = pos.coords.longitude.toFixed(6);
      if (status) status.textContent = status.dataset.ok + " (" + lat.value + ", " + lng.value + ")";
    },
    function () {
      if (status) status.textContent = status.dataset.denied;
    },
    { enableHighAccuracy: true, timeout: 15000, maximumAge: 60000 }
  );
})();
