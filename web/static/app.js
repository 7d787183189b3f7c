// Attaché pages: the document page's "How was this coded?" toggles.
// Without this script each toggle is a link to #event-N, which CSS opens
// with :target; with it, the toggle opens and closes in place, marks the
// event's evidence and actors in the text, and keeps the address in step.
(function () {
  "use strict";
  document.documentElement.classList.add("js");

  function ready(fn) {
    if (document.readyState === "loading") {
      document.addEventListener("DOMContentLoaded", fn);
    } else {
      fn();
    }
  }

  ready(function () {
    var list = document.querySelector("ol.coded");
    var article = document.getElementById("article");
    if (!list) {
      return;
    }
    var items = Array.prototype.slice.call(list.querySelectorAll("li.event[data-event]"));

    function toggleOf(item) {
      return item.querySelector("a.explain");
    }

    function clearText() {
      if (!article) {
        return;
      }
      article.querySelectorAll(".cur, .cur-s").forEach(function (el) {
        el.classList.remove("cur", "cur-s");
      });
    }

    function markText(item) {
      clearText();
      if (!article) {
        return;
      }
      var n = item.getAttribute("data-event");
      var s = item.getAttribute("data-sentence");
      article.querySelectorAll("[data-ev]").forEach(function (el) {
        if (el.getAttribute("data-ev").split(" ").indexOf(n) >= 0) {
          el.classList.add("cur");
        }
      });
      article.querySelectorAll('[data-s="' + s + '"]').forEach(function (el) {
        el.classList.add("cur-s");
      });
      revealInPane(article.querySelector(".cur"));
    }

    // On wide screens the text is a pane of its own that scrolls beside
    // the events: bring the chosen evidence into view in it.
    function revealInPane(el) {
      var pane = article.closest(".doc-text");
      if (!el || !pane || pane.scrollHeight <= pane.clientHeight + 1) {
        return;
      }
      var p = pane.getBoundingClientRect();
      var r = el.getBoundingClientRect();
      if (r.top >= p.top && r.bottom <= p.bottom) {
        return;
      }
      pane.scrollTop += r.top - p.top - pane.clientHeight / 3;
    }

    function setOpen(item, open) {
      item.classList.toggle("open", open);
      var t = toggleOf(item);
      if (t) {
        t.setAttribute("aria-expanded", open ? "true" : "false");
        t.textContent = open ? "Hide how it was coded" : "How was this coded?";
      }
    }

    function select(item, open) {
      items.forEach(function (other) {
        if (other !== item) {
          setOpen(other, false);
        }
      });
      setOpen(item, open);
      if (open) {
        markText(item);
        history.replaceState(null, "", "#" + item.id);
      } else {
        clearText();
        history.replaceState(null, "", location.pathname + location.search);
      }
    }

    items.forEach(function (item) {
      var t = toggleOf(item);
      if (!t) {
        return;
      }
      t.setAttribute("role", "button");
      t.addEventListener("click", function (ev) {
        ev.preventDefault();
        select(item, !item.classList.contains("open"));
      });
      t.addEventListener("keydown", function (ev) {
        if (ev.key === " " || ev.key === "Spacebar") {
          ev.preventDefault();
          select(item, !item.classList.contains("open"));
        }
      });
    });

    // Clicking evidence in the text opens the first event it belongs to.
    if (article) {
      article.addEventListener("click", function (ev) {
        var el = ev.target.closest ? ev.target.closest("[data-ev]") : null;
        if (!el) {
          return;
        }
        var item = document.getElementById("event-" + el.getAttribute("data-ev").split(" ")[0]);
        if (item) {
          select(item, true);
          item.scrollIntoView({ block: "nearest" });
          var t = toggleOf(item);
          if (t) {
            t.focus({ preventScroll: true });
          }
        }
      });
    }

    function fromHash() {
      var m = /^#event-(\d+)$/.exec(location.hash);
      var item = m ? document.getElementById("event-" + m[1]) : null;
      if (item) {
        select(item, true);
        item.scrollIntoView({ block: "start" });
      }
    }
    window.addEventListener("hashchange", fromHash);
    fromHash();
  });
})();
