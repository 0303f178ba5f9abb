// Scrolling areas (wide tables on phones, long feeds) must be reachable by keyboard (WCAG 2.1.1):
// each one that actually overflows becomes focusable, so arrow keys can scroll it.
function markScrollableRegions(root) {
  root.querySelectorAll(".table-responsive, .aspiration-feed").forEach(function (el) {
    if (el.scrollWidth > el.clientWidth || el.scrollHeight > el.clientHeight) {
      el.tabIndex = 0;
    }
  });
}
document.addEventListener("DOMContentLoaded", function () { markScrollableRegions(document); });
document.addEventListener("htmx:afterSwap", function (event) { markScrollableRegions(event.target); });
