import Foundation
import PlaceForecast
import PlaceIO

/// `placeplan monitor`: a previous forecast run (its `forecast.csv` and `run.json`) set against a newer census in
/// the `pupils.csv` layout. Reads, compares (``Monitoring``) and formats; never prints and writes nothing (the
/// caller commits ``files`` and ``workbook()`` through ``RunDirectory``).
public struct MonitorRun: Sendable {
    public let result: MonitoringResult
    /// What the run's `run.json` said (empty when the folder has none).
    public let published: PublishedRunRecord
    /// The LA code of the LA rows: from the run's `planning_areas.csv` when it names one LA, else "LA".
    public let laCode: String
    /// Things the user should know that do not stop the comparison (areas in one file but not the other, no
    /// run.json, the census's text encoding).
    public let warnings: [String]
    /// The printed summary in words.
    public let summary: String
    /// Every file read: its path as given, its size in bytes and its SHA-256 (for `run.json`).
    public let inputs: [InputSet.FileRecord]

    /// Reads `runFolder`/forecast.csv (and run.json, when present) and `census`, and compares them. Paths are as
    /// the user typed them (relative to the working directory). Throws an ``InputError`` naming the file (and line
    /// and column where one is at fault) when a file is missing or wrong, or when no year is in both.
    public init(runFolder: String, census: String) throws(InputError) {
        var warnings: [String] = []
        var inputs: [InputSet.FileRecord] = []
        func read(_ path: String, hint: String) throws(InputError) -> Data {
            guard FileManager.default.fileExists(atPath: path),
                let data = FileManager.default.contents(atPath: path)
            else { throw InputError(file: path, problem: "file not found", hint: hint) }
            inputs.append(InputSet.FileRecord(path: path, bytes: data.count, checksum: RunDirectory.checksum(of: data)))
            return data
        }

        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: runFolder, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw InputError(
                file: runFolder, problem: "the run folder does not exist",
                hint: "--run names a folder written by placeplan forecast (with forecast.csv and run.json)")
        }
        let forecastPath = (runFolder as NSString).appendingPathComponent("forecast.csv")
        let recordPath = (runFolder as NSString).appendingPathComponent(RunDirectory.recordName)
        let isBacktest = FileManager.default.fileExists(
            atPath: (runFolder as NSString).appendingPathComponent("backtest.csv"))
        let forecastData = try read(
            forecastPath,
            hint: isBacktest
                ? "This folder holds a backtest; --run needs a folder written by placeplan forecast"
                : "--run names a folder written by placeplan forecast (with forecast.csv and run.json)")
        let cells = try ForecastFileReader.cells(CSVTable(data: forecastData, file: forecastPath))

        var published = PublishedRunRecord()
        if FileManager.default.fileExists(atPath: recordPath) {
            published = try ForecastFileReader.runRecord(read(recordPath, hint: ""), file: recordPath)
            if let command = published.command, command != "forecast" {
                throw InputError(
                    file: recordPath, column: "command",
                    problem: "the run was made by placeplan \(command), not placeplan forecast",
                    hint: "--run names a folder written by placeplan forecast")
            }
        }
        guard let firstYear = cells.map(\.year).min() else {
            throw InputError(file: forecastPath, problem: "the file has no rows")
        }
        let origin: AcademicYear
        if let recorded = published.origin {
            guard recorded < firstYear else {
                throw InputError(
                    file: recordPath, column: "origin",
                    problem:
                        "the origin \(recorded) is not before the first forecast year \(firstYear) in forecast.csv",
                    hint: "run.json and forecast.csv should come from the same run")
            }
            origin = recorded
        } else {
            origin = firstYear.advanced(by: -1)
            warnings.append(
                "\(recordPath) not found: the forecast's origin is taken as \(origin), the year before its first year")
        }

        let censusData = try read(census, hint: "Give the newer census in the pupils.csv layout (--census FILE)")
        let censusTable = try CSVTable(data: censusData, file: census)
        warnings += censusTable.warnings
        let censusCells = try InputReaders.pupils(censusTable)

