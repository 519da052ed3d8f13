/* A photo made smaller on the phone before it is kept: its longer edge at most data-max-edge pixels, JPEG. */
(function () {
  "use strict";
  function toBlob(canvas, quality) {
    return new Promise(function (resolve, reject) {
      canvas.toBlob(function (b) { return b ? resolve(b) : reject(new Error("toBlob")); }, "image/jpeg", quality);
    });
  }
  window.AnjianPhotos = {
    /* Resolves to {uuid, name, blob}; rejects when the file is not an image the browser can read. */
    shrink: function (file, maxEdge, quality) {
      return createImageBitmap(file).then(function (bitmap) {
        var scale = Math.min(1, maxEdge / Math.max(bitmap.width, bitmap.height));
        var canvas = document.createElement("canvas");
        canvas.width = Math.round(bitmap.width * scale);
        canvas.height = Math.round(bitmap.height * scale);
        canvas.getContext("2d").drawImage(bitmap, 0, 0, canvas.width, canvas.height);
        if (bitmap.close) bitmap.close();
        return toBlob(canvas, quality);
      }).then(function (blob) {
        var name = (file.name || "photo").replace(/\.[^.]*$/, "") + ".jpg";
        return { uuid: AnjianField.uuid(), name: name, blob: blob };
      });
    },
    shrinkAll: function (files, form) {
      var edge = parseInt(form.dataset.maxEdge, 10) || 1600;
      var quality = parseFloat(form.dataset.quality) || 0.8;
      return Promise.all(Array.prototype.map.call(files, function (f) {
        return window.AnjianPhotos.shrink(f, edge, quality);
      }));
    },
  };
})();
