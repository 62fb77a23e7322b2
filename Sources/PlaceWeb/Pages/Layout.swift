import Charts
import Foundation
import Hummingbird
import PlaceForecast
import PlaceIO

/// The server-rendered pages of the web app (issue 16): every page route of the contract in
/// `/tmp/notes/web-contract.md`, rendered with the report's CSS and the Charts module's SVG, no external resources,
/// a little plain JavaScript where a page talks to the JSON API.
public enum Pages {
    /// Registers every page route on `router`: `/`, `/areas`, `/areas/:code`, `/schools/:id`, `/scenarios`,
    /// `/scenarios/new`, `/history`, `/downloads`, `/explain`, `/upload`, `/signin` (GET and POST) and POST
    /// `/signout`. `policy` opens and closes sign-in sessions.
    public static func register(on router: Router<WebContext>, state: AppState, policy: AccessPolicy) {
        router.get("/") { _, context in
            let base = await state.base
            return html(Layout.overview(base.report, visitor: context.visitor))
        }
        AreaPages.register(on: router, state: state)
        SchoolPage.register(on: router, state: state)
        ScenarioPages.register(on: router, state: state)
        HistoryPage.register(on: router, state: state)
        DownloadsPage.register(on: router, state: state)
        ExplainPage.register(on: router, state: state)
        UploadPage.register(on: router, state: state)
        SignInPage.register(on: router, state: state, policy: policy)
    }

    /// An HTML response with `status`.
    static func html(_ text: String, status: HTTPResponse.Status = .ok, headers: HTTPFields = [:]) -> Response {
        var fields = headers
        fields[.contentType] = "text/html; charset=utf-8"
        fields[.cacheControl] = "no-store"
        return Response(status: status, headers: fields, body: .init(byteBuffer: ByteBuffer(string: text)))
    }

    /// A page that says what went wrong (a 404 for an unknown area, a 400 for a malformed query), with the nav.
    static func problem(
        _ status: HTTPResponse.Status, title: String, message: String, visitor: Visitor?, more: String = ""
    ) -> Response {
        html(
            Layout.page(
                title: title, visitor: visitor,
                body: "<p class=\"problem\" id=\"problem\">\(escape(message))</p>\(more)"),
            status: status)
    }

    /// `text` escaped for HTML text and attribute values (`&`, `<`, `>`, `"` as the report's, and `'`, which the
    /// pages' single-quoted attributes need too).
    static func escape(_ text: String) -> String {
        SVG.escape(text).replacingOccurrences(of: "'", with: "&#39;")
    }

    /// `text` percent-encoded for a query value.
    static func query(_ text: String) -> String {
        text.addingPercentEncoding(withAllowedCharacters: .alphanumerics.union(CharacterSet(charactersIn: "-_.~")))
            ?? ""
    }

    /// Pupils or places as a whole number with thousands separators (what a person reads).
    static func whole(_ value: Double) -> String { SVG.grouped(value) }

    /// A surplus per cent with one decimal, or "–" without capacity.
    static func percent(_ value: Double?) -> String {
        value.map { String(format: "%.1f%%", $0) } ?? "–"
    }

    /// The CSS class of a surplus per cent against the target and band: `short`, `below`, `band` or `excess` (the
    /// report's heat map colours).
    static func statusClass(_ value: Double?, target: Double = 5, band: Double = 10) -> String {
        guard let value else { return "short" }
        return value < 0 ? "short" : value < target ? "below" : value <= band ? "band" : "excess"
    }

    /// The CSS class of a surplus row's per cent against its own target and band.
    static func statusClass(of row: SurplusRow) -> String {
        statusClass(row.surplusPercent, target: row.targetPercent, band: row.bandPercent)
    }

    /// The "how was this number made" link of one figure: `/explain?area=&year=&group=[&school=]`.
    static func explainLink(area: String, year: Int, group: String, school: String? = nil) -> String {
        var href = "/explain?area=\(query(area))&year=\(year)&group=\(query(group))"
        if let school { href += "&school=\(query(school))" }
        return "<a class=\"explain\" href=\"\(escape(href))\" title=\"How was this number made?\">?</a>"
    }
}

/// The frame every page shares: the report's CSS with a few rules of the app's own, the nav, the CSRF meta tag.
enum Layout {
    /// The nav's links, in the order of the contract.
    static let links: [(String, String)] = [
        ("/", "Overview"), ("/areas", "Areas"), ("/scenarios", "Scenarios"), ("/scenarios/new", "New scenario"),
        ("/history", "History"), ("/downloads", "Downloads"), ("/upload", "Upload census"),
        ("/api/openapi.json", "API"),
    ]

    /// Who sets a school's admission number, in a table cell: "LA" (community and voluntary controlled schools),
    /// or "school" (academies, free, voluntary-aided and foundation schools), where the LA can only ask.
    static func panSetter(_ school: School) -> String {
        school.admissionAuthority == .la
            ? "LA"
            : "<span title=\"An academy, free, voluntary-aided or foundation school: the LA can only ask it to "
                + "change its PAN\">school</span>"
    }

