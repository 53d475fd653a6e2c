// cablesearch: a little progressive help; every page works without it.
// "/" puts the cursor in the query box; the sort and scope controls search again when changed.
(function () {
  "use strict";
  var box = document.querySelector('.query input[name="q"]');
  document.addEventListener("keydown", function (e) {
    var t = e.target && e.target.tagName;
    if (e.key === "/" && box && t !== "INPUT" && t !== "TEXTAREA" && t !== "SELECT") {
      e.preventDefault();
      box.focus();
      box.select();
    }
  });
  var controls = document.querySelectorAll("[data-autosubmit]");
  for (var i = 0; i < controls.length; i++) {
    controls[i].addEventListener("change", function (e) { e.target.form.submit(); });
  }
})();
