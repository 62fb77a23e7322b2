import Foundation
import Hummingbird

/// The downloads: the output files of the base run (its CSVs, the workbook, the report), each a link to
/// `/downloads/NAME`.
enum DownloadsPage {
    /// What each output file holds, for the reader choosing one.
    static let descriptions: [String: String] = [
        "forecast.csv": "Pupils by planning area, year group and year, with 80% and 95% intervals",
        "ratios.csv": "The fitted ratios (reception, survival, transfer) behind the forecast",
        "surplus.csv": "Capacity, pupils and surplus % by planning area and year",
        "places_needed.csv": "Pupils minus places by area, year group and year (DfE places needed)",
        "build_needs.csv": "Places to build, when, and the decision year",
        "deficit_risk.csv": "Each school's roll, income change and deficit risk by year",
        "send.csv": "EHC plans by age band and year",
        "specialist_places.csv": "Special-school places needed against capacity",
        WebApp.Base.workbookName: "The workbook: every table above, one sheet each",
        WebApp.Base.reportName: "The report: findings, heat map, fan charts (print on A4)",
    ]

    /// Registers GET `/downloads`.
    static func register(on router: Router<WebContext>, state: AppState) {
        router.get("/downloads") { _, context in
            let base = await state.base
            var sizes = Dictionary(base.run.files.map { ($0.0, $0.1.utf8.count) }) { first, _ in first }
            sizes[WebApp.Base.workbookName] = base.workbook.count
            sizes[WebApp.Base.reportName] = base.report.utf8.count
            let rows = base.downloads.map { name -> [String] in
                let link = "/downloads/\(Pages.query(name))"
                return [
                    "<a href=\"\(Pages.escape(link))\" download>\(Pages.escape(name))</a>",
                    Pages.escape(descriptions[name] ?? ""),
                    sizes[name].map { ByteCountFormatter.string(fromByteCount: Int64($0), countStyle: .file) } ?? "",
                ]
            }
            let body =
                "<p>The files of the forecast this app serves (model '\(Pages.escape(base.loaded.model.name))', "
                + "origin \(base.run.forecast.origin)); CSV files keep full precision and add an academic_year "
                + "column.</p>"
                + Layout.table(["File", "What it holds", "Size"], rows, textColumns: [0, 1], id: "files")
            return Pages.html(Layout.page(title: "Downloads", visitor: context.visitor, body: body))
        }
    }
}
