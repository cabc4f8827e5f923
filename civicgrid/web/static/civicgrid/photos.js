// Photos are made smaller in the browser before they are sent, for grid workers and residents on a
// slow connection: a picture larger than MAX_SIDE pixels or MAX_BYTES is redrawn upright at most
// MAX_SIDE pixels on its long side and sent as JPEG. The original's EXIF block (which holds the
// GPS position the server reads to place the photo) is copied into the smaller file with its
// orientation set to "upright", since the pixels already are. The server still checks every file
// and strips EXIF from the copy it keeps (cases/services/photos.py).
// Applies to <input type="file" data-shrink>; the form's submit buttons wait until it is done.
(function () {
  "use strict";
  var MAX_SIDE = 1600, MAX_BYTES = 600 * 1024, QUALITY = 0.82;

  // The APP1 "Exif" segment of a JPEG (marker and length included), or null.
  function exifSegment(bytes) {
    if (bytes[0] !== 0xff || bytes[1] !== 0xd8) return null;
    var i = 2;
    while (i + 4 <= bytes.length && bytes[i] === 0xff) {
      var marker = bytes[i + 1], length = (bytes[i + 2] << 8) | bytes[i + 3];
      if (marker === 0xda || marker === 0xd9) break;  // image data: no more headers
      if (marker === 0xe1 && bytes[i + 4] === 0x45 && bytes[i + 5] === 0x78 &&
          bytes[i + 6] === 0x69 && bytes[i + 7] === 0x66) {
        return bytes.slice(i, i + 2 + length);
      }
      i += 2 + length;
    }
    return null;
  }

  // Set the Orientation tag (0x0112) of IFD0 to 1 in an APP1 segment, in place.
  function upright(segment) {
    var tiff = 10, view = new DataView(segment.buffer, segment.byteOffset, segment.byteLength);
    if (view.byteLength < tiff + 8) return;
    var little = view.getUint16(tiff) === 0x4949;
    var ifd = tiff + view.getUint32(tiff + 4, little);
    if (ifd + 2 > view.byteLength) return;
    var count = view.getUint16(ifd, little);
    for (var k = 0; k < count; k++) {
      var entry = ifd + 2 + k * 12;
      if (entry + 12 > view.byteLength) return;
      if (view.getUint16(entry, little) === 0x0112) view.setUint16(entry + 8, 1, little);
    }
  }

  // The new JPEG with the segment placed right after its start-of-image marker.
  function withExif(jpeg, segment) {
    var out = new Uint8Array(jpeg.length + segment.length);
    out.set(jpeg.subarray(0, 2), 0);
    out.set(segment, 2);
    out.set(jpeg.subarray(2), 2 + segment.length);
    return out;
  }

  function decode(file) {
    if (window.createImageBitmap) {
      return createImageBitmap(file, { imageOrientation: "from-image" });
    }
    return new Promise(function (resolve, reject) {
      var img = new Image();
      img.onload = function () { resolve(img); };
      img.onerror = reject;
      img.src = URL.createObjectURL(file);
    });
  }

  function shrink(file) {
    if (!/^image\/(jpeg|png|webp)$/.test(file.type)) return Promise.resolve(file);
    return Promise.all([decode(file), file.arrayBuffer()]).then(function (got) {
      var image = got[0], bytes = new Uint8Array(got[1]);
      var w = image.width, h = image.height, scale = Math.min(1, MAX_SIDE / Math.max(w, h));
      if (scale === 1 && file.size <= MAX_BYTES) return file;
      var canvas = document.createElement("canvas");
      canvas.width = Math.round(w * scale);
      canvas.height = Math.round(h * scale);
      canvas.getContext("2d").drawImage(image, 0, 0, canvas.width, canvas.height);
      return new Promise(function (resolve) { canvas.toBlob(resolve, "image/jpeg", QUALITY); })
        .then(function (blob) { return blob.arrayBuffer(); })
        .then(function (buffer) {
          var jpeg = new Uint8Array(buffer), segment = file.type === "image/jpeg" ? exifSegment(bytes) : null;
          if (segment) { upright(segment); jpeg = withExif(jpeg, segment); }
          if (jpeg.length >= file.size) return file;  // no smaller: send the original
          var name = file.name.replace(/\.[^.]*$/, "") + ".jpg";
          return new File([jpeg], name, { type: "image/jpeg", lastModified: file.lastModified });
        });
    }).catch(function () { return file; });  // cannot be read here: the server will say why
  }

  function mb(n) { return (n / 1048576).toFixed(1); }

  function onChange(input) {
    var form = input.form, files = Array.prototype.slice.call(input.files || []);
    if (!files.length || !window.DataTransfer) return;
    var buttons = form ? form.querySelectorAll("button[type=submit], input[type=submit]") : [];
    var status = document.getElementById(input.id + "-shrink");
    buttons.forEach(function (b) { b.disabled = true; });
    input.dataset.shrinking = "1";
    if (status) status.textContent = status.dataset.busy || "";
    Promise.all(files.map(shrink)).then(function (smaller) {
      var list = new DataTransfer();
      smaller.forEach(function (f) { list.items.add(f); });
      input.files = list.files;
      var before = files.reduce(function (s, f) { return s + f.size; }, 0);
      var after = smaller.reduce(function (s, f) { return s + f.size; }, 0);
      if (status && after < before) {
        status.textContent = (status.dataset.done || "%(before)s MB → %(after)s MB")
          .replace("%(before)s", mb(before)).replace("%(after)s", mb(after));
      } else if (status) {
        status.textContent = "";
      }
    }).finally(function () {
      buttons.forEach(function (b) { b.disabled = false; });
      delete input.dataset.shrinking;
      input.dataset.shrunk = "1";
    });
  }

  document.addEventListener("change", function (event) {
    var input = event.target;
    if (input && input.matches && input.matches("input[type=file][data-shrink]")) onChange(input);
  });
})();
