// Wide tables: a table wider than the text column scrolls inside its own box, which is
// keyboard-focusable and named after the table's caption; on wide screens it may also
// use the right-hand margin. The caption stays in view, wrapped to the box's width.
(function () {
  "use strict";
  function fit() {
    document.querySelectorAll(".pst-scrollable-table-container").forEach(function (box, i) {
      box.classList.remove("pp-wide");
      var table = box.querySelector("table");
      var caption = table && table.querySelector("caption");
      if (caption) { caption.style.maxWidth = ""; }
      if (box.scrollWidth > box.clientWidth + 1) { box.classList.add("pp-wide"); }
      var scrolls = box.scrollWidth > box.clientWidth + 1;
      if (scrolls) {
        box.setAttribute("tabindex", "0");
        box.setAttribute("role", "region");
        var name = caption ? caption.querySelector(".caption-text") || caption : null;
        box.setAttribute("aria-label", name ? name.textContent.trim() : "Table " + (i + 1));
        if (caption) { caption.style.maxWidth = box.clientWidth + "px"; }
      } else {
        box.removeAttribute("tabindex");
        box.removeAttribute("role");
        box.removeAttribute("aria-label");
      }
    });
  }
  var timer = null;
  window.addEventListener("resize", function () { clearTimeout(timer); timer = setTimeout(fit, 100); });
  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", fit); } else { fit(); }
})();
