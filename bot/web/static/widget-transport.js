/*
 * Transport: every HTTP request to the assistant's server, and whether the server can be reached.
 *
 * Endpoints (bot/web/channel.py):
 *   GET  {server}/webhooks/web/welcome   greeting and starter questions; also the reachability probe,
 *                                        because it is a simple GET whose refusal (HTTP 403
 *                                        origin_not_allowed) the page may read
 *   POST {server}/webhooks/web/webhook   {sender, message} -> list of bot messages
 *   POST {server}/webhooks/web/feedback  {sender, answer_id, rating, reason?}
 *
 * Every call resolves (never rejects) to an outcome {kind: ...}:
 *   ok, too_long, refused (a 4xx with the server's explanation), origin_refused,
 *   network (no answer), error (an unexplained status), bad_reply (not the JSON expected).
 */
(function (modules) {
  "use strict";

  var REQUEST_TIMEOUT_MS = 60000;
  var PROBE_TIMEOUT_MS = 5000;
  var BACKOFF_MS = [1000, 2000, 4000, 8000, 10000];

  function timeout(ms) {
    var controller = typeof AbortController === "function" ? new AbortController() : null;
    var timer = setTimeout(function () { if (controller) controller.abort(); }, ms);
    return { controller: controller, signal: controller ? controller.signal : undefined,
             done: function () { clearTimeout(timer); } };
  }

  function json(res) {
    return res.json().then(function (body) { return body; }, function () { return null; });
  }

  function explained(body) {
    return body && typeof body === "object" && typeof body.text === "string" && body.text.trim() ? body : null;
  }

  // Turns a response into an outcome; `okBody` checks the 200 body's shape.
  function outcome(res, okBody) {
    return json(res).then(function (body) {
      if (res.status === 403 && body && body.error === "origin_not_allowed") {
        return { kind: "origin_refused", text: explained(body) ? body.text : "" };
      }
      if (res.status === 413) return { kind: "too_long", body: body };
      // A 4xx with an explanation: the server is up and refused this request.
      if (res.status >= 400 && res.status < 500 && res.status !== 408 && res.status !== 429 && explained(body)) {
        return { kind: "refused", status: res.status, text: body.text, body: body };
      }
      if (!res.ok) return { kind: "error", status: res.status };
      return okBody(body) ? { kind: "ok", body: body } : { kind: "bad_reply" };
    });
  }

  function create(serverUrl) {
    var base = serverUrl + "/webhooks/web/";
    var inFlight = null; // the message being answered, so a restart can abandon it

    function request(path, options, ms, okBody) {
      var t = timeout(ms);
      options.credentials = "omit"; // the session id is in the body; no cookies cross sites
      options.signal = t.signal;
      return {
        controller: t.controller,
        promise: fetch(base + path, options)
          .then(function (res) { return outcome(res, okBody); },
                function () { return { kind: "network" }; })
          .then(function (result) { t.done(); return result; })
      };
    }

    function post(path, body, ms, okBody) {
      return request(path, {
        method: "POST",
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify(body)
      }, ms, okBody);
    }

    return {
      welcome: function () {
        return request("welcome", { method: "GET", cache: "no-store" }, PROBE_TIMEOUT_MS, function (b) {
          return b && typeof b === "object";
        }).promise.then(function (result) {
          // A server that refuses this request for another reason (an older server without the
          // welcome route answers 404) is still a server that answers.
          if (result.kind === "refused" || (result.kind === "error" && result.status === 404)) {
            return { kind: "ok", body: {} };
          }
          return result;
        });
      },

      send: function (sender, message) {
        var call = post("webhook", { sender: sender, message: message }, REQUEST_TIMEOUT_MS, Array.isArray);
        inFlight = call.controller;
        return call.promise.then(function (result) {
          if (inFlight === call.controller) inFlight = null;
          return result;
        });
      },

      feedback: function (payload) {
        return post("feedback", payload, REQUEST_TIMEOUT_MS, function (b) {
          return b && typeof b === "object";
        }).promise;
      },

      cancel: function () {
        if (inFlight) {
          try { inFlight.abort(); } catch (e) { /* already done */ }
        }
        inFlight = null;
      }
    };
  }

  /*
   * Connection state: "online", "offline" (retrying with backoff while someone is looking) or
   * "refused" (this page's origin is not allowed: final, no retries, since nothing will change).
   * probe() asks the server now; the welcome payload of a successful probe goes to onWelcome.
   */
  function connection(transport, hooks) {
    var state = "online";
    var refusedText = "";
    var retryIndex = 0;
    var retryTimer = null;
    var probing = null;
    var active = false; // retry only while the panel is open

    function set(next) {
      var previous = state;
      state = next;
      if (next !== "offline") retryIndex = 0;
      if (previous !== next) hooks.onChange(next, previous);
    }

    function clearRetry() {
      clearTimeout(retryTimer);
      retryTimer = null;
    }

    function scheduleRetry() {
      if (state !== "offline" || retryTimer || !active) return;
      var delay = BACKOFF_MS[Math.min(retryIndex, BACKOFF_MS.length - 1)];
      retryIndex += 1;
      retryTimer = setTimeout(function () {
        retryTimer = null;
        if (state === "offline" && active) probe();
      }, delay);
    }

    function apply(result) {
      if (result.kind === "ok") {
        set("online");
        hooks.onWelcome(result.body || {});
      } else if (result.kind === "origin_refused") {
        refusedText = result.text;
        clearRetry();
        set("refused");
      } else {
        set("offline");
        scheduleRetry();
      }
      return state;
    }

    function probe() {
      if (state === "refused") return Promise.resolve(state);
      if (probing) return probing;
      clearRetry();
      probing = transport.welcome().then(function (result) {
        probing = null;
        return apply(result);
      });
      return probing;
    }

    return {
      state: function () { return state; },
      refusedText: function () { return refusedText; },
      probe: probe,
      // A request failed the way an unreachable server fails.
      lost: function () {
        if (state === "refused") return;
        set("offline");
        scheduleRetry();
      },
      refused: function (text) { apply({ kind: "origin_refused", text: text }); },
      reached: function () { if (state === "offline") set("online"); },
      setActive: function (value) {
        active = value;
        if (!active) clearRetry();
        else if (state === "offline") scheduleRetry();
      }
    };
  }

  modules.transport = { create: create, connection: connection };
})(window.MLEChatWidget.modules);
