/* The driver page offline: each tap is queued on the phone with its own id and the time it
   was made, and sent when there is a connection; the server stores each id once, so a tap
   sent twice (an answer lost on the way) does no harm. No framework, no inline script. */
(function () {
  "use strict";
  var KEY = "halte-driver-taps";
  var sending = false;

  function queue() {
    try { return JSON.parse(window.localStorage.getItem(KEY) || "[]"); } catch (e) { return []; }
  }
  function keep(items) { window.localStorage.setItem(KEY, JSON.stringify(items)); }
  function newId() {
    if (window.crypto && window.crypto.randomUUID) { return window.crypto.randomUUID(); }
    return Date.now().toString(36) + "-" + Math.random().toString(36).slice(2, 12);
  }
  function label(name) {
    var connection = document.getElementById("connection");
    return connection ? connection.getAttribute("data-" + name) : "";
  }
  function csrfToken() {
    var input = document.querySelector("input[name=csrfmiddlewaretoken]");
    return input ? input.value : "";
  }
  function showConnection() {
    var connection = document.getElementById("connection");
    if (connection) { connection.textContent = navigator.onLine ? label("online") : label("offline"); }
  }
  function answerFor(url, text, refused) {
    var card = document.querySelector("form[action='" + url + "']");
    card = card ? card.closest(".stop") : null;
    if (!card) { return; }
    var answer = card.querySelector(".tap-answer");
    answer.hidden = false;
    answer.textContent = text;
    answer.className = refused ? "tap-answer" : "tap-answer queued";
  }

  // A photo is made small on the phone before it is queued: local storage holds a few MB.
  function shrink(file, done) {
    if (!file) { done(null); return; }
    var fallback = function () {
      var reader = new FileReader();
      reader.onload = function () { done({ name: file.name, data: reader.result }); };
      reader.onerror = function () { done(null); };
      reader.readAsDataURL(file);
    };
    if (!window.createImageBitmap) { fallback(); return; }
    window.createImageBitmap(file).then(function (bitmap) {
      var scale = Math.min(1, 1600 / Math.max(bitmap.width, bitmap.height));
      var canvas = document.createElement("canvas");
      canvas.width = Math.round(bitmap.width * scale);
      canvas.height = Math.round(bitmap.height * scale);
      canvas.getContext("2d").drawImage(bitmap, 0, 0, canvas.width, canvas.height);
      done({ name: "photo.jpg", data: canvas.toDataURL("image/jpeg", 0.85) });
    }, fallback);  // not decodable here: sent as it is, and the server says why it is refused
  }

  function asBlob(dataUrl) {
    var parts = dataUrl.split(",");
    var type = (parts[0].match(/data:([^;]*)/) || [])[1] || "application/octet-stream";
    var bytes = window.atob(parts[1] || "");
    var array = new Uint8Array(bytes.length);
    for (var i = 0; i < bytes.length; i += 1) { array[i] = bytes.charCodeAt(i); }
    return new Blob([array], { type: type });
  }

  function send() {
    var items = queue();
    if (sending || !items.length || !navigator.onLine) { return; }
    sending = true;
    var item = items[0];
    var body = new FormData();
    Object.keys(item.fields).forEach(function (name) { body.append(name, item.fields[name]); });
    body.append("tapped_at", item.tapped_at);
    if (item.photo) { body.append("photo", asBlob(item.photo.data), item.photo.name); }
    window.fetch(item.url, {
      method: "POST",
      body: body,
      credentials: "same-origin",
      headers: { "Accept": "application/json", "X-CSRFToken": csrfToken() }
    }).then(function (response) {
      return response.json().then(function (answer) { return [response.status, answer]; },
        function () { return [response.status, {}]; });
    }).then(function (result) {
      var status = result[0], answer = result[1];
      sending = false;
      if (status === 401) { answerFor(item.url, label("signed-out"), true); return; }
      if (status >= 500) { return; }  // the server's trouble: the tap stays queued
      keep(queue().filter(function (queued) { return queued.id !== item.id; }));
      if (status >= 400) {
        answerFor(item.url, answer.message || "", true);
        send();
        return;
      }
      if (queue().length) { send(); } else { window.location.reload(); }
    }, function () {
      sending = false;  // no connection after all: try again when the phone is online
    });
  }

  function onSubmit(event) {
    var form = event.target;
    if (!form.hasAttribute("data-tap")) { return; }
    event.preventDefault();
    var tappedAt = new Date().toISOString();
    var fields = {};
    Array.prototype.forEach.call(form.elements, function (element) {
      if (!element.name || element.name === "csrfmiddlewaretoken" || element.type === "file") { return; }
      if ((element.type === "radio" || element.type === "checkbox") && !element.checked) { return; }
      fields[element.name] = element.value;
    });
    fields.client_id = newId();
    var file = form.querySelector("input[type=file]");
    shrink(file && file.files.length ? file.files[0] : null, function (photo) {
      var items = queue();
      items.push({ id: fields.client_id, url: form.getAttribute("action"), fields: fields,
                   tapped_at: tappedAt, photo: photo });
      keep(items);
      answerFor(form.getAttribute("action"), label("queued"), false);
      var card = form.closest(".stop");
      if (fields.kind === "damaged" && card) {
        // The recipient may look now: the next taps wait in the queue behind this one.
        card.querySelector(".actions").hidden = true;
        card.querySelector(".inspection").hidden = false;
      }
      form.reset();
      send();
    });
  }

  document.addEventListener("submit", onSubmit);
  window.addEventListener("online", function () { showConnection(); send(); });
  window.addEventListener("offline", showConnection);
  document.addEventListener("DOMContentLoaded", function () { showConnection(); send(); });
  window.setInterval(send, 15000);
}());
