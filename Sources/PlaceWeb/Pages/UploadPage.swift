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
                + "messages, with file, line and column). The base now is the \(base.run.forecast.origin) census, "
                + "model '\(Pages.escape(base.loaded.model.name))'.</p>"
            if mayEdit {
                body +=
                    "<form id=\"upload-form\" class=\"controls\"><label>File <select id=\"upload-file\">"
                    + files.map { "<option>\($0)</option>" }.joined() + "</select></label>"
                    + "<label>CSV <input type=\"file\" id=\"upload-csv\" accept=\".csv,text/csv\"></label>"
                    + "<button id=\"upload\" type=\"submit\">Upload and check</button></form>"
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

    /// Reads the chosen file and posts it with the CSRF header; shows the 400 message verbatim or the summary.
    static let script = #"""
        (function () {
          "use strict";
          var csrf = document.querySelector('meta[name="csrf-token"]').content;
          var $ = function (s) { return document.querySelector(s); };
          $("#upload-form").addEventListener("submit", function (event) {
            event.preventDefault();
            var chosen = $("#upload-csv").files[0], name = $("#upload-file").value;
            $("#errors").textContent = "";
            $("#summary").innerHTML = "";
            if (!chosen) { $("#errors").textContent = "Choose a CSV file first."; return; }
            $("#status").textContent = "Checking " + name + "…";
            chosen.text().then(function (text) {
              return fetch("/api/inputs/" + encodeURIComponent(name), {
                method: "POST", credentials: "same-origin",
                headers: { "Content-Type": "text/csv", "X-CSRF-Token": csrf }, body: text
              });
            }).then(function (response) {
              return response.text().then(function (text) {
                var body = null;
                try { body = JSON.parse(text); } catch (e) { body = null; }
                if (!response.ok) {
                  $("#errors").textContent = body && body.error && body.error.message ? body.error.message : text;
                  $("#status").textContent = name + " was not accepted (HTTP " + response.status + ")";
                  return;
                }
                (body.warnings || []).map(function (w) { return "Warning: " + w; }).concat(body.summary || [])
                  .forEach(function (line) {
                    var li = document.createElement("li");
                    li.textContent = line;
                    $("#summary").appendChild(li);
                  });
                $("#status").textContent = name + " passed every check and is the base now: done";
              });
            }).catch(function (error) {
              $("#errors").textContent = String(error);
              $("#status").textContent = "Upload failed";
            });
          });
        })();
        """#
}
