/* Share buttons: count a click (navigator.sendBeacon, so leaving the page does not cancel it) and
   copy the article's link. Loaded as a file with defer; the Content-Security-Policy allows no inline
   script. Without JavaScript the share links still work, they are only not counted. */
(function () {
  "use strict";

  function count(section, target) {
    var endpoint = section.getAttribute("data-share-endpoint");
    var data = new FormData();
    data.append("csrfmiddlewaretoken", section.getAttribute("data-csrf") || "");
    data.append("ke", target);
    if (navigator.sendBeacon && navigator.sendBeacon(endpoint, data)) {
      return;
    }
    fetch(endpoint, { method: "POST", body: data, credentials: "same-origin", keepalive: true })
      .catch(function () { /* a lost count is not worth bothering the reader */ });
  }

  function copy(button, section) {
    var status = section.querySelector(".share-status");
    var say = function (text) { if (status) { status.textContent = text; } };
    navigator.clipboard.writeText(button.getAttribute("data-copy")).then(
      function () { say(button.getAttribute("data-done")); },
      function () { say(button.getAttribute("data-failed")); }
    );
  }

  function setUp(section) {
    var copyButton = section.querySelector("[data-copy]");
    if (copyButton && navigator.clipboard && window.isSecureContext) {
      copyButton.hidden = false;
    }
    section.addEventListener("click", function (event) {
      var control = event.target.closest("[data-share]");
      if (!control || !section.contains(control)) {
        return;
      }
      var target = control.getAttribute("data-share");
      if (target === "salin") {
        copy(control, section);
      }
      count(section, target);
    });
  }

  function init() {
    Array.prototype.forEach.call(document.querySelectorAll("[data-share-endpoint]"), setUp);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
