/* Signature pad: the unit's representative signs by hand on the inspector's screen (finger, stylus or
   mouse, through pointer events). On submit the drawing goes as a PNG data: URL in the form's hidden
   "signature" field; an empty pad is not submitted. Our own code, no libraries. */
(function () {
  "use strict";

  function setup(form) {
    var canvas = form.querySelector("canvas.signature-pad");
    var field = form.querySelector("input[name=signature]");
    var empty = form.querySelector(".pad-empty");
    var clear = form.querySelector(".pad-clear");
    if (!canvas || !field || !canvas.getContext) return;
    var ctx = canvas.getContext("2d");
    var drawing = false;
    var inked = 0; // length drawn, in canvas pixels
    var last = null;

    function size() {
      var ratio = window.devicePixelRatio || 1;
      var rect = canvas.getBoundingClientRect();
      canvas.width = Math.max(1, Math.round(rect.width * ratio));
      canvas.height = Math.max(1, Math.round(rect.height * ratio));
      inked = 0;
      field.value = "";
    }

    function point(event) {
      var rect = canvas.getBoundingClientRect();
      return {
        x: ((event.clientX - rect.left) * canvas.width) / rect.width,
        y: ((event.clientY - rect.top) * canvas.height) / rect.height,
        scale: canvas.width / rect.width
      };
    }

    function stroke(from, to) {
      ctx.strokeStyle = "#000";
      ctx.lineWidth = 2.5 * to.scale;
      ctx.lineCap = "round";
      ctx.lineJoin = "round";
      ctx.beginPath();
      ctx.moveTo(from.x, from.y);
      ctx.lineTo(to.x, to.y);
      ctx.stroke();
      inked += Math.hypot(to.x - from.x, to.y - from.y);
    }

    canvas.addEventListener("pointerdown", function (event) {
      event.preventDefault();
      canvas.setPointerCapture(event.pointerId);
      drawing = true;
      last = point(event);
      stroke(last, { x: last.x + 0.1, y: last.y, scale: last.scale });
      if (empty) empty.classList.remove("d-block");
    });
    canvas.addEventListener("pointermove", function (event) {
      if (!drawing) return;
      event.preventDefault();
      var events = event.getCoalescedEvents ? event.getCoalescedEvents() : [event];
      if (!events.length) events = [event];
      events.forEach(function (e) {
        var next = point(e);
        stroke(last, next);
        last = next;
      });
    });
    ["pointerup", "pointercancel", "lostpointercapture"].forEach(function (name) {
      canvas.addEventListener(name, function () {
        drawing = false;
      });
    });
    if (clear) {
      clear.addEventListener("click", function () {
        ctx.clearRect(0, 0, canvas.width, canvas.height);
        size();
      });
    }
    form.addEventListener("submit", function (event) {
      if (inked < 30) {
        event.preventDefault();
        if (empty) empty.classList.add("d-block");
        return;
      }
      field.value = canvas.toDataURL("image/png");
    });
    size();
  }

  document.querySelectorAll("form[data-signature-pad]").forEach(setup);
})();
