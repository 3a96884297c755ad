/*
 * Billetnet — progressive enhancement.
 *
 * Loaded with `defer` on every page, under a strict CSP (no inline script, no eval). The site
 * works entirely without this file: each module only improves something that already works.
 *
 * Adding a feature: write `modules.someName = function (root) { … }` below. Each module
 * receives the document, looks for its own `data-*` hook and returns quietly when the hook is
 * absent or when the browser lacks what it needs. One failing module never stops the others.
 */
(function () {
  "use strict";

  var modules = {};

  /* Cookie banner ------------------------------------------------------------------------ */
  /*
   * <section data-cookie-banner> holds a <form method="post"> whose two submit buttons
   * name="choix" send « tout-refuser » or « tout-accepter ». Without JavaScript the form
   * posts normally and the server redirects back with a message. With it, the same data
   * goes through fetch(); the server answers 204, the banner disappears and focus moves to
   * the main content. Anything else (error, network failure, unexpected status) falls back
   * to the ordinary submission, so the visitor's choice is never lost.
   */
  modules.cookieBanner = function (root) {
    var banner = root.querySelector("[data-cookie-banner]");
    if (!banner || typeof window.fetch !== "function" || typeof window.FormData !== "function") {
      return;
    }
    var form = banner.querySelector("form");
    if (!form || (form.getAttribute("method") || "").toLowerCase() !== "post") {
      return;
    }

    var pending = false;
    var nativeSubmit = false;

    function focusMainContent() {
      var main = document.getElementById("contenu");
      if (!main) {
        return;
      }
      if (!main.hasAttribute("tabindex")) {
        main.setAttribute("tabindex", "-1");
      }
      // Keep the reading position: the banner sat at the bottom of the viewport.
      try {
        main.focus({ preventScroll: true });
      } catch (error) {
        main.focus();
      }
    }

    function submitNatively(submitter) {
      pending = false;
      form.removeAttribute("aria-busy");
      if (typeof form.requestSubmit === "function") {
        // requestSubmit() fires "submit" again: let that one through untouched.
        nativeSubmit = true;
        try {
          form.requestSubmit(submitter);
          return;
        } catch (error) {
          nativeSubmit = false;
        }
      }
      // Older browsers: form.submit() sends no button, so carry its value in a hidden input.
      var carrier = document.createElement("input");
      carrier.type = "hidden";
      carrier.name = submitter.name;
      carrier.value = submitter.value;
      form.appendChild(carrier);
      HTMLFormElement.prototype.submit.call(form);
    }

    form.addEventListener("submit", function (event) {
      if (nativeSubmit) {
        nativeSubmit = false;
        return;
      }
      var submitter = event.submitter;
      // No submitter (very old browser) or an unnamed one: we cannot know the choice, so let
      // the browser submit the form itself, which always includes the clicked button.
      if (!submitter || !submitter.name) {
        return;
      }
      event.preventDefault();
      if (pending) {
        return; // a second click while the first request runs
      }
      pending = true;
      form.setAttribute("aria-busy", "true");

      var formData = new FormData(form);
      formData.append(submitter.name, submitter.value);

      window
        .fetch(form.action, {
          method: "POST",
          body: formData,
          headers: { "X-Requested-With": "fetch" },
          credentials: "same-origin",
        })
        .then(function (response) {
          if (response.status === 204) {
            pending = false;
            banner.remove();
            focusMainContent();
          } else {
            submitNatively(submitter);
          }
        })
        .catch(function () {
          submitNatively(submitter);
        });
    });
  };

  /* Search suggestions (autocomplete) ---------------------------------------------------- */
  /*
   * <input data-autocomplete="/recherche/suggestions/"> inside a search form. Without
   * JavaScript the form simply submits. With it, the field becomes an ARIA 1.2 combobox
   * (list autocomplete): after two characters and a 150 ms pause, the JSON endpoint answers
   * { evenements: [{label, detail, url}], artistes: [{label, url}], lieux: [{label, detail,
   * url}], villes: [{label, url}] } and a listbox opens under the field, grouped by kind.
   *
   * Keyboard: ↓/↑ move the active option (wrapping), Enter opens it (with no active option
   * the form submits as usual), Escape closes the list, then clears the field. Focus stays
   * in the field throughout (aria-activedescendant). Options are real links, so a click, a
   * tap or a middle-click works. Stale answers are dropped (request counter + abort).
   */
  modules.autocomplete = function (root) {
    if (typeof window.fetch !== "function") {
      return;
    }
    var inputs = root.querySelectorAll("input[data-autocomplete]");
    Array.prototype.forEach.call(inputs, function (input, index) {
      try {
        setUpAutocomplete(input, index);
      } catch (error) {
        if (window.console && console.error) {
          console.error("Billetnet: autocomplete failed on", input, error);
        }
      }
    });
  };

  var AUTOCOMPLETE_GROUPS = [
    ["evenements", "Événements"],
    ["artistes", "Artistes"],
    ["lieux", "Lieux"],
    ["villes", "Villes"],
  ];
  var AUTOCOMPLETE_MIN_LENGTH = 2;
  var AUTOCOMPLETE_DELAY = 150; // ms after the last keystroke
  var AUTOCOMPLETE_BLUR_DELAY = 150; // ms, so a click on an option lands first
  var AUTOCOMPLETE_MAX_PER_GROUP = 10;

  /* « Théâtre » → « theatre »: accents and case do not matter when highlighting. */
  function foldChar(character) {
    var folded = character.toLowerCase();
    if (typeof folded.normalize === "function") {
      folded = folded.normalize("NFD").replace(/[\u0300-\u036f]/g, "");
    }
    return folded;
  }

  /* The label as text nodes, the part matching the query in <span class="…__match">. */
  function appendHighlighted(parent, label, query) {
    var folded = "";
    var starts = []; // folded index → index in label
    for (var i = 0; i < label.length; i += 1) {
      var piece = foldChar(label.charAt(i));
      for (var j = 0; j < piece.length; j += 1) {
        starts.push(i);
      }
      folded += piece;
    }
    starts.push(label.length);
    var needle = "";
    for (var k = 0; k < query.length; k += 1) {
      needle += foldChar(query.charAt(k));
    }
    var at = needle ? folded.indexOf(needle) : -1;
    if (at < 0) {
      parent.appendChild(document.createTextNode(label));
      return;
    }
    var from = starts[at];
    var to = starts[at + needle.length];
    if (from > 0) {
      parent.appendChild(document.createTextNode(label.slice(0, from)));
    }
    var match = document.createElement("span");
    match.className = "autocomplete__match";
    match.textContent = label.slice(from, to);
    parent.appendChild(match);
    if (to < label.length) {
      parent.appendChild(document.createTextNode(label.slice(to)));
    }
  }

  /* Only same-site paths from the endpoint become links (never « javascript: »…). */
  function isLocalPath(url) {
    return typeof url === "string" && url.charAt(0) === "/" && url.charAt(1) !== "/" &&
      url.charAt(1) !== "\\";
  }

  function setUpAutocomplete(input, index) {
    var endpoint = input.getAttribute("data-autocomplete");
    var host = input.parentNode;
    if (!endpoint || !host || input.getAttribute("role") === "combobox") {
      return;
    }
    var baseId = input.id || "autocomplete-" + index;
    var form = input.form;

    var listbox = document.createElement("div");
    listbox.id = baseId + "-suggestions";
    listbox.className = "autocomplete";
    listbox.setAttribute("role", "listbox");
    listbox.setAttribute("aria-label", "Suggestions");
    listbox.hidden = true;

    var status = document.createElement("div");
    status.className = "visually-hidden";
    status.setAttribute("role", "status");
    status.setAttribute("aria-live", "polite");
    status.setAttribute("aria-atomic", "true");

    host.classList.add("autocomplete-host");
    if (input.nextSibling) {
      host.insertBefore(listbox, input.nextSibling);
    } else {
      host.appendChild(listbox);
    }
    host.appendChild(status);

    input.setAttribute("role", "combobox");
    input.setAttribute("aria-autocomplete", "list");
    input.setAttribute("aria-expanded", "false");
    input.setAttribute("aria-controls", listbox.id);

    var options = [];
    var active = -1;
    var shownQuery = null; // the query whose suggestions the listbox holds
    var requestCount = 0;
    var controller = null;
    var typingTimer = null;
    var blurTimer = null;

    function currentQuery() {
      return input.value.replace(/\s+/g, " ").trim();
    }

    function announce(message) {
      if (status.textContent !== message) {
        status.textContent = message;
      }
    }

    function isOpen() {
      return !listbox.hidden;
    }

    function setActive(next) {
      if (active >= 0 && options[active]) {
        options[active].classList.remove("autocomplete__option--active");
        options[active].setAttribute("aria-selected", "false");
      }
      active = next;
      if (active >= 0 && options[active]) {
        var option = options[active];
        option.classList.add("autocomplete__option--active");
        option.setAttribute("aria-selected", "true");
        input.setAttribute("aria-activedescendant", option.id);
        // Keep it in view inside the popup without scrolling the page, clear of its
        // group's title (which sticks to the top of the popup).
        var top = option.offsetTop;
        var bottom = top + option.offsetHeight;
        var group = option.parentNode.parentNode;
        var title = group.firstChild;
        if (option.parentNode === title.nextSibling) {
          top = group.offsetTop; // first of its group: show the title above it
        } else {
          top -= title.offsetHeight;
        }
        if (top < listbox.scrollTop) {
          listbox.scrollTop = top;
        } else if (bottom > listbox.scrollTop + listbox.clientHeight) {
          listbox.scrollTop = bottom - listbox.clientHeight;
        }
      } else {
        input.removeAttribute("aria-activedescendant");
      }
    }

    function open() {
      if (options.length && !isOpen()) {
        listbox.hidden = false;
        input.setAttribute("aria-expanded", "true");
      }
    }

    function close() {
      setActive(-1);
      if (isOpen()) {
        listbox.scrollTop = 0;
        listbox.hidden = true;
      }
      input.setAttribute("aria-expanded", "false");
    }

    function cancelPending() {
      window.clearTimeout(typingTimer);
      requestCount += 1; // any answer still on its way is now stale
      if (controller) {
        controller.abort();
        controller = null;
      }
    }

    function render(query, data) {
      while (listbox.firstChild) {
        listbox.removeChild(listbox.firstChild);
      }
      options = [];
      active = -1;
      input.removeAttribute("aria-activedescendant");
      AUTOCOMPLETE_GROUPS.forEach(function (entry) {
        var items = data && Array.isArray(data[entry[0]]) ? data[entry[0]] : [];
        items = items.filter(function (item) {
          return item && typeof item.label === "string" && item.label && isLocalPath(item.url);
        }).slice(0, AUTOCOMPLETE_MAX_PER_GROUP);
        if (!items.length) {
          return;
        }
        var groupId = baseId + "-group-" + entry[0];
        var group = document.createElement("ul");
        group.className = "autocomplete__group";
        group.setAttribute("role", "group");
        group.setAttribute("aria-labelledby", groupId);
        var title = document.createElement("li");
        title.id = groupId;
        title.className = "autocomplete__group-label";
        title.setAttribute("role", "presentation");
        title.textContent = entry[1];
        group.appendChild(title);
        items.forEach(function (item) {
          var row = document.createElement("li");
          row.setAttribute("role", "presentation");
          var option = document.createElement("a");
          option.id = baseId + "-option-" + options.length;
          option.className = "autocomplete__option";
          option.href = item.url;
          option.tabIndex = -1;
          option.setAttribute("role", "option");
          option.setAttribute("aria-selected", "false");
          var label = document.createElement("span");
          label.className = "autocomplete__label";
          appendHighlighted(label, item.label, query);
          option.appendChild(label);
          if (typeof item.detail === "string" && item.detail) {
            // « Lieu, Lyon » for screen readers; the comma is not shown.
            var comma = document.createElement("span");
            comma.className = "visually-hidden";
            comma.textContent = ", ";
            option.appendChild(comma);
            var detail = document.createElement("span");
            detail.className = "autocomplete__detail";
            detail.textContent = item.detail;
            option.appendChild(detail);
          }
          row.appendChild(option);
          group.appendChild(row);
          options.push(option);
        });
        listbox.appendChild(group);
      });
      shownQuery = query;
      listbox.scrollTop = 0;
      if (options.length) {
        open();
        announce(options.length === 1 ? "1 suggestion" : options.length + " suggestions");
      } else {
        close();
        announce("Aucune suggestion");
      }
    }

    function request(query) {
      cancelPending();
      var ticket = requestCount;
      var init = { headers: { Accept: "application/json" }, credentials: "same-origin" };
      if (typeof window.AbortController === "function") {
        controller = new AbortController();
        init.signal = controller.signal;
      }
      var separator = endpoint.indexOf("?") === -1 ? "?" : "&";
      window
        .fetch(endpoint + separator + "q=" + encodeURIComponent(query), init)
        .then(function (response) {
          if (!response.ok) {
            throw new Error("HTTP " + response.status);
          }
          return response.json();
        })
        .then(function (data) {
          if (ticket !== requestCount || currentQuery() !== query) {
            return; // an older answer, or the field changed meanwhile
          }
          controller = null;
          render(query, data);
        })
        .catch(function () {
          // Aborted, offline, server error: no list; the form still submits.
          if (ticket === requestCount) {
            controller = null;
            close();
          }
        });
    }

    function onTyping() {
      var query = currentQuery();
      window.clearTimeout(typingTimer);
      if (query.length < AUTOCOMPLETE_MIN_LENGTH) {
        cancelPending();
        shownQuery = null;
        close();
        announce("");
        return;
      }
      if (query === shownQuery) {
        open(); // e.g. a trailing space: same suggestions
        return;
      }
      typingTimer = window.setTimeout(function () {
        request(query);
      }, AUTOCOMPLETE_DELAY);
    }

    function follow(option) {
      close();
      window.location.assign(option.href);
    }

    input.addEventListener("input", onTyping);

    input.addEventListener("keydown", function (event) {
      if (event.isComposing || event.keyCode === 229 || event.altKey || event.ctrlKey ||
          event.metaKey) {
        return;
      }
      var count = options.length;
      switch (event.key) {
        case "ArrowDown":
        case "Down":
          if (isOpen() && count) {
            event.preventDefault();
            setActive(active + 1 >= count ? 0 : active + 1);
          } else if (shownQuery !== null && shownQuery === currentQuery() && count) {
            event.preventDefault();
            open();
            setActive(0);
          } else if (currentQuery().length >= AUTOCOMPLETE_MIN_LENGTH) {
            event.preventDefault();
            request(currentQuery());
          }
          break;
        case "ArrowUp":
        case "Up":
          if (isOpen() && count) {
            event.preventDefault();
            setActive(active <= 0 ? count - 1 : active - 1);
          }
          break;
        case "Enter":
          if (isOpen() && active >= 0 && options[active]) {
            event.preventDefault();
            follow(options[active]);
          } else {
            cancelPending();
            close(); // the form submits as usual
          }
          break;
        case "Escape":
        case "Esc":
          if (isOpen()) {
            event.preventDefault();
            cancelPending();
            close();
          } else if (input.value) {
            event.preventDefault();
            cancelPending();
            input.value = "";
            shownQuery = null;
            announce("");
          }
          break;
        case "ArrowLeft":
        case "ArrowRight":
        case "Home":
        case "End":
          setActive(-1); // back to editing the text
          break;
        case "Tab":
          close();
          break;
        default:
          break;
      }
    });

    input.addEventListener("blur", function () {
      window.clearTimeout(blurTimer);
      blurTimer = window.setTimeout(function () {
        cancelPending();
        close();
      }, AUTOCOMPLETE_BLUR_DELAY);
    });

    input.addEventListener("focus", function () {
      window.clearTimeout(blurTimer);
    });

    // Back in the field (click or tap) with the same text: show its suggestions again.
    input.addEventListener("click", function () {
      if (!isOpen() && shownQuery !== null && shownQuery === currentQuery()) {
        open();
      }
    });

    // Pressing on the list must not take the focus away from the field: the click on the
    // option then follows its link; the list itself (scrollbar, titles) keeps it open.
    listbox.addEventListener("mousedown", function (event) {
      event.preventDefault();
    });

    listbox.addEventListener("click", function (event) {
      var option = event.target.closest ? event.target.closest("[role='option']") : null;
      if (!option) {
        return;
      }
      // Ordinary click: close first, then let the link do its job. Modified clicks (new
      // tab) keep the list open.
      if (!event.ctrlKey && !event.metaKey && !event.shiftKey && event.button === 0) {
        close();
      }
    });

    if (form) {
      form.addEventListener("submit", function () {
        cancelPending();
        close();
      });
    }

    // Coming back with the Back button (page restored from the cache): no stale list.
    window.addEventListener("pageshow", function (event) {
      if (event.persisted) {
        cancelPending();
        close();
      }
    });
  }

  /* Start-up ----------------------------------------------------------------------------- */

  function start() {
    Object.keys(modules).forEach(function (name) {
      try {
        modules[name](document);
      } catch (error) {
        if (window.console && console.error) {
          console.error("Billetnet: module « " + name + " » failed", error);
        }
      }
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
