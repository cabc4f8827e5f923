// The hall screen shows the numbers called as they are called: it reads the page again every
// ten seconds (a wall screen nobody operates; the page has nothing to type into).
(function () {
  "use strict";
  window.setTimeout(function () { window.location.reload(); }, 10000);
})();
