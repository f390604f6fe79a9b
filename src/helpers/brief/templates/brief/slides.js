// Group cells into slides (a cell tagged "slide" starts one) and add a keyboard-driven
// presentation mode. Without JavaScript the brief reads as one long page.
(function () {
  var main = document.querySelector("main.brief");
  if (!main) { return; }
  var cells = Array.prototype.slice.call(main.children);
  var slides = [], current = null;
  cells.forEach(function (cell) {
    if (!current || (cell.classList && cell.classList.contains("celltag_slide"))) {
      current = document.createElement("section");
      current.className = "slide";
      main.insertBefore(current, cell);
      slides.push(current);
    }
    current.appendChild(cell);
  });
  var index = 0, counter = document.getElementById("brief-counter");
  function show(i) {
    index = Math.max(0, Math.min(slides.length - 1, i));
    slides.forEach(function (s, k) { s.classList.toggle("current", k === index); });
    if (counter) { counter.textContent = (index + 1) + " / " + slides.length; }
  }
  function toggle(on) {
    document.body.classList.toggle("presenting", on);
    if (on) { show(index); } else { window.scrollTo(0, slides[index].offsetTop); }
  }
  var button = document.getElementById("brief-present");
  if (button) { button.addEventListener("click", function () { toggle(!document.body.classList.contains("presenting")); }); }
  document.addEventListener("keydown", function (e) {
    var presenting = document.body.classList.contains("presenting");
    if (e.key === "p" || e.key === "P") { toggle(!presenting); e.preventDefault(); return; }
    if (!presenting) { return; }
    if (["ArrowRight", "PageDown", " ", "ArrowDown"].indexOf(e.key) >= 0) { show(index + 1); e.preventDefault(); }
    else if (["ArrowLeft", "PageUp", "ArrowUp"].indexOf(e.key) >= 0) { show(index - 1); e.preventDefault(); }
    else if (e.key === "Home") { show(0); } else if (e.key === "End") { show(slides.length - 1); }
    else if (e.key === "Escape") { toggle(false); }
  });
  if (/[?&#]slides\b/.test(window.location.href)) { toggle(true); }
})();
