// Enhances the server-rendered carousel: previous/next buttons and arrow-key navigation.
// Without JavaScript the track still scrolls (scroll-snap) and every card is a plain link.
(function () {
  "use strict";

  function setup(root) {
    var track = root.querySelector(".carousel-track");
    if (!track) return;
    var prev = root.querySelector("[data-carousel-prev]");
    var next = root.querySelector("[data-carousel-next]");
    var links = Array.prototype.slice.call(track.querySelectorAll(".card-link"));
    var reduceMotion = window.matchMedia("(prefers-reduced-motion: reduce)").matches;
    var behavior = reduceMotion ? "auto" : "smooth";

    // aria-disabled, not disabled: a disabled button drops keyboard focus to <body> when the
    // carousel reaches its end; an aria-disabled one keeps it and simply does nothing.
    function setDisabled(button, off) {
      if (!button) return;
      if (off) button.setAttribute("aria-disabled", "true");
      else button.removeAttribute("aria-disabled");
    }

    function update() {
      var max = track.scrollWidth - track.clientWidth - 1;
      setDisabled(prev, track.scrollLeft <= 0);
      setDisabled(next, track.scrollLeft >= max);
    }

    function page(button, direction) {
      if (button.getAttribute("aria-disabled") === "true") return;
      track.scrollBy({ left: direction * track.clientWidth * 0.9, behavior: behavior });
    }

    if (prev) prev.addEventListener("click", function () { page(prev, -1); });
    if (next) next.addEventListener("click", function () { page(next, 1); });
    track.addEventListener("scroll", update, { passive: true });
    window.addEventListener("resize", update);

    track.addEventListener("keydown", function (event) {
      var index = links.indexOf(document.activeElement);
      if (index < 0) return;
      var target = null;
      if (event.key === "ArrowRight") target = Math.min(index + 1, links.length - 1);
      else if (event.key === "ArrowLeft") target = Math.max(index - 1, 0);
      else if (event.key === "Home") target = 0;
      else if (event.key === "End") target = links.length - 1;
      if (target === null) return;
      event.preventDefault();
      links[target].focus();  // the focus listener below scrolls it into view
    });

    links.forEach(function (link) {
      link.addEventListener("focus", function () {
        link.closest(".carousel-card").scrollIntoView({
          block: "nearest", inline: "nearest", behavior: behavior
        });
      });
    });
    update();
  }

  function init() {
    document.querySelectorAll("[data-carousel]").forEach(setup);
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
