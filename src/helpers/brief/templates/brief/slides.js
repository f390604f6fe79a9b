// Presentation mode for the deck: every [data-slide] element is one 1280×720 slide, scaled to
// the screen. Keys: Right/PageDown/Space/Down forward, Left/PageUp/Up back, Home/End, a slide
// number then Enter jumps, P enters or leaves, Esc leaves. Without JavaScript the brief reads
// as one page of slides.
(function () {
  var slides = Array.prototype.slice.call(document.querySelectorAll("[data-slide]"));
  if (!slides.length) { return; }
  slides.forEach(function (s, k) { s.setAttribute("data-slide", String(k + 1)); s.id = s.id || "slide-" + (k + 1); });
  var index = 0, typed = "", counter = document.getElementById("brief-counter");
  function fit() {
    var scale = Math.min(window.innerWidth / 1280, window.innerHeight / 720);
    document.documentElement.style.setProperty("--scale", String(scale));
  }
  function show(i) {
    index = Math.max(0, Math.min(slides.length - 1, i));
    slides.forEach(function (s, k) { s.classList.toggle("current", k === index); });
    if (counter) { counter.textContent = (index + 1) + " / " + slides.length; }
  }
  function toggle(on) {
    document.body.classList.toggle("presenting", on);
    if (on) { fit(); show(index); } else { slides[index].scrollIntoView(); }
  }
  window.addEventListener("resize", fit);
  var button = document.getElementById("brief-present");
  if (button) { button.addEventListener("click", function () { toggle(!document.body.classList.contains("presenting")); }); }
  document.addEventListener("keydown", function (e) {
    var presenting = document.body.classList.contains("presenting");
    if (e.key === "p" || e.key === "P") { toggle(!presenting); e.preventDefault(); return; }
    if (!presenting) { return; }
    if (/^[0-9]$/.test(e.key)) { typed += e.key; e.preventDefault(); return; }
    if (e.key === "Enter" && typed) { show(parseInt(typed, 10) - 1); typed = ""; e.preventDefault(); return; }
    typed = "";
    if (["ArrowRight", "PageDown", " ", "ArrowDown"].indexOf(e.key) >= 0) { show(index + 1); e.preventDefault(); }
    else if (["ArrowLeft", "PageUp", "ArrowUp", "Backspace"].indexOf(e.key) >= 0) { show(index - 1); e.preventDefault(); }
    else if (e.key === "Home") { show(0); e.preventDefault(); }
    else if (e.key === "End") { show(slides.length - 1); e.preventDefault(); }
    else if (e.key === "Escape") { toggle(false); }
  });
  if (/[?&#]slides\b/.test(window.location.href)) { toggle(true); }
})();