        // The LA's code from the planning areas the forecast was run with, when they are still there.
        var laCode = "LA"
        if let areasPath = published.inputPaths.first(where: { $0.hasSuffix("planning_areas.csv") }),
            let table = try? CSVTable(contentsOf: URL(fileURLWithPath: areasPath), displayPath: areasPath),
            let code = ForecastFileReader.laCode(planningAreas: table)
        {
            laCode = code
        }

        let result: MonitoringResult
        do {
            result = try Monitoring.compare(
                forecast: cells, origin: origin, census: censusCells,
                la: Area(code: laCode, name: "All areas"))
        } catch {
            throw InputError(
                file: census, problem: error.message,
                hint: "Give a census with at least one forecast year (normally \(origin.advanced(by: 1).startYear), "
                    + "the year after the forecast's origin) and the forecast's areas")
        }
        func named(_ areas: [Area]) -> String {
            let shown = areas.prefix(12).map { $0.name == $0.code ? $0.code : "\($0.code) (\($0.name))" }
            return shown.joined(separator: ", ") + (areas.count > 12 ? " and \(areas.count - 12) more" : "")
        }
        if !result.censusAreasNotForecast.isEmpty {
            warnings.append(
                "\(census): \(result.censusAreasNotForecast.count) area(s) in the census are not in the forecast "
                    + "and are left out: \(named(result.censusAreasNotForecast))")
        }
        if !result.forecastAreasNotInCensus.isEmpty {
            warnings.append(
                "\(census): \(result.forecastAreasNotInCensus.count) forecast area(s) have no census figures in "
                    + "\(result.years.map(\.description).joined(separator: ", ")) and are left out: "
                    + named(result.forecastAreasNotInCensus))
        }

        self.result = result
        self.published = published
        self.laCode = laCode
        self.warnings = warnings
        self.inputs = inputs
        self.summary = MonitoringReport.summary(
            result,
            context: MonitoringReport.Context(
                runFolder: runFolder, runID: published.runID, model: published.model, census: census))
    }

    /// Refuses an output folder that is the run folder itself (writing there would archive the forecast away).
    public static func checkOutput(_ out: String, runFolder: String) throws(InputError) {
        let outURL = URL(fileURLWithPath: out).standardizedFileURL.resolvingSymlinksInPath()
        let runURL = URL(fileURLWithPath: runFolder).standardizedFileURL.resolvingSymlinksInPath()
        if outURL.path == runURL.path {
            throw InputError(
                file: out, problem: "the output folder is the forecast run folder being monitored",
                hint: "Choose another --out (the default is outputs/monitor)")
        }
    }

    /// The CSV files, as (file name, text), in the order they are written.
    public var files: [(String, String)] {
        [
            ("monitoring.csv", MonitoringReport.monitoringCSV(result)),
            ("monitoring_cells.csv", MonitoringReport.cellsCSV(result)),
        ]
    }

    /// `monitor.xlsx`'s bytes.
    public func workbook() throws -> Data { try MonitoringReport.workbook(result) }

    /// The run record (`run.json` beside the outputs).
    public func record(runFolder: String, version: String) -> [String: Any] {
        var record: [String: Any] = [
            "command": "monitor",
            "placeplan_version": version,
            "forecast_run": runFolder,
            "origin": result.origin.startYear,
            "years": result.years.map(\.startYear),
            "la_code": laCode,
            "interval_convention": MonitoringReport.intervalConvention,
            "inputs": inputs.map { ["path": $0.path, "bytes": $0.bytes, "sha256": $0.checksum] },
        ]
        if let runID = published.runID { record["forecast_run_id"] = runID }
        if let model = published.model { record["model"] = model }
        var scorecard: [String: Any] = [:]
        for figure in result.scorecard(horizon: 1) {
            if let value = figure.errorPercent { scorecard[figure.phase.rawValue] = (value * 100).rounded() / 100 }
        }
        if !scorecard.isEmpty { record["dfe_one_year_error_pct"] = scorecard }
        return record
    }
}
