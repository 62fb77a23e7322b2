import Dispatch
import Foundation
import PlaceForecast
import PlaceIO

extension PipelineRun {
    /// What the workbook and the HTML report are made from: this run, with `summary` (the printed summary) as the
    /// workbook's Summary sheet and `runID` naming the run as `run.json` will.
    public func reportContents(
        _ loaded: InputSet, summary: String, runID: String, version: String
    )
        -> WorkbookReport.Contents
    {
        var method: [(String, String)] = [
            ("Run id", runID), ("PlacePlanning version", version),
            ("Model", "\(loaded.model.name) (\(loaded.modelPath ?? "built-in default"))"),
            ("Origin (last census)", "\(forecast.origin) (January \(forecast.origin.startYear + 1) census)"),
            ("Forecast years", "\(forecast.years.lowerBound) to \(forecast.years.upperBound)"),
            ("Academic years", "named by their first calendar year in the CSV files: 2022 = 2022/23"),
            ("Births", "ONS mid-year (July to June); Reception in 2022/23 draws on births of mid-year 2018"),
            ("Sources", "DfE school census and SEN2, ONS births (Open Government Licence v3.0); see inputs/README.md"),
        ]
        method += loaded.files.map { ("Input: \($0.path)", "\($0.bytes) bytes, checksum \($0.checksum)") }
        return WorkbookReport.Contents(
            forecast: forecast, census: loaded.forecastInputs.pupils, planning: planning?.result,
            areas: loaded.supply?.areas ?? [], sendRows: send?.rows ?? [], specialistPlaces: send?.places ?? [],
            summary: summary.components(separatedBy: "\n"), method: method,
            earlyYears: earlyYears?.forecast.rows ?? [], accuracy: accuracy)
    }

    /// The printed summary of the run: the forecast, then supply (surplus, build needs, deficit risk), SEND and
    /// early years, in paragraphs. What `placeplan forecast` prints and the web app's overview shows.
    public func summary(_ loaded: InputSet) -> String {
        var summary = [
            ForecastReport.summary(
                forecast, areaCount: Set(forecast.rows.map(\.area.code)).count,
                knownIntakesFile: loaded.knownIntakes?.file)
        ]
        if let planning, let supply = loaded.supply {
            summary.append(PlanningReport.summary(planning.result, areas: supply.areas))
        }
        if let send { summary.append(send.summary) }
        if let earlyYears {
            summary.append(earlyYears.summary)
        } else if let note = loaded.earlyYearsNote {
            summary.append(note)
        }
        return summary.joined(separator: "\n\n")
    }

    /// Every output of the run: the CSV files (``files``), the workbook and the HTML report. The workbook, most of
    /// the writing (libxlsxwriter's XML and deflate), is made on one thread while the report and the CSV text are
    /// made on another; each comes out as when made alone.
    public func outputs(
        _ loaded: InputSet, summary: String, runID: String, version: String
    ) throws -> (files: [(String, String)], workbook: Data, report: String) {
        // Only read once made, by both threads (values, so no copy is changed).
        let contents = ReadOnly(reportContents(loaded, summary: summary, runID: runID, version: version))
        let births = loaded.forecastInputs.births
        // The workbook and the report, side by side.
        let documents = Parallel.map(2) { index in
            index == 0
                ? Result { try WorkbookReport.workbook(contents.value) }
                : Result { Data(try HTMLReport.html(contents.value, births: births).utf8) }
        }
        let report = String(decoding: try documents[1].get(), as: UTF8.self)
        return (files, try documents[0].get(), report)
    }

    /// The Excel workbook (`placeplan.xlsx`) and the one-file HTML report (`report.html`) of this run.
    public func documents(
        _ loaded: InputSet, summary: String, runID: String, version: String
    ) throws
        -> (workbook: Data, report: String)
    {
        let contents = reportContents(loaded, summary: summary, runID: runID, version: version)
        return (
            try WorkbookReport.workbook(contents),
            try HTMLReport.html(contents, births: loaded.forecastInputs.births)
        )
    }
}

/// A value shared read-only between the threads of ``PipelineRun/outputs(_:summary:runID:version:)``: it is never
/// changed after it is made, and its arrays and strings are values, so concurrent reads are safe.
private final class ReadOnly<Value>: @unchecked Sendable {
    let value: Value
    init(_ value: Value) { self.value = value }
}
