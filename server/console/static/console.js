// FOS agents' console: progressive enhancement only. Every action works
// without this script; it only stops a second click from sending a form
// twice (the server acts once anyway) and asks before irreversible moves.
(function () {
  "use strict";
  document.addEventListener("submit", function (e) {
    var f = e.target;
    var confirmText = e.submitter && e.submitter.getAttribute("data-confirm");
    if (confirmText && !window.confirm(confirmText)) {
      e.preventDefault();
      return;
    }
    if (f.getAttribute("data-sent")) {
      e.preventDefault();
      return;
    }
    if (f.method.toLowerCase() === "post") {
      f.setAttribute("data-sent", "1");
      // A hidden field carries the clicked button's value, since a
      // disabled button is not submitted.
      if (e.submitter && e.submitter.name) {
        var h = document.createElement("input");
        h.type = "hidden";
        h.name = e.submitter.name;
        h.value = e.submitter.value;
        f.appendChild(h);
      }
      f.querySelectorAll("button").forEach(function (b) { b.disabled = true; });
    }
  });
})();
