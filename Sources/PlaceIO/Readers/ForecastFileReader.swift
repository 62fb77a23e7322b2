import Foundation
import PlaceForecast

/// What a previous `placeplan forecast` run folder's `run.json` says (each field nil when absent).
public struct PublishedRunRecord: Sendable, Equatable {
    public var runID: String?
    public var command: String?
    public var model: String?
    /// The forecast's origin (its last census year).
    public var origin: AcademicYear?
    /// The input files as recorded (paths as given to the run, relative to where it was run).
    public var inputPaths: [String]

    public init(
        runID: String? = nil, command: String? = nil, model: String? = nil, origin: AcademicYear? = nil,
        inputPaths: [String] = []
    ) {
        self.runID = runID
        self.command = command
        self.model = model
        self.origin = origin
        self.inputPaths = inputPaths
    }
}

/// Reads a published forecast back: `forecast.csv` as `placeplan forecast` writes it (see
/// ``ForecastReport/forecastCSV(_:)``) and the run's `run.json`. Errors name the file, line and column.
public enum ForecastFileReader {
    /// The columns monitoring needs; the others (`phase`, `method`, `source`, trend and housing pupils) are ignored.
    public static let requiredColumns = [
        "area_code", "area_name", "year", "year_group", "pupils", "lower_80", "upper_80", "lower_95", "upper_95",
    ]

    /// `forecast.csv`: one cell per area × year × year group, with its 80% and 95% bounds (both blank where the
    /// forecast had no interval; one blank without the other, or a lower bound above the upper, is an error).
    public static func cells(_ table: CSVTable) throws(InputError) -> [PublishedForecastCell] {
        let columns = try table.columns(requiredColumns)
        var duplicates = DuplicateGuard<InputReaders.CellKey>()
        var cells: [PublishedForecastCell] = []
        cells.reserveCapacity(table.records.count)
        for record in table.records {
            let code = try record.text("area_code", in: table, at: columns)
            let name = trimmed(record.fields[columns["area_name"]!])
            let year = try record.academicYear("year", in: table, at: columns)
            let label = try record.text("year_group", in: table, at: columns)
            guard let group = YearGroup(label: label) else {
                throw InputError(
                    file: table.file, line: record.line, column: "year_group",
                    columnNumber: columns["year_group"]! + 1, problem: "'\(label)' is not a year group",
                    hint: "forecast.csv holds R or 1 to 13, as placeplan forecast writes it")
            }
            let pupils = try record.count("pupils", in: table, at: columns)
            try duplicates.check(
                InputReaders.CellKey(area: code, year: year, detail: group.label), record, in: table,
                "duplicate row for area \(code), year \(year), year group \(group.label)",
                hint: "A forecast has one row per area, year and year group")
            cells.append(
                PublishedForecastCell(
                    area: Area(code: code, name: name.isEmpty ? code : name), year: AcademicYear(year),
                    yearGroup: group, pupils: pupils,
                    interval80: try interval("lower_80", "upper_80", record, table, columns),
                    interval95: try interval("lower_95", "upper_95", record, table, columns)))
        }
        return cells
    }

    /// A pair of bounds: both blank (no interval) or both numbers with lower ≤ upper.
    private static func interval(
        _ lowerName: String, _ upperName: String, _ record: CSVTable.Record, _ table: CSVTable,
        _ columns: ColumnPositions
    ) throws(InputError) -> ClosedRange<Double>? {
        let lower = try bound(lowerName, record, table, columns)
        let upper = try bound(upperName, record, table, columns)
        switch (lower, upper) {
        case (nil, nil):
            return nil
        case let (low?, high?):
            guard low <= high else {
                throw InputError(
                    file: table.file, line: record.line, column: upperName, columnNumber: columns[upperName]! + 1,
                    problem: "the upper bound \(CSVWriter.number(high)) is below the lower bound "
                        + "\(CSVWriter.number(low)) in '\(lowerName)'",
                    hint: "Check that the bound columns are in the order lower, upper")
            }
            return low...high
        case (nil, _?), (_?, nil):
            let blank = lower == nil ? lowerName : upperName
            throw InputError(
                file: table.file, line: record.line, column: blank, columnNumber: columns[blank]! + 1,
                problem: "'\(blank)' is blank but '\(blank == lowerName ? upperName : lowerName)' is not",
                hint: "Give both bounds of the interval, or leave both blank where there is none")
        }
    }

    /// A bound: blank (nil) or a finite number (negative allowed: housing pupils can pull a bound below 0).
    private static func bound(
        _ name: String, _ record: CSVTable.Record, _ table: CSVTable, _ columns: ColumnPositions
    ) throws(InputError) -> Double? {
        let text = trimmed(record.fields[columns[name]!])
        guard !text.isEmpty else { return nil }
        guard let value = Double(CSVTable.Record.withoutThousandsSeparators(text)), value.isFinite else {
            throw InputError(
                file: table.file, line: record.line, column: name, columnNumber: columns[name]! + 1,
                problem: "'\(text)' is not a number", hint: "Interval bounds are numbers, or blank where there is none")
        }
        return value
    }

    /// `run.json` of a forecast run: the run id, command, model, origin and the input paths, when present.
    public static func runRecord(_ data: Data, file: String) throws(InputError) -> PublishedRunRecord {
        let object: [String: Any]
        do {
            guard let parsed = try JSONSerialization.jsonObject(with: data) as? [String: Any] else {
                throw InputError(file: file, problem: "the file is not a JSON object")
            }
            object = parsed
        } catch let error as InputError {
            throw error
        } catch {
            throw InputError(
                file: file, problem: "the file is not valid JSON",
                hint: "It should be the run.json placeplan forecast wrote; restore it from the run's archive")
        }
        var record = PublishedRunRecord()
        record.runID = object["run_id"] as? String
        record.command = object["command"] as? String
        record.model = object["model"] as? String
        if let origin = object["origin"] {
            guard let year = (origin as? Int) ?? (origin as? String).flatMap({ AcademicYear(label: $0)?.startYear }),
                InputReaders.plausibleYears.contains(year)
            else {
                throw InputError(
                    file: file, column: "origin", problem: "'\(origin)' is not an academic year",
                    hint: "origin is the forecast's last census year, e.g. 2021")
            }
            record.origin = AcademicYear(year)
        }
        if let inputs = object["inputs"] as? [[String: Any]] {
            record.inputPaths = inputs.compactMap { $0["path"] as? String }
        }
        return record
    }

    /// The LA code in a `planning_areas.csv` (its `la_code` column) when it names exactly one LA; nil otherwise.
    public static func laCode(planningAreas table: CSVTable) -> String? {
        guard let index = table.header.firstIndex(of: "la_code") else { return nil }
        let codes = Set(table.records.map { trimmed($0.fields[index]) }.filter { !$0.isEmpty })
        return codes.count == 1 ? codes.first : nil
    }
}
