/* Rashomon report page: select a claim to highlight its sentences in every article; tabs on narrow screens.
   The page reads fully without this script; it only adds interaction. */
(function () {
  "use strict";
  var root = document.documentElement;
  root.classList.remove("no-js");
  root.classList.add("js");

  var all = function (selector, scope) {
    return Array.prototype.slice.call((scope || document).querySelectorAll(selector));
  };
  var texts = document.getElementById("texts");
  var bar = document.getElementById("selection");
  var panes = all(".pane");
  var tabs = all(".tabs [role=tab]");
  var narrow = window.matchMedia("(max-width: 700px)");
  var current = null;

  panes.forEach(function (pane) {
    pane.setAttribute("role", "tabpanel");
  });

  // Claim ids are generated ("c12"), so they are safe inside an attribute selector.
  function mentions(scope, id) {
    return all('.t [data-claims~="' + id + '"]', scope);
  }

  // The address records the selected claim, so a link can point at it; some file:// setups refuse that.
  function remember(hash) {
    try {
      history.replaceState(null, "", location.pathname + location.search + hash);
    } catch (error) {
      /* the page works the same without it */
    }
  }

  function scrollWithin(box, el) {
    if (box.scrollHeight > box.clientHeight) {
      box.scrollTop = Math.max(0, el.offsetTop - 48);
    }
  }

  function activate(pane, focus) {
    panes.forEach(function (p, i) {
      var on = p === pane;
      p.classList.toggle("active", on);
      if (tabs[i]) {
        tabs[i].setAttribute("aria-selected", on ? "true" : "false");
        tabs[i].tabIndex = on ? 0 : -1;
        if (on && focus) tabs[i].focus();
        if (on && narrow.matches) tabs[i].parentNode.scrollLeft = tabs[i].offsetLeft - 12;
      }
    });
  }

  function clear() {
    current = null;
    all(".t .hl").forEach(function (el) { el.classList.remove("hl"); });
    all('[data-claim][aria-pressed="true"]').forEach(function (b) { b.setAttribute("aria-pressed", "false"); });
    all("tr.active-row").forEach(function (r) { r.classList.remove("active-row"); });
    panes.forEach(function (pane, i) {
      pane.classList.remove("has-hit");
      pane.querySelector(".absent").hidden = true;
      if (tabs[i]) tabs[i].querySelector(".hits").textContent = "";
    });
    if (bar) bar.hidden = true;
    remember("");
  }

  function select(id, scrollPage) {
    clear();
    current = id;
    var button = document.querySelector('.claim[data-claim="' + id + '"]');
    all('[data-claim="' + id + '"]').forEach(function (b) { b.setAttribute("aria-pressed", "true"); });
    all('tr[data-row="' + id + '"]').forEach(function (r) { r.classList.add("active-row"); });
    var found = 0, first = null;
    panes.forEach(function (pane, i) {
      var hits = mentions(pane, id);
      hits.forEach(function (el) { el.classList.add("hl"); });
      pane.classList.toggle("has-hit", hits.length > 0);
      pane.querySelector(".absent").hidden = hits.length > 0;
      var count = all('.t [data-starts~="' + id + '"]', pane).length;
      if (tabs[i]) tabs[i].querySelector(".hits").textContent = count ? String(count) : "";
      if (hits.length) {
        found += 1;
        first = first || pane;
        scrollWithin(pane.querySelector(".t"), hits[0]);
      }
    });
    if (bar) {
      bar.querySelector(".sel-text").textContent = button ? button.textContent : "";
      bar.querySelector(".sel-count").textContent = "in " + found + " of " + panes.length + " articles";
      bar.hidden = false;
    }
    var shown = panes.filter(function (p) { return p.classList.contains("active"); })[0];
    if (first && (!shown || !shown.classList.contains("has-hit"))) activate(first, false);
    remember("#claim=" + id);
    if (scrollPage && texts) {
      // One article at a time on a narrow screen: go straight to the sentence in the article shown.
      var shownNow = panes.filter(function (p) { return p.classList.contains("active"); })[0];
      var target = narrow.matches && shownNow ? shownNow.querySelector(".t .hl") : null;
      if (target) target.scrollIntoView({ block: "center", behavior: "instant" });
      else texts.scrollIntoView({ block: "start", behavior: "instant" });
      if (bar) bar.focus({ preventScroll: true });
    }
  }

  document.addEventListener("click", function (event) {
    var target = event.target;
    if (!(target instanceof Element)) return;
    var trigger = target.closest("[data-claim]");
    if (trigger) {
      var id = trigger.getAttribute("data-claim");
      if (id === current && trigger.getAttribute("aria-pressed") === "true") clear();
      else select(id, true);
      return;
    }
    if (target.closest("[data-clear]")) {
      clear();
      return;
    }
    var sentence = target.closest(".t [data-claims]");
    if (sentence && !window.getSelection().toString()) {
      select(sentence.getAttribute("data-claims").split(" ")[0], false);
      return;
    }
    var tab = target.closest(".tabs [role=tab]");
    if (tab) {
      activate(document.getElementById(tab.getAttribute("aria-controls")), false);
      return;
    }
    // A link to an article shows its pane first, so the browser has somewhere to scroll to.
    var link = target.closest('a[href^="#"]');
    var linked = link ? document.getElementById(link.getAttribute("href").slice(1)) : null;
    if (linked && linked.classList.contains("pane")) activate(linked, false);
  });

  document.addEventListener("keydown", function (event) {
    if (event.key === "Escape" && current) {
      clear();
      return;
    }
    var tab = event.target instanceof Element ? event.target.closest(".tabs [role=tab]") : null;
    if (!tab) return;
    var i = tabs.indexOf(tab), next = -1;
    if (event.key === "ArrowRight") next = (i + 1) % tabs.length;
    else if (event.key === "ArrowLeft") next = (i - 1 + tabs.length) % tabs.length;
    else if (event.key === "Home") next = 0;
    else if (event.key === "End") next = tabs.length - 1;
    if (next >= 0) {
      event.preventDefault();
      activate(panes[next], true);
    }
  });

  // Printing shows everything: open every folded section, then restore what the reader had.
  var opened = [];
  window.addEventListener("beforeprint", function () {
    opened = all("details:not([open])");
    opened.forEach(function (d) { d.open = true; });
  });
  window.addEventListener("afterprint", function () {
    opened.forEach(function (d) { d.open = false; });
    opened = [];
  });

  narrow.addEventListener("change", function () {
    if (!panes.some(function (p) { return p.classList.contains("active"); }) && panes[0]) activate(panes[0], false);
  });

  var claimed = /^#claim=(c\d+)$/.exec(location.hash);
  var anchored = location.hash ? document.getElementById(location.hash.slice(1)) : null;
  if (claimed && document.querySelector('[data-claim="' + claimed[1] + '"]')) select(claimed[1], true);
  else if (anchored && anchored.classList.contains("pane")) activate(anchored, false);
})();
