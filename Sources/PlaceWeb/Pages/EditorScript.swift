/// The scenario editor's JavaScript (plain, no library): the grid writes the scenario file, Run and Save post it
/// to the API with the CSRF token, and the answer fills the comparison table.
enum EditorScript {
    /// The script, placed at the end of the editor page's body.
    static let source = #"""
        (function () {
          "use strict";
          var csrf = document.querySelector('meta[name="csrf-token"]').content;
          var $ = function (s) { return document.querySelector(s); };
          var file = $("#scenario-file"), status = $("#status"), errors = $("#errors");
          var q = function (s) { return JSON.stringify(String(s)); };
          var rows = function (s) { return Array.prototype.slice.call(document.querySelectorAll(s)); };

          // A row's PAN changes: from the first year a value differs from the base, and each year it changes again.
          function panChanges() {
            var out = [];
            rows("#pan-grid tbody tr").forEach(function (row) {
              var cells = Array.prototype.slice.call(row.querySelectorAll("input.pan"));
              var entry = row.dataset.entry !== row.dataset.firstEntry
                ? ", entry_year_group: " + row.dataset.entry : "";
              cells.forEach(function (cell, i) {
                var v = Number(cell.value), b = Number(cell.dataset.base);
                cell.classList.toggle("changed", v !== b);
                if (i === 0 && v === b) return;
                var pv = i > 0 ? Number(cells[i - 1].value) : NaN, pb = i > 0 ? Number(cells[i - 1].dataset.base) : NaN;
                var differs = v !== b && (i === 0 || v !== pv || b !== pb || pv === pb);
                var reverts = v === b && i > 0 && pv !== pb;
                if (differs || reverts) {
                  out.push("  - { school: " + q(row.dataset.school) + ", from: " + cell.dataset.year + ", pan: " + v +
                    entry + " }");
                }
              });
            });
            return out;
          }

          // Runs of equal places in an area's row become one change; a run reaching the last year is permanent.
          function capacityChanges() {
            var out = [];
            rows("#capacity-grid tbody tr").forEach(function (row) {
              var cells = Array.prototype.slice.call(row.querySelectorAll("input.capacity"));
              var i = 0;
              while (i < cells.length) {
                var v = Number(cells[i].value) || 0;
                cells[i].classList.toggle("changed", v !== 0);
                var j = i;
                while (j + 1 < cells.length && (Number(cells[j + 1].value) || 0) === v) {
                  j++;
                  cells[j].classList.toggle("changed", v !== 0);
                }
                if (v !== 0) {
                  out.push("  - { area: " + q(row.dataset.area) + ", phase: " + row.dataset.phase + ", places: " + v +
                    ", from: " + cells[i].dataset.year +
                    (j === cells.length - 1 ? "" : ", until: " + cells[j].dataset.year) + " }");
                }
                i = j + 1;
              }
            });
            return out;
          }

          // The scenario file the grid and the fields make.
          function yaml() {
            var lines = ["name: " + q($("#scenario-name").value.trim() || "my-scenario")];
            var description = $("#scenario-description").value.trim();
            if (description) lines.push("description: " + q(description));
            var pans = panChanges(), places = capacityChanges();
            if (pans.length) lines = lines.concat(["pan_changes:"], pans);
            if (places.length) lines = lines.concat(["capacity_changes:"], places);
            var births = Number($("#births-percent").value) || 0;
            if (births) lines.push("births: { percent: " + births + " }");
            var housing = Number($("#housing-percent").value) || 0, delay = Number($("#housing-delay").value) || 0;
            var parts = [];
            if (housing) parts.push("percent: " + housing);
            if (delay) parts.push("delay_years: " + delay);
            if (parts.length) lines.push("housing: { " + parts.join(", ") + " }");
            var send = Number($("#send-growth").value) || 0;
            if (send) lines.push("send_growth_points: " + send);
            var extra = $("#extra-yaml").value.trim();
            if (extra) lines.push(extra);
            return lines.join("\n") + "\n";
          }
          function refresh() { file.value = yaml(); }

          // A PAN typed into a cell carries on into the later years that held the value it replaced.
          rows("#pan-grid input.pan").forEach(function (cell) {
            cell.dataset.was = cell.value;
            function edited() {
              var old = cell.dataset.was, row = cell.closest("tr");
              var cells = Array.prototype.slice.call(row.querySelectorAll("input.pan"));
              cells.slice(cells.indexOf(cell) + 1).forEach(function (later) {
                if (!later.readOnly && later.value === old) {
                  later.value = cell.value;
                  later.dataset.was = cell.value;
                }
              });
              cell.dataset.was = cell.value;
              refresh();
            }
            cell.addEventListener("input", edited);
            cell.addEventListener("change", edited);
          });
          rows("#capacity-grid input, .controls input").forEach(function (input) {
            input.addEventListener("input", refresh);
            input.addEventListener("change", refresh);
          });
          if (file.dataset.loaded !== "1") refresh();

          // A scenario file's flow-style PAN changes (the advisor's format) put into the grid.
          function fill(text) {
            var re = new RegExp('school:\\s*"?([^",}\\s]+)"?\\s*,\\s*from:\\s*(\\d{4})\\s*,\\s*pan:\\s*([\\d.]+)' +
              '(?:\\s*,\\s*entry_year_group:\\s*"?(\\w+)"?)?', "g");
            // Comments are not changes: the advisor lists the requests the LA could make of own-admission-authority
            // schools as comments.
            var code = text.split("\n").map(function (line) { return line.replace(/(^|\s)#.*$/, ""); }).join("\n");
            var m;
            while ((m = re.exec(code)) !== null) {
              var school = m[1], from = Number(m[2]), pan = m[3], entry = m[4];
              rows('#pan-grid input.pan[data-school="' + school + '"]').forEach(function (cell) {
                var row = cell.closest("tr");
                if (entry ? row.dataset.entry !== entry : row.dataset.entry !== row.dataset.firstEntry) return;
                if (Number(cell.dataset.year) >= from) { cell.value = pan; cell.dataset.was = pan; }
              });
            }
            var name = /^name:\s*"?([^"\n]*)"?\s*$/m.exec(text);
            if (name) $("#scenario-name").value = name[1];
            var description = /^description:\s*"?([^"\n]*)"?\s*$/m.exec(text);
            if (description) $("#scenario-description").value = description[1];
            panChanges();
          }

          function message(response, text) {
            try {
              var body = JSON.parse(text);
              if (body && body.error && body.error.message) return body.error.message;
            } catch (e) { /* not JSON: the text itself */ }
            return text || ("HTTP " + response.status);
          }

          function percent(v) { return v === null || v === undefined ? "–" : Number(v).toFixed(1); }
          function statusClass(v) {
            if (v === null || v === undefined) return "short";
            return v < 0 ? "short" : v < 5 ? "below" : v <= 10 ? "band" : "excess";
          }

          // The comparison table from a scenario's results: one row per area and phase, one cell per year.
          function compare(result) {
            var table = $("#comparison"), years = [], byKey = {}, names = {};
            (result.surplus || []).forEach(function (r) {
              if (years.indexOf(r.year) < 0) years.push(r.year);
              var key = r.areaCode + "|" + r.phase;
              if (!byKey[key]) byKey[key] = {};
              byKey[key][r.year] = r;
              if (r.areaName) names[key] = r.areaName;
            });
            years.sort();
            var head = "<tr><th class=\"text\">Area</th>";
            years.forEach(function (y) {
              head += "<th>" + y + "/" + String((y + 1) % 100).padStart(2, "0") + "</th>";
            });
            table.tHead.innerHTML = head + "</tr>";
            var body = table.tBodies[0];
            body.innerHTML = "";
            // Planning areas by code, then the LA totals (named by their code only).
            var isLA = function (key) { return !names[key] || names[key] === key.split("|")[0]; };
            Object.keys(byKey).sort(function (a, b) {
              return isLA(a) !== isLA(b) ? (isLA(a) ? 1 : -1) : (a < b ? -1 : a > b ? 1 : 0);
            }).forEach(function (key) {
              var parts = key.split("|"), tr = document.createElement("tr");
              tr.dataset.area = parts[0];
              tr.dataset.phase = parts[1];
              var th = document.createElement("td");
              th.className = "text";
              var name = names[key] && names[key] !== parts[0] ? " " + names[key] : "";
              // A planning area's code says its phase (P primary, S secondary); an LA total says it in words.
              th.textContent = (name ? parts[0] + name : "LA " + parts[0] + " " + parts[1]);
              tr.appendChild(th);
              years.forEach(function (y) {
                var r = byKey[key][y], td = document.createElement("td");
                td.dataset.year = String(y);
                if (r) {
                  var b = r.baseSurplusPercent, s = r.scenarioSurplusPercent;
                  td.dataset.base = percent(b);
                  td.dataset.scenario = percent(s);
                  td.textContent = percent(b) + " → " + percent(s);
                  td.className = statusClass(s);
                  if (b !== null && s !== null && Math.abs(s - b) >= 0.05) {
                    td.classList.add("changed", s > b ? "up" : "down");
                  }
                }
                tr.appendChild(td);
              });
              body.appendChild(tr);
            });
          }

          // The scenario summary is a table in fixed-width text: shown as it is.
          function summary(lines) { $("#summary").textContent = (lines || []).join("\n"); }

          // What the file asks that changes nothing: shown where errors go, so it is not missed.
          function warn(lines) {
            errors.textContent = (lines || []).map(function (line) { return "Warning: " + line; }).join("\n");
          }

          function post(url, doing, done) {
            errors.textContent = "";
            status.textContent = doing + "…";
            fetch(url, {
              method: "POST", credentials: "same-origin",
              headers: { "Content-Type": "application/yaml", "X-CSRF-Token": csrf }, body: file.value
            }).then(function (response) {
              return response.text().then(function (text) {
                if (!response.ok) {
                  errors.textContent = message(response, text);
                  status.textContent = doing + " failed (HTTP " + response.status + ")";
                  return;
                }
                done(JSON.parse(text));
              });
            }).catch(function (error) {
              errors.textContent = String(error);
              status.textContent = doing + " failed";
            });
          }

          var run = $("#run"), save = $("#save");
          if (run) run.addEventListener("click", function () {
            post("/api/scenarios/run", "Running", function (result) {
              compare(result);
              summary(result.summary);
              warn(result.warnings);
              status.textContent = "Ran '" + result.name + "': done";
            });
          });
          if (save) save.addEventListener("click", function () {
            post("/api/scenarios", "Saving", function (saved) {
              if (saved.results) {
                compare(saved.results);
                summary(saved.results.summary);
                warn(saved.results.warnings);
              }
              status.textContent = "Saved '" + saved.name + "' as scenario " + saved.id + " (see Scenarios): done";
            });
          });

          var suggestion = $("#suggestion");
          if (suggestion) {
            fetch("/api/scenarios/suggest", { credentials: "same-origin" }).then(function (response) {
              return response.text().then(function (text) {
                if (!response.ok) {
                  suggestion.textContent = "";
                  errors.textContent = message(response, text);
                  return;
                }
                var body = JSON.parse(text);
                fill(body.file);
                file.value = body.file;
                suggestion.innerHTML = "<p>The advisor's suggestion is in the grid: change any PAN before running or " +
                  "saving.</p><ul></ul>";
                (body.summary || []).forEach(function (line) {
                  var li = document.createElement("li");
                  li.textContent = line;
                  suggestion.querySelector("ul").appendChild(li);
                });
                status.textContent = "Suggestion loaded: done";
              });
            });
          }
        })();
        """#
}
