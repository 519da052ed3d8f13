// The public report form (anjian/public): the position from the phone, and the name and phone shown only when the
// reporter chooses to report by name. Without JavaScript the form works as it is.
(function () {
  "use strict";
  var form = document.querySelector(".report-form");
  if (!form) return;
  var named = form.querySelector("[data-named]");
  function toggle() {
    var choice = form.querySelector("input[name=identity]:checked");
    if (named) named.hidden = !choice || choice.value !== "named";
  }
  form.addEventListener("change", function (event) {
    if (event.target.name === "identity") toggle();
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
