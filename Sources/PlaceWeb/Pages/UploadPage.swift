import Foundation
import Hummingbird

/// Uploading a new census: a planner chooses `pupils.csv` or `school_rolls.csv`; the page's script posts the file
/// to `/api/inputs/<file>` and shows the command line's message (file, line, column) when a check fails, or the
/// new base's summary.
enum UploadPage {
    /// The files a census upload may replace (the API's).
    static var files: [String] { ApiRoutes.uploadableFiles }

    /// Registers GET `/upload`.
    static func register(on router: Router<WebContext>, state: AppState) {
        router.get("/upload") { _, context in
            let base = await state.base
            let mayEdit = context.visitor?.role.mayEdit ?? false
            var body =
                "<p>A new census replaces the base once it passes every check the command line makes (the same "
                + "messages, with file, line and column); one that passes with warnings the base did not have is held "
                + "until you choose to use it anyway. The base now is the \(base.run.forecast.origin) census, "
                + "model '\(Pages.escape(base.loaded.model.name))'.</p>"
            if mayEdit {
                body +=
                    "<form id=\"upload-form\" class=\"controls\"><label>File <select id=\"upload-file\">"
                    + files.map { "<option>\($0)</option>" }.joined() + "</select></label>"
                    + "<label>CSV <input type=\"file\" id=\"upload-csv\" accept=\".csv,text/csv\"></label>"
                    + "<button id=\"upload\" type=\"submit\">Upload and check</button> "
                    + "<button id=\"confirm\" type=\"button\" hidden>Use it anyway</button> "
                    + "<button id=\"revert\" type=\"button\">Go back to the base before the last upload</button>"
                    + "</form>"
            } else {
                body += Layout.viewerNote(context.visitor, doing: "upload a census")
            }
            body +=
                "<p id=\"status\" role=\"status\"></p><p id=\"errors\" role=\"alert\"></p>"
                + "<ul id=\"summary\"></ul>"
            return Pages.html(
                Layout.page(
                    title: "Upload a census", visitor: context.visitor, body: body,
                    script: mayEdit ? script : nil))
        }
    }

    /// Reads the chosen file and posts it with the CSRF header; shows a refusal's message verbatim, offers to use a
    /// file with new warnings anyway, or shows the new base's summary; and goes back to the base before the last
    /// upload.
    static let script = #"""
        (function () {
          "use strict";
          var csrf = document.querySelector('meta[name="csrf-token"]').content;
          var $ = function (s) { return document.querySelector(s); };
          var text = null, name = null;
          function show(lines) {
            $("#summary").innerHTML = "";
            lines.forEach(function (line) {
              var li = document.createElement("li");
              li.textContent = line;
              $("#summary").appendChild(li);
            });
          }
          // Posts to `url` (a file, or the revert) and shows the outcome: the message of a refusal verbatim, an offer
          // to use a file with new warnings anyway (409), or the new base's summary.
          function send(url, body, doing, done) {
            $("#errors").textContent = "";
            $("#confirm").hidden = true;
            show([]);
            $("#status").textContent = doing + "…";
            fetch(url, {
              method: "POST", credentials: "same-origin",
              headers: { "Content-Type": "text/csv", "X-CSRF-Token": csrf }, body: body
            }).then(function (response) {
              return response.text().then(function (reply) {
                var json = null;
                try { json = JSON.parse(reply); } catch (e) { json = null; }
                if (!response.ok) {
                  $("#errors").textContent = json && json.error && json.error.message ? json.error.message : reply;
                  $("#status").textContent = doing + ": not done (HTTP " + response.status + ")";
                  $("#confirm").hidden = response.status !== 409 || body === "";
                  return;
                }
                show((json.warnings || []).map(function (w) { return "Warning: " + w; }).concat(json.summary || []));
                $("#status").textContent = done(json);
              });
            }).catch(function (error) {
              $("#errors").textContent = String(error);
              $("#status").textContent = doing + ": failed";
            });
          }
          $("#upload-form").addEventListener("submit", function (event) {
            event.preventDefault();
            var chosen = $("#upload-csv").files[0];
            name = $("#upload-file").value;
            if (!chosen) { $("#errors").textContent = "Choose a CSV file first."; return; }
            chosen.text().then(function (content) {
              text = content;
              send("/api/inputs/" + encodeURIComponent(name), text, "Checking " + name, function () {
                return name + " passed every check and is the base now: done";
              });
            });
          });
          $("#confirm").addEventListener("click", function () {
            send("/api/inputs/" + encodeURIComponent(name) + "?confirm=1", text, "Using " + name + " anyway",
              function () { return name + " is the base now, with the warnings above: done"; });
          });
          $("#revert").addEventListener("click", function () {
            send("/api/inputs/revert", "", "Going back", function (json) {
              return "The upload of " + json.file + " is undone: the base is the one before it: done";
            });
          });
        })();
        """#
}
