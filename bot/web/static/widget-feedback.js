/*
 * Feedback: thumbs up / down under each knowledge answer (a bot message with an answer id).
 * Thumbs down opens an optional reason (at most 500 characters) with Send and Skip; the vote is
 * posted to {server}/webhooks/web/feedback, and once the server has stored it the controls say so.
 * The reader can change the vote later. Votes live in the conversation store, so a reload or
 * another tab shows the same state.
 */
(function (modules) {
  "use strict";

  var MAX_REASON = 500;
  var THANKS = "Thanks for your feedback.";
  var FAILED = "Your feedback could not be sent. Please try again.";
  var el = modules.render.el;
  var icon = modules.render.icon;

  /*
   * deps: {transport, store, connection, idPrefix}
   * Returns {controls(msg) -> element, refresh()}: refresh() redraws every control from the store.
   */
  function create(deps) {
    var views = {};

    function controls(msg) {
      var answerId = msg.answerId;
      var local = { form: false, sending: false, error: "" };
      var box = el("div", "mlecw-feedback");
      box.setAttribute("role", "group");
      box.setAttribute("aria-label", "Rate this answer");

      var row = el("div", "mlecw-fb-row");
      row.appendChild(el("span", "mlecw-fb-question", "Helpful?"));
      var up = thumb("up", "Helpful");
      var down = thumb("down", "Not helpful");
      var status = el("span", "mlecw-fb-status");
      status.setAttribute("role", "status");
      row.appendChild(up);
      row.appendChild(down);
      row.appendChild(status);
      box.appendChild(row);

      var form = el("form", "mlecw-fb-form");
      form.setAttribute("novalidate", "");
      form.hidden = true;
      var reasonId = deps.idPrefix + "-reason-" + msg.id;
      var label = el("label", "mlecw-fb-label", "What was wrong or missing? (optional)");
      label.htmlFor = reasonId;
      var reason = el("textarea", "mlecw-fb-reason");
      reason.id = reasonId;
      reason.rows = 2;
      reason.maxLength = MAX_REASON;
      var count = el("span", "mlecw-fb-count", "0/" + MAX_REASON);
      count.setAttribute("aria-hidden", "true");
      var actions = el("div", "mlecw-fb-actions");
      var send = el("button", "mlecw-fb-send", "Send");
      send.type = "submit";
      var skip = el("button", "mlecw-fb-skip", "Skip");
      skip.type = "button";
      actions.appendChild(count);
      actions.appendChild(skip);
      actions.appendChild(send);
      form.appendChild(label);
      form.appendChild(reason);
      form.appendChild(actions);
      box.appendChild(form);

      function thumb(name, text) {
        var b = el("button", "mlecw-fb-thumb mlecw-fb-" + name);
        b.type = "button";
        b.setAttribute("aria-label", text);
        b.title = text;
        b.setAttribute("aria-pressed", "false");
        b.appendChild(icon(name));
        return b;
      }

      function update() {
        var vote = deps.store.vote(answerId);
        up.setAttribute("aria-pressed", String(!!vote && vote.rating === "up"));
        down.setAttribute("aria-pressed", String(!!vote && vote.rating === "down"));
        up.disabled = down.disabled = local.sending;
        send.disabled = skip.disabled = local.sending;
        form.hidden = !local.form;
        box.classList.toggle("mlecw-fb-voted", !!vote);
        var text = local.error || (local.sending ? "Sending\u2026" : vote ? (vote.text || THANKS) : "");
        if (status.textContent !== text) status.textContent = text;
        status.classList.toggle("mlecw-fb-error", !!local.error);
      }

      function submit(rating, why) {
        local.sending = true;
        local.error = "";
        update();
        var payload = { sender: deps.store.sessionId(), answer_id: answerId, rating: rating };
        if (why) payload.reason = why;
        deps.transport.feedback(payload).then(function (result) {
          local.sending = false;
          if (result.kind === "ok") {
            local.form = false;
            reason.value = "";
            count.textContent = "0/" + MAX_REASON;
            var text = result.body && typeof result.body.text === "string" ? result.body.text.slice(0, 300) : "";
            deps.store.setVote(answerId, rating, why, text);
            (rating === "up" ? up : down).focus();
          } else if (result.kind === "refused") {
            local.error = result.text;
          } else if (result.kind === "origin_refused") {
            deps.connection.refused(result.text);
            local.error = FAILED;
          } else {
            if (result.kind === "network") deps.connection.lost();
            local.error = FAILED;
          }
          update();
        });
      }

      up.addEventListener("click", function () {
        var vote = deps.store.vote(answerId);
        if (local.sending || (vote && vote.rating === "up")) return;
        local.form = false;
        submit("up");
      });
      down.addEventListener("click", function () {
        var vote = deps.store.vote(answerId);
        if (local.sending || (vote && vote.rating === "down" && !local.form)) return;
        local.form = true;
        local.error = "";
        update();
        reason.focus();
      });
      reason.addEventListener("input", function () {
        count.textContent = reason.value.length + "/" + MAX_REASON;
      });
      form.addEventListener("submit", function (e) {
        e.preventDefault();
        submit("down", reason.value.trim().slice(0, MAX_REASON));
      });
      skip.addEventListener("click", function () { submit("down", ""); });
      form.addEventListener("keydown", function (e) {
        if (e.key === "Escape" || e.key === "Esc") {
          e.preventDefault(); // the form closes; the panel stays open
          e.stopPropagation();
          local.form = false;
          update();
          down.focus();
        }
      });

      views[msg.id] = update;
      update();
      return box;
    }

    return {
      controls: controls,
      refresh: function () {
        Object.keys(views).forEach(function (id) { views[id](); });
      },
      forget: function (id) { delete views[id]; }
    };
  }

  modules.feedback = { create: create };
})(window.MLEChatWidget.modules);
