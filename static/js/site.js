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
