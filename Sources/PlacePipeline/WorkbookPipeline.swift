import Foundation
import PlaceForecast
import PlaceIO

extension PipelineRun {
    /// The Excel workbook of this run (`placeplan.xlsx`): `summary` is the printed summary, shown in words on the
    /// Summary sheet; `runID` names the run as `run.json` will.
    public func workbook(_ loaded: InputSet, summary: String, runID: String, version: String) throws -> Data {
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
        return try WorkbookReport.workbook(
            WorkbookReport.Contents(
                forecast: forecast, census: loaded.forecastInputs.pupils, planning: planning?.result,
                areas: loaded.supply?.areas ?? [], sendRows: send?.rows ?? [], specialistPlaces: send?.places ?? [],
                summary: summary.components(separatedBy: "\n"), method: method))
    }
}
