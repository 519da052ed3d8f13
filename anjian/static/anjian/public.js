// The public report form (anjian/public): the position from the phone, the name and phone shown only when the
// reporter chooses to report by name, and (where the site serves several counties) the towns of the county chosen.
// Without JavaScript the form works as it is: sent with a county and no town, it comes back with that county's towns.
(function () {
  "use strict";
  var form = document.querySelector(".report-form");
  if (!form) return;
  var named = form.querySelector("[data-named]");
  function toggle() {
    var choice = form.querySelector("input[name=identity]:checked");
    if (named) named.hidden = !choice || choice.value !== "named";
  }
  var town = form.querySelector("select[name=town]");
  function loadTowns(county) {
    var url = county.getAttribute("data-towns");
    if (!url || !town) return;
    var first = new Option(county.getAttribute("data-choose-town") || "", "");
    town.disabled = true;
    fetch(url + "?county=" + encodeURIComponent(county.value), {headers: {Accept: "application/json"}})
      .then(function (response) { return response.ok ? response.json() : {towns: []}; })
      .then(function (data) {
        town.options.length = 0;
        town.add(first);
        (data.towns || []).forEach(function (pair) { town.add(new Option(pair[1], pair[0])); });
      })
      .catch(function () { /* the form still goes: it comes back with the county's towns */ })
      .then(function () { town.disabled = false; });
  }
  form.addEventListener("change", function (event) {
    if (event.target.name === "identity") toggle();
    if (event.target.name === "county") loadTowns(event.target);
  });
  toggle();
  var locate = form.querySelector("[data-locate]");
  if (locate && navigator.geolocation) {
    var status = form.querySelector("[data-locate-status]");
    locate.parentNode.hidden = false;
    locate.addEventListener("click", function () {
      status.textContent = locate.getAttribute("data-wait") || "…";
      navigator.geolocation.getCurrentPosition(function (position) {
        form.querySelector("input[name=latitude]").value = position.coords.latitude.toFixed(6);
        form.querySelector("input[name=longitude]").value = position.coords.longitude.toFixed(6);
        status.textContent = position.coords.latitude.toFixed(5) + ", " + position.coords.longitude.toFixed(5) + " ✓";
      }, function () {
        status.textContent = locate.getAttribute("data-failed") || "✗";
      }, {enableHighAccuracy: true, timeout: 15000, maximumAge: 60000});
    });
  }
})();
