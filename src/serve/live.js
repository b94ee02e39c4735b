// Gazette live reload: listens to the dev server and reloads this page when a rebuild
// changed it; shows build errors over the page until they are fixed.
(function () {
  "use strict";
  var root = document.currentScript ? document.currentScript.getAttribute("data-root") : "/";
  var overlay = null;
  function here() {
    return decodeURI(location.pathname).replace(/index\.html$/, "");
  }
  function showError(message) {
    if (!overlay) {
      overlay = document.createElement("div");
      overlay.id = "gazette-error-overlay";
      overlay.setAttribute("role", "alert");
      overlay.style.cssText =
        "position:fixed;inset:0;z-index:2147483647;overflow:auto;padding:2rem;" +
        "background:rgba(20,0,0,.92);color:#fff;font:14px/1.5 ui-monospace,monospace;white-space:pre-wrap";
      document.body.appendChild(overlay);
    }
    overlay.textContent = "Gazette: the build failed. The last good version is shown.\n\n" + message;
  }
  function hideError() {
    if (overlay) { overlay.remove(); overlay = null; }
  }
  var source = new EventSource(root + "__gazette/events");
  source.addEventListener("open", function () {
    document.documentElement.setAttribute("data-gazette-live", "connected");
  });
  source.addEventListener("error-report", function (e) {
    showError(JSON.parse(e.data).message);
  });
  source.addEventListener("rebuilt", function (e) {
    var data = JSON.parse(e.data);
    hideError();
    var page = here();
    var mine = data.changed.some(function (url) {
      return url === page || /\.(css|js)$/.test(url);
    });
    if (mine) { location.reload(); }
  });
})();
