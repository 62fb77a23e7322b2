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
            earlyYears: earlyYears?.forecast.rows ?? [], accuracy: AccuracySummary.summarise(calibration))
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