    /// The app's CSS on top of the report's: nav, status colours, forms, the editor's grid.
    static let style = """
        nav.site { display: flex; flex-wrap: wrap; gap: 0.2rem 1rem; align-items: center; padding: 0.4rem 0;
          border-bottom: 2px solid #1f5fa8; margin-bottom: 1rem; font-size: 0.95rem; }
        nav.site a { color: #1f5fa8; text-decoration: none; } nav.site a:hover { text-decoration: underline; }
        nav.site .who { margin-left: auto; color: #555; font-size: 0.85rem; }
        nav.site form { display: inline; } nav.site button { font-size: 0.8rem; }
        .short { background: #f4cccc; } .below { background: #fce5cd; } .band { background: #d9ead3; }
        .excess { background: #cfe2f3; }
        a.explain { font-size: 0.7rem; color: #1f5fa8; margin-left: 0.2rem; text-decoration: none;
          border: 1px solid #9bb; border-radius: 50%; padding: 0 0.25rem; }
        .problem, #errors { color: #8a1c1c; white-space: pre-wrap; } .viewer-note { color: #555;
          font-style: italic; }
        pre.explain-text { background: #f7f7f7; padding: 0.8rem; white-space: pre-wrap; font-size: 0.85rem; }
        table.grid input { width: 4rem; text-align: right; } table.grid input[readonly] { background: #eee;
          color: #666; } table.grid input.changed { background: #fff2a8; font-weight: bold; }
        textarea#scenario-file { width: 100%; min-height: 12rem; font-family: monospace; font-size: 0.85rem; }
        td.changed { font-weight: bold; } td.up::after { content: " ▲"; } td.down::after { content: " ▼"; }
        pre#summary { overflow-x: auto; font-size: 0.85rem; } div.wide { overflow-x: auto; }
        table#comparison td:not(.text), table#compare td:not(.text) { white-space: nowrap; }
        table#comparison, table#compare { font-size: 0.85rem; } table#comparison td.text { min-width: 11rem; }
        .controls label { margin-right: 1rem; } .controls input[type=number] { width: 5rem; }
        details summary { cursor: pointer; }
        """

    /// The nav bar (with who is signed in and a sign-out button, or a sign-in link).
    static func nav(_ visitor: Visitor?) -> String {
        var html = "<nav class=\"site\">"
        html += links.map { "<a href=\"\($0.0)\">\(Pages.escape($0.1))</a>" }.joined(separator: " ")
        if let visitor {
            html += "<span class=\"who\">\(Pages.escape(visitor.name)) (\(visitor.role.rawValue))"
            if !visitor.isLocal {
                html +=
                    " <form method=\"post\" action=\"/signout\"><input type=\"hidden\" name=\"csrf\" value=\""
                    + Pages.escape(visitor.csrfToken) + "\"><button type=\"submit\">Sign out</button></form>"
            }
            html += "</span>"
        } else {
            html += "<span class=\"who\"><a href=\"/signin\">Sign in</a></span>"
        }
        return html + "</nav>"
    }

    /// The CSRF meta tag the pages' JavaScript reads for `X-CSRF-Token`.
    static func csrfMeta(_ visitor: Visitor?) -> String {
        "<meta name=\"csrf-token\" content=\"\(Pages.escape(visitor?.csrfToken ?? ""))\">"
    }

    /// A whole page: `body` (HTML already escaped) under an `<h1>` of `title`, with the nav; `script` is
    /// JavaScript placed at the end of the body.
    static func page(title: String, visitor: Visitor?, body: String, script: String? = nil) -> String {
        """
        <!DOCTYPE html>
        <html lang="en-GB">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        \(csrfMeta(visitor))
        <title>\(Pages.escape(title)) – PlacePlanning</title>
        <style>
        \(ReportTemplates.style)
        \(style)
        </style>
        </head>
        <body>
        \(nav(visitor))
        <h1>\(Pages.escape(title))</h1>
        \(body)
        \(script.map { "<script>\n\($0)\n</script>" } ?? "")
        </body>
        </html>

        """
    }

    /// The overview: the base run's HTML report with the CSRF meta tag, the app's CSS and the nav inserted.
    static func overview(_ report: String, visitor: Visitor?) -> String {
        var text = report
        if let head = text.range(of: "<head>") {
            text.insert(contentsOf: "\n\(csrfMeta(visitor))\n<style>\n\(style)\n</style>", at: head.upperBound)
        }
        if let body = text.range(of: "<body>") {
            text.insert(contentsOf: "\n" + nav(visitor), at: body.upperBound)
        }
        return text
    }

    /// The line a viewer reads where a planner would find edit controls.
    static func viewerNote(_ visitor: Visitor?, doing: String) -> String {
        "<p class=\"viewer-note\" id=\"viewer-note\">\(Pages.escape(visitor?.name ?? "You")) can read and download "
            + "but not \(Pages.escape(doing)): that needs a planner's token (sign in with one).</p>"
    }

    /// A table of `rows` (cells already HTML) under `header` (plain text); columns in `textColumns` left-aligned.
    static func table(
        _ header: [String], _ rows: [[String]], textColumns: Set<Int> = [0], id: String? = nil
    ) -> String {
        var html = "<table\(id.map { " id=\"\($0)\"" } ?? "")><thead><tr>"
        for (index, title) in header.enumerated() {
            html += "<th\(textColumns.contains(index) ? " class=\"text\"" : "")>\(Pages.escape(title))</th>"
        }
        html += "</tr></thead><tbody>"
        for row in rows {
            html +=
                "<tr>"
                + row.enumerated().map { index, cell in
                    "<td\(textColumns.contains(index) ? " class=\"text\"" : "")>\(cell)</td>"
                }.joined() + "</tr>"
        }
        return html + "</tbody></table>"
    }
}
