// Live checks and preview while an administrator types; the server runs the same checks on save.
(function () {
  "use strict";
  var form = document.getElementById("tr-form");
  if (!form) { return; }
  var limit = parseInt(form.getAttribute("data-limit"), 10);
  var timer = null;

  function show(result) {
    var checks = document.getElementById("checks");
    checks.textContent = "";
    if (result.problems.length === 0) {
      var ok = document.createElement("p");
      ok.className = "small tr-ok";
      ok.textContent = result.ok || "All checks pass.";  // in the page's language
      checks.appendChild(ok);
    } else {
      var list = document.createElement("ul");
      list.className = "tr-problems";
      result.problems.forEach(function (p) {
        var item = document.createElement("li");
        item.className = p.blocking ? "blocking" : "warning";
        item.textContent = p.message;
        list.appendChild(item);
      });
      checks.appendChild(list);
    }
    document.getElementById("preview").innerHTML = result.preview;  // rendered and escaped by the server
    result.lengths.forEach(function (n, i) {
      var label = document.getElementById("length_" + i);
      if (label) {
        label.textContent = (result.length_labels && result.length_labels[i]) || (n + " characters (at most " + limit + ")");
        label.classList.toggle("over", n > limit);
      }
    });
  }

  function check() {
    var data = new FormData(form);
    fetch(form.getAttribute("data-check"), { method: "POST", body: data, credentials: "same-origin" })
      .then(function (response) { return response.ok ? response.json() : null; })
      .then(function (result) { if (result) { show(result); } })
      .catch(function () { /* the server still checks on save */ });
  }

  form.addEventListener("input", function () {
    if (timer) { clearTimeout(timer); }
    timer = setTimeout(check, 250);
  });
})();
