// The desk works without this file: it only adds keys to the diff page.
// j / k: next / previous change (the same links the page shows).
(function () {
  "use strict";
  document.addEventListener("keydown", function (event) {
    if (event.target.closest("input, textarea, select") || event.metaKey || event.ctrlKey || event.altKey) return;
    var navs = Array.prototype.slice.call(document.querySelectorAll(".changenav"));
    if (!navs.length || (event.key !== "j" && event.key !== "k")) return;
    var here = navs.findIndex(function (nav) { return nav.getBoundingClientRect().top > 5; });
    if (here < 0) here = navs.length;
    var target = event.key === "j" ? navs[Math.min(here, navs.length - 1)] : navs[Math.max(here - 2, 0)];
    target.scrollIntoView({block: "start"});
    history.replaceState(null, "", "#" + target.id);
  });
})();
