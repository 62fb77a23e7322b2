import Foundation
import Hummingbird

/// The run history: every run the app made, newest first: who, when, what kind, what changed and its summary.
enum HistoryPage {
    /// Registers GET `/history`.
    static func register(on router: Router<WebContext>, state: AppState) {
        router.get("/history") { _, context in
            let runs = try state.store.runs()
            return Pages.html(Layout.page(title: "Run history", visitor: context.visitor, body: body(runs)))
        }
    }

    /// The table of runs (what changed and the summary folded, their first line shown; for a scenario file, its
    /// first line that is not a comment, e.g. its name).
    static func body(_ runs: [WebStore.Run]) -> String {
        guard !runs.isEmpty else { return "<p>No run is recorded yet.</p>" }
        func folded(_ text: String, empty: String) -> String {
            let lines = text.split(separator: "\n", omittingEmptySubsequences: true)
            guard let first = lines.first(where: { !$0.hasPrefix("#") }) ?? lines.first else { return empty }
            guard lines.count > 1 else { return Pages.escape(String(first)) }
            return
                "<details><summary>\(Pages.escape(String(first)))</summary><pre>\(Pages.escape(text))</pre></details>"
        }
        let rows = runs.map { run -> [String] in
            [
                String(run.id), Pages.escape(run.startedAt.replacingOccurrences(of: "T", with: " ")),
                Pages.escape(run.user),
                Pages.escape(run.kind)
                    + (run.scenarioID.map { " (<a href=\"/scenarios?compare=\($0)\">scenario \($0)</a>)" } ?? ""),
                Pages.escape(run.inputs), folded(run.changes, empty: "none (the base)"),
                folded(run.summary, empty: ""),
            ]
        }
        return "<p>Every forecast, scenario run, saved scenario and census upload, newest first (times in UTC).</p>"
            + Layout.table(
                ["Run", "When", "Who", "Kind", "Inputs", "What changed", "Summary"], rows,
                textColumns: [1, 2, 3, 4, 5, 6], id: "runs")
    }
}
