// Location reports from the subject's phone, kept on the phone until the server has them
// (issue #6: "If the database is briefly unavailable, the subject's app keeps the report and
// retries; nothing accepted is lost").
//
// ReportQueue keeps reports in localStorage (one key per user). Each report's client_id and
// recorded_at are fixed when the position is taken, so a resend is recognised by the server
// (409 correction.report_replayed, nothing stored twice) and keeps its own time (the day's
// passive check-in belongs to the day the position was taken). Reports go oldest first:
//   201 → stored, removed;   409 replayed → already stored, removed;
//   network error, 408, 429, 5xx (503 with Retry-After) → kept, retried with backoff, at once
//   on the window's "online" event and on the next page load;
//   401/403 (signed out, stale CSRF token) → kept until the person signs in again;
//   any other 4xx (bad input, too old, no active file) → removed, the server's message shown.
//
// LocationSharing drives the "share my location" section (correction/_location_sharing.html):
// while the page is open and the person has switched sharing on, it takes the position every
// data-interval-minutes and queues it. All wording comes from the template's data- attributes.
(function () {
  "use strict";

  var BACKOFF_SECONDS = [5, 10, 20, 40, 80, 160, 300];
  var REQUEST_TIMEOUT_MS = 20000;

  function uuid4() {
    if (window.crypto && crypto.randomUUID) return crypto.randomUUID();
    var b = crypto.getRandomValues(new Uint8Array(16));  // randomUUID needs a secure context
    b[6] = (b[6] & 0x0f) | 0x40; b[8] = (b[8] & 0x3f) | 0x80;
    var h = Array.prototype.map.call(b, function (x) { return (x + 0x100).toString(16).slice(1); }).join("");
    return h.slice(0, 8) + "-" + h.slice(8, 12) + "-" + h.slice(12, 16) + "-" + h.slice(16, 20) + "-" + h.slice(20);
  }

  // ISO 8601 with the phone's UTC offset, e.g. 2026-02-10T10:00:00.000+08:00.
  function isoWithZone(date) {
    function pad(n, width) { return String(Math.abs(n)).padStart(width || 2, "0"); }
    var offset = -date.getTimezoneOffset();
    return date.getFullYear() + "-" + pad(date.getMonth() + 1) + "-" + pad(date.getDate()) + "T" +
      pad(date.getHours()) + ":" + pad(date.getMinutes()) + ":" + pad(date.getSeconds()) + "." +
      pad(date.getMilliseconds(), 3) + (offset >= 0 ? "+" : "-") + pad(Math.floor(Math.abs(offset) / 60)) + ":" +
      pad(Math.abs(offset) % 60);
  }

  function ReportQueue(options) {
    this.url = options.url;
    this.csrfToken = options.csrfToken;
    this.storageKey = options.storageKey;
    this.onChange = options.onChange || function () {};
    this.memory = [];      // used only where localStorage is unavailable (private mode, quota)
    this.sending = false;
    this.again = false;
    this.failures = 0;
    this.timer = null;
    this.state = {kind: "idle"};
    var queue = this;
    window.addEventListener("online", function () { queue.flush(); });
    window.addEventListener("storage", function (event) {  // another tab of the same person
      if (event.key === queue.storageKey) queue.notify();
    });
  }

  ReportQueue.prototype.load = function () {
    try {
      var stored = JSON.parse(window.localStorage.getItem(this.storageKey) || "[]");
      return Array.isArray(stored) ? stored.concat(this.memory) : this.memory.slice();
    } catch (error) {
      return this.memory.slice();
    }
  };

  ReportQueue.prototype.save = function (reports) {
    try {
      window.localStorage.setItem(this.storageKey, JSON.stringify(reports));
      this.memory = [];
    } catch (error) {
      this.memory = reports;
    }
  };

  ReportQueue.prototype.size = function () { return this.load().length; };

  // Queue a position as a report; its client_id and recorded_at are fixed now.
  ReportQueue.prototype.add = function (position) {
    var report = {client_id: uuid4(), recorded_at: isoWithZone(new Date(position.timestamp || Date.now())),
                  latitude: position.coords.latitude, longitude: position.coords.longitude,
                  accuracy_m: position.coords.accuracy || null, source: "app"};
    var reports = this.load();
    reports.push(report);
    this.save(reports);
    this.notify();
    this.flush();
    return report;
  };

  ReportQueue.prototype.remove = function (clientId) {
    this.save(this.load().filter(function (report) { return report.client_id !== clientId; }));
  };

  ReportQueue.prototype.notify = function (event) {
    if (event) this.state = event;
    this.onChange(this.state, this.size());
  };

  // POST one report; resolves to {outcome: "stored"|"replayed"|"retry"|"signed_out"|"refused", ...}.
  ReportQueue.prototype.send = function (report) {
    var controller = window.AbortController ? new AbortController() : null;
    var timeout = controller ? setTimeout(function () { controller.abort(); }, REQUEST_TIMEOUT_MS) : null;
    return fetch(this.url, {
      method: "POST", credentials: "same-origin", signal: controller ? controller.signal : undefined,
      headers: {"Content-Type": "application/json", "Accept": "application/json", "X-CSRFToken": this.csrfToken},
      body: JSON.stringify(report)
    }).then(function (response) {
      return response.json().catch(function () { return {}; }).then(function (body) {
        var error = (body && body.error) || {};
        var status = response.status;
        var retryAfter = parseInt(response.headers.get("Retry-After"), 10) || 0;
        if (status === 201) return {outcome: "stored", answer: body};
        if (status === 409 && error.code === "correction.report_replayed") return {outcome: "replayed"};
        if (status === 408 || status === 429 || status >= 500) return {outcome: "retry", retryAfter: retryAfter};
        if (status === 401 || status === 403) return {outcome: "signed_out"};
        return {outcome: "refused", message: error.message || response.statusText};
      });
    }, function () {
      return {outcome: "retry", retryAfter: 0};  // offline, DNS, refused connection, timeout
    }).finally(function () { if (timeout) clearTimeout(timeout); });
  };

  ReportQueue.prototype.retryLater = function (retryAfter) {
    var base = BACKOFF_SECONDS[Math.min(this.failures, BACKOFF_SECONDS.length - 1)];
    this.failures += 1;
    // ±20 % so that phones do not all come back in the same second after an outage.
    var seconds = Math.max(base * (0.8 + Math.random() * 0.4), retryAfter || 0);
    var queue = this;
    clearTimeout(this.timer);
    this.timer = setTimeout(function () { queue.flush(); }, seconds * 1000);
  };

  // Send every queued report, oldest first; stops at the first one that must wait.
  ReportQueue.prototype.flush = function () {
    var queue = this;
    if (this.sending) { this.again = true; return Promise.resolve(); }
    clearTimeout(this.timer);
    this.sending = true;
    this.again = false;

    function next() {
      var report = queue.load()[0];
      if (!report) { queue.failures = 0; return Promise.resolve(); }
      if (queue.state.kind !== "waiting") queue.notify({kind: "sending"});
      return queue.send(report).then(function (result) {
        if (result.outcome === "retry" || result.outcome === "signed_out") {
          queue.notify({kind: result.outcome === "retry" ? "waiting" : "signed_out"});
          queue.retryLater(result.retryAfter);
          return null;
        }
        queue.remove(report.client_id);
        queue.failures = 0;
        if (result.outcome === "refused") queue.notify({kind: "refused", message: result.message, report: report});
        else queue.notify({kind: "stored", report: report, answer: result.answer || null});
        return next();
      });
    }

    return next().finally(function () {
      queue.sending = false;
      if (queue.again) queue.flush();
    });
  };

  function format(text, values) {
    return text.replace(/%\((\w+)\)s/g, function (whole, name) { return name in values ? values[name] : whole; });
  }

  function LocationSharing(section) {
    var data = section.dataset, sharing = this;
    this.section = section;
    this.intervalMs = Math.max(1, parseInt(data.intervalMinutes, 10) || 10) * 60000;
    this.toggleKey = "smartjustice.correction.location-sharing." + data.user;
    this.lastKey = "smartjustice.correction.location-taken." + data.user;
    this.toggle = section.querySelector("[data-sharing-toggle]");
    this.status = section.querySelector("[data-sharing-status]");
    this.checkIn = section.querySelector("[data-sharing-check-in]");
    this.refused = section.querySelector("[data-sharing-refused]");
    this.timer = null;
    this.queue = new ReportQueue({
      url: data.url, csrfToken: data.csrf, storageKey: "smartjustice.correction.location-reports." + data.user,
      onChange: function (state, waiting) { sharing.show(state, waiting); }
    });
    this.toggle.addEventListener("click", function () { sharing.switchTo(!sharing.isOn()); });
    document.addEventListener("visibilitychange", function () {  // timers sleep while the screen is off
      if (document.visibilityState === "visible" && sharing.isOn()) sharing.schedule();
    });
    this.toggle.disabled = false;
    this.render();
    this.queue.notify();
    this.queue.flush();  // reports left from an earlier visit go first
    if (this.isOn()) this.schedule();
  }

  LocationSharing.prototype.isOn = function () {
    try { return window.localStorage.getItem(this.toggleKey) === "on"; } catch (error) { return !!this.on; }
  };

  LocationSharing.prototype.switchTo = function (on) {
    this.on = on;
    try { window.localStorage.setItem(this.toggleKey, on ? "on" : "off"); } catch (error) { /* memory only */ }
    clearTimeout(this.timer);
    if (on) {
      try { window.localStorage.removeItem(this.lastKey); } catch (error) { /* nothing kept */ }
      this.schedule();  // the first position at once
    }
    this.render();
    this.queue.notify(on ? this.queue.state : {kind: "idle"});
  };

  LocationSharing.prototype.render = function () {
    var on = this.isOn();
    this.toggle.setAttribute("aria-pressed", on ? "true" : "false");
    this.toggle.textContent = on ? this.toggle.dataset.stop : this.toggle.dataset.start;
    this.toggle.classList.toggle("btn-primary", !on);
  };

  LocationSharing.prototype.lastTaken = function () {
    try { return parseInt(window.localStorage.getItem(this.lastKey), 10) || 0; } catch (error) { return 0; }
  };

  // Take a position when the last one (from any tab of this person) is an interval old.
  LocationSharing.prototype.schedule = function () {
    var sharing = this;
    clearTimeout(this.timer);
    this.timer = setTimeout(function () {
      if (!sharing.isOn()) return;
      if (Date.now() >= sharing.lastTaken() + sharing.intervalMs - 1000) sharing.take();
      sharing.schedule();
    }, Math.max(0, this.lastTaken() + this.intervalMs - Date.now()));
  };

  LocationSharing.prototype.take = function () {
    var sharing = this, data = this.section.dataset;
    try { window.localStorage.setItem(this.lastKey, String(Date.now())); } catch (error) { /* memory only */ }
    if (!navigator.geolocation) { this.say(data.denied, ""); return; }
    if (!this.queue.size()) this.say(data.locating, "");
    navigator.geolocation.getCurrentPosition(function (position) {
      if (sharing.isOn()) sharing.queue.add(position);
    }, function () {
      sharing.say(data.denied, "message-error");
    }, {enableHighAccuracy: true, timeout: 20000, maximumAge: 60000});
  };

  LocationSharing.prototype.say = function (text, tone) {
    this.status.textContent = text;
    this.status.className = "message" + (tone ? " " + tone : "");
    this.status.hidden = !text;
  };

  LocationSharing.prototype.show = function (state, waiting) {
    var data = this.section.dataset;
    if (state.kind === "stored" && state.answer && state.answer.check_in) this.checkIn.hidden = false;
    if (state.kind === "refused") {  // kept apart: the next report's status must not hide it
      this.refused.textContent = format(data.refused, {message: state.message});
      this.refused.hidden = false;
    }
    var queued = format(waiting === 1 ? data.queuedOne : data.queued, {n: waiting});
    if (state.kind === "waiting" || (state.kind === "idle" && waiting)) {
      this.say(queued, "message-error");
    } else if (state.kind === "signed_out") {
      this.say(format(data.signedOut, {n: waiting}), "message-error");
    } else if (state.kind === "sending" || ((state.kind === "stored" || state.kind === "refused") && waiting)) {
      this.say(data.sending, "");
    } else if (state.kind === "refused") {
      this.say("", "");
    } else if (state.kind === "stored") {
      var at = new Date(state.report.recorded_at);
      this.say(format(data.sent, {time: at.toLocaleTimeString([], {hour: "2-digit", minute: "2-digit"})}),
               "message-success");
    } else if (state.kind === "idle") {
      this.say(this.isOn() ? "" : data.off, "");
    }
  };

  window.SmartJusticeReportQueue = ReportQueue;
  document.addEventListener("DOMContentLoaded", function () {
    var section = document.getElementById("location-sharing");
    if (section) section.locationSharing = new LocationSharing(section);
  });
})();
