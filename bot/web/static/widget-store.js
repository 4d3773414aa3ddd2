/*
 * Conversation store: the session id, the messages and the reader's votes, kept in localStorage
 * (namespaced per server) so a reload continues the conversation, and shared by every tab of the site.
 *
 * Why merge instead of overwrite: two tabs hold one conversation. If each wrote its own copy, the
 * tab that saved last would erase the other's exchange. So messages are append-only records with
 * unique ids; every write reads what is stored, adds what this tab has that the store lacks, and
 * writes the union. Other tabs hear of it through the `storage` event and merge it in too.
 * A restart (a new session id) is the one write that replaces everything.
 *
 * Stored shape: {sessionId, messages: [message], votes: {answerId: {rating, reason, text, at}}}
 * message: {id, from: "user"|"bot", text, turn, buttons?, answerId?, sources?, greeting?}
 *   turn: the id of the user message a reply answers (the greeting has none).
 */
(function (modules) {
  "use strict";

  var MAX_MESSAGES = 200;
  var MAX_BUTTONS = 12;
  var MAX_SOURCES = 30;
  var SESSION_RE = /^[A-Za-z0-9-]{32,64}$/; // what the server accepts (bot/web/channel.py)

  var backend = (function () {
    try {
      var probe = "__mlecw_probe__";
      window.localStorage.setItem(probe, "1");
      window.localStorage.removeItem(probe);
      return window.localStorage;
    } catch (e) { // privacy mode: this page only
      var mem = {};
      return {
        getItem: function (k) { return Object.prototype.hasOwnProperty.call(mem, k) ? mem[k] : null; },
        setItem: function (k, v) { mem[k] = String(v); },
        removeItem: function (k) { delete mem[k]; }
      };
    }
  })();

  function read(key) {
    try { return backend.getItem(key); } catch (e) { return null; }
  }

  function write(key, value) {
    try { backend.setItem(key, value); } catch (e) { /* quota or privacy mode */ }
  }

  function uuid4() {
    var c = window.crypto;
    if (c && typeof c.randomUUID === "function") {
      try { return c.randomUUID(); } catch (e) { /* insecure context */ }
    }
    var bytes = new Uint8Array(16);
    if (c && typeof c.getRandomValues === "function") c.getRandomValues(bytes);
    else for (var i = 0; i < 16; i++) bytes[i] = Math.floor(Math.random() * 256);
    bytes[6] = (bytes[6] & 0x0f) | 0x40; // version 4
    bytes[8] = (bytes[8] & 0x3f) | 0x80; // RFC 4122 variant
    var hex = [];
    for (var j = 0; j < 16; j++) hex.push((bytes[j] + 0x100).toString(16).slice(1));
    return hex.slice(0, 4).join("") + "-" + hex.slice(4, 6).join("") + "-" + hex.slice(6, 8).join("") +
      "-" + hex.slice(8, 10).join("") + "-" + hex.slice(10, 16).join("");
  }

  // Unique across tabs (two tabs may create a message in the same millisecond).
  function newId() {
    return "m" + Date.now().toString(36) + "-" + uuid4().slice(0, 8);
  }

  function str(value, max) {
    return typeof value === "string" ? value.slice(0, max) : "";
  }

  function safeUrl(value) {
    if (typeof value !== "string") return null;
    try {
      var u = new URL(value.trim());
      return u.protocol === "http:" || u.protocol === "https:" ? u.href : null;
    } catch (e) {
      return null;
    }
  }

  function cleanButtons(list) {
    if (!Array.isArray(list)) return undefined;
    var out = [];
    list.forEach(function (b) {
      if (!b || typeof b !== "object" || out.length >= MAX_BUTTONS) return;
      var title = str(b.title, 200).trim();
      var payload = str(b.payload, 2000);
      if (title || payload) out.push({ title: title || payload, payload: payload || title });
    });
    return out.length ? out : undefined;
  }

  function cleanSources(list) {
    if (!Array.isArray(list)) return undefined;
    var out = [];
    list.forEach(function (s, i) {
      if (!s || typeof s !== "object" || out.length >= MAX_SOURCES) return;
      var title = str(s.title, 500).trim();
      if (!title) return;
      var n = parseInt(s.number, 10);
      out.push({ number: n > 0 ? n : i + 1, title: title, url: safeUrl(s.url) });
    });
    return out.length ? out : undefined;
  }

  // Never trust what comes from the server or from storage: keep known fields of known types.
  function cleanMessage(m) {
    if (!m || typeof m !== "object" || (m.from !== "user" && m.from !== "bot")) return null;
    var out = { id: str(m.id, 80) || newId(), from: m.from, text: str(m.text, 100000) };
    if (typeof m.turn === "string") out.turn = str(m.turn, 80);
    if (m.from === "bot") {
      var buttons = cleanButtons(m.buttons);
      if (buttons) out.buttons = buttons;
      if (typeof m.answerId === "string" && /^[0-9a-f]{32}$/i.test(m.answerId)) out.answerId = m.answerId;
      var sources = cleanSources(m.sources);
      if (sources) out.sources = sources;
      if (m.greeting === true) out.greeting = true;
    }
    return out.text || out.buttons ? out : null;
  }

  // One element of the webhook's reply list -> a message of this store.
  function fromServer(m, turn) {
    if (!m || typeof m !== "object") return null;
    return cleanMessage({
      id: newId(), from: "bot", turn: turn, text: typeof m.text === "string" ? m.text : "",
      buttons: m.buttons, answerId: m.answer_id, sources: m.sources
    });
  }

  function cleanVotes(votes) {
    var out = {};
    if (!votes || typeof votes !== "object") return out;
    Object.keys(votes).forEach(function (id) {
      var v = votes[id];
      if (/^[0-9a-f]{32}$/i.test(id) && v && (v.rating === "up" || v.rating === "down")) {
        out[id] = { rating: v.rating, reason: str(v.reason, 500), text: str(v.text, 300), at: Number(v.at) || 0 };
      }
    });
    return out;
  }

  function parse(raw) {
    if (!raw) return null;
    try {
      var data = JSON.parse(raw);
      if (!data || typeof data !== "object" || !SESSION_RE.test(data.sessionId || "")) return null;
      return {
        sessionId: data.sessionId,
        messages: (Array.isArray(data.messages) ? data.messages : []).map(cleanMessage).filter(Boolean),
        votes: cleanVotes(data.votes)
      };
    } catch (e) {
      return null;
    }
  }

  // Stored messages keep their order; ours that the store lacks go after the rest of their turn.
  function mergeMessages(stored, ours) {
    var out = stored.slice();
    var seen = {};
    out.forEach(function (m) { seen[m.id] = true; });
    ours.forEach(function (m) {
      if (seen[m.id]) return;
      seen[m.id] = true;
      var at = out.length;
      if (m.turn) {
        for (var i = out.length - 1; i >= 0; i--) {
          if (out[i].turn === m.turn || out[i].id === m.turn) { at = i + 1; break; }
        }
      }
      out.splice(at, 0, m);
    });
    return out.slice(-MAX_MESSAGES);
  }

  function mergeVotes(a, b) {
    var out = {};
    Object.keys(a).forEach(function (k) { out[k] = a[k]; });
    Object.keys(b).forEach(function (k) { if (!out[k] || b[k].at > out[k].at) out[k] = b[k]; });
    return out;
  }

  function create(serverUrl) {
    var ns = "mlecw:v2:" + serverUrl;
    var KEY = ns + ":conversation";
    var listeners = [];
    var data = parse(read(KEY)) || migrateV1() || fresh();
    save();

    function fresh() {
      return { sessionId: uuid4(), messages: [], votes: {} };
    }

    // Conversations kept by the first widget (one key per field) carry on.
    function migrateV1() {
      var old = "mlecw:v1:" + serverUrl;
      var session = read(old + ":session_id");
      if (!session || !SESSION_RE.test(session)) return null;
      var messages = [];
      try {
        var list = JSON.parse(read(old + ":transcript") || "[]");
        if (Array.isArray(list)) {
          messages = list.map(function (m) {
            return cleanMessage(m && typeof m === "object" ? {
              from: m.from, text: m.text, buttons: m.buttonsUsed ? undefined : m.buttons, greeting: m.greeting
            } : null);
          }).filter(Boolean);
        }
      } catch (e) { /* unreadable: start with the session only */ }
      if (read(old + ":open") !== null && read(ns + ":open") === null) write(ns + ":open", read(old + ":open"));
      return { sessionId: session, messages: messages, votes: {} };
    }

    // Read, merge, write: nothing another tab stored in the meantime is lost.
    function save() {
      var stored = parse(read(KEY));
      if (stored && stored.sessionId === data.sessionId) {
        data.messages = mergeMessages(stored.messages, data.messages);
        data.votes = mergeVotes(stored.votes, data.votes);
      }
      write(KEY, JSON.stringify(data));
    }

    window.addEventListener("storage", function (e) {
      if (e.key !== KEY) return;
      var stored = parse(e.newValue);
      if (!stored) return;
      var restarted = stored.sessionId !== data.sessionId;
      if (restarted) {
        data = stored; // another tab started a new conversation: follow it
      } else {
        data.messages = mergeMessages(data.messages, stored.messages);
        data.votes = mergeVotes(data.votes, stored.votes);
      }
      listeners.forEach(function (fn) { fn(restarted ? "restart" : "sync"); });
    });

    return {
      sessionId: function () { return data.sessionId; },
      messages: function () { return data.messages.slice(); },
      vote: function (answerId) { return data.votes[answerId] || null; },

      // A whole exchange at once (the question with its replies), or the greeting.
      append: function (messages) {
        data.messages = mergeMessages(data.messages, messages);
        save();
      },

      // text: how the server confirmed it ("Thanks..."), shown again after a reload.
      setVote: function (answerId, rating, reason, text) {
        data.votes[answerId] = { rating: rating, reason: reason || "", text: text || "", at: Date.now() };
        save();
      },

      restart: function () {
        data = fresh();
        write(KEY, JSON.stringify(data));
      },

      onChange: function (fn) { listeners.push(fn); },

      // Small per-site flags: whether the panel was open, whether the launcher was introduced.
      flag: function (name) { return read(ns + ":" + name); },
      setFlag: function (name, value) { write(ns + ":" + name, value); }
    };
  }

  modules.store = { create: create, fromServer: fromServer, newId: newId, safeUrl: safeUrl };
})(window.MLEChatWidget.modules);
