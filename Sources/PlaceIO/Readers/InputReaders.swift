import Foundation
import PlaceForecast

/// Readers of the input CSV files. Each checks its file completely and throws the first ``InputError`` found,
/// naming the file, line and column.
public enum InputReaders {
    /// Plausible academic and births years; anything outside is a typo.
    static let plausibleYears = 1900...2200
    /// The largest count one row may hold (pupils, births, dwellings, places): England has about 600,000 births
    /// and 700,000 pupils per year group, so more than 10 million in one cell is a typo or cells run together.
    static let largestPlausibleCount = 10_000_000.0

    /// `pupils.csv`: `area_code,area_name,year,year_group,pupils` (extra columns ignored).
    ///
    /// `year` is the academic year's first calendar year (January census inside it); `year_group` is `R` or
    /// `1`…`14`. Each area must cover consecutive years; duplicate (area, year, year group) rows are errors.
    ///
    /// `allowingGaps` (for validation, once a bad row is set aside) reads a missing year as unknown instead.
    public static func pupils(_ table: CSVTable, allowingGaps: Bool = false) throws(InputError) -> CohortTable {
        let columns = try table.columns(["area_code", "area_name", "year", "year_group", "pupils"])
        var names: [String: String] = [:]
        var cells: [String: [Int: [Double?]]] = [:]
        var firstLine: [String: [Int: Int]] = [:]
        var duplicates = DuplicateGuard<CellKey>()
        for record in table.records {
            let code = try record.text("area_code", in: table, at: columns)
            let year = try record.academicYear("year", in: table, at: columns)
            let label = try record.text("year_group", in: table, at: columns)
            guard let group = YearGroup(label: label) else {
                throw InputError(
                    file: table.file, line: record.line, column: "year_group",
                    columnNumber: columns["year_group"]! + 1,
                    problem: "'\(label)' is not a year group",
                    hint: "Use R for Reception or 1 to 14")
            }
            let pupils = try record.count("pupils", in: table, at: columns)
            try duplicates.check(
                CellKey(area: code, year: year, detail: group.label), record, in: table,
                "duplicate row for area \(code), year \(year), year group \(group.label)",
                hint: "Keep one row per area, year and year group")
            if names[code] == nil { names[code] = trimmed(record.fields[columns["area_name"]!]) }
            cells[code, default: [:]][year, default: Array(repeating: nil, count: YearGroup.all.count)][group.index] =
                pupils
            if firstLine[code]?[year] == nil { firstLine[code, default: [:]][year] = record.line }
        }
        var histories: [CohortTable.AreaHistory] = []
        for (code, byYear) in cells {
            let years = try consecutiveYears(
                Array(byYear.keys), area: code, file: table.file, lines: firstLine[code]!, allowingGaps: allowingGaps)
            histories.append(
                CohortTable.AreaHistory(
                    area: Area(code: code, name: names[code] ?? code), firstYear: AcademicYear(years.lowerBound),
                    counts: years.map { byYear[$0] ?? Array(repeating: nil, count: YearGroup.all.count) }))
        }
        return CohortTable(histories: histories)
    }

    /// `births.csv`: `area_code,year,births` where `year` Y counts live births from July Y−1 to June Y.
    ///
    /// `allowingGaps`: as for ``pupils(_:allowingGaps:)``.
    public static func births(_ table: CSVTable, allowingGaps: Bool = false) throws(InputError) -> BirthSeries {
        let columns = try table.columns(["area_code", "year", "births"])
        var byArea: [String: [Int: Double]] = [:]
        var lines: [String: [Int: Int]] = [:]
        var duplicates = DuplicateGuard<CellKey>()
        for record in table.records {
            let code = try record.text("area_code", in: table, at: columns)
            let written = trimmed(record.fields[columns["year"]!])
            if let academic = AcademicYear(label: written), written.contains("/") {
                throw InputError(
                    file: table.file, line: record.line, column: "year", columnNumber: columns["year"]! + 1,
                    problem: "'\(written)' is an academic year, but births are counted by mid-year",
                    hint:
                        "Write the year the mid-year ends in: \(academic.startYear + 1) for July \(academic.startYear) "
                        + "to June \(academic.startYear + 1)")
            }
            let year = try record.year("year", in: table, at: columns)
            let births = try record.count("births", in: table, at: columns)
            try duplicates.check(
                CellKey(area: code, year: year, detail: ""), record, in: table,
                "duplicate births for area \(code), year \(year)", hint: "Keep one row per area and year")
            lines[code, default: [:]][year] = record.line
            byArea[code, default: [:]][year] = births
        }
        for (code, byYear) in byArea {
            _ = try consecutiveYears(
                Array(byYear.keys), area: code, file: table.file, lines: lines[code]!, allowingGaps: allowingGaps)
        }
        return BirthSeries(byArea)
    }

    /// `housing.csv`: `area_code,year,dwellings` — dwellings completed in that academic year (history and
    /// planned). Every area must be one of `knownAreas`.
    public static func housing(_ table: CSVTable, knownAreas: Set<String>) throws(InputError) -> HousingSeries {
        let columns = try table.columns(["area_code", "year", "dwellings"])
        var byArea: [String: [AcademicYear: Double]] = [:]
        var duplicates = DuplicateGuard<CellKey>()
        for record in table.records {
            let code = try knownArea(record, "area_code", table, columns, knownAreas)
            let year = try record.academicYear("year", in: table, at: columns)
            let dwellings = try record.count("dwellings", in: table, at: columns)
            try duplicates.check(
                CellKey(area: code, year: year, detail: ""), record, in: table,
                "duplicate row for area \(code), year \(year)", hint: "Keep one row per area and year")
            byArea[code, default: [:]][AcademicYear(year)] = dwellings
        }
        return HousingSeries(byArea)
    }

    /// `transfer.csv`: `from_area,to_area,share` — the share of a primary planning area's Year 6 that moves to a
    /// secondary planning area's Year 7. A primary area's shares may sum to less than 1 (pupils leaving the LA
    /// or going to independent schools) but not more.
    public static func transfers(_ table: CSVTable, knownAreas: Set<String>) throws(InputError) -> TransferShares {
        let columns = try table.columns(["from_area", "to_area", "share"])
        var feeders: [String: [(primaryArea: String, share: Double)]] = [:]
        var totals: [String: Double] = [:]
        var duplicates = DuplicateGuard<CellKey>()
        for record in table.records {
            let from = try knownArea(record, "from_area", table, columns, knownAreas)
            let to = try knownArea(record, "to_area", table, columns, knownAreas)
            let share = try record.share("share", in: table, at: columns)
            try duplicates.check(
                CellKey(area: from, year: 0, detail: to), record, in: table,
                "duplicate share from \(from) to \(to)", hint: "Keep one row per pair of areas")
            totals[from, default: 0] += share
            if totals[from]! > 1 + 1e-9 {
                throw InputError(
                    file: table.file, line: record.line, column: "share",
                    columnNumber: columns["share"]! + 1,
                    problem:
                        "the shares from \(from) add up to \(CSVWriter.number(totals[from]!, decimals: 4)), more "
                        + "than 1",
                    hint: "Each primary area's Year 6 can be shared out at most once")
            }
            feeders[to, default: []].append((from, share))
        }
        return TransferShares(feeders: feeders.mapValues { $0.sorted { $0.primaryArea < $1.primaryArea } })
    }

    /// `areas.csv` (as in the national data folder): `area_code,stable`; returns the codes with `stable` true.
    /// Areas touched by reorganisation are marked false and left out of backtest scores.
    public static func stableAreas(_ table: CSVTable) throws(InputError) -> Set<String> {
        let columns = try table.columns(["area_code", "stable"])
        var stable = Set<String>()
        for record in table.records {
            let code = try record.text("area_code", in: table, at: columns)
            switch try record.text("stable", in: table, at: columns).lowercased() {
            case "true": stable.insert(code)
            case "false": break
            case let other:
                throw InputError(
                    file: table.file, line: record.line, column: "stable",
                    columnNumber: columns["stable"]! + 1, problem: "'\(other)' is not true or false")
            }
        }
        return stable
    }

    // MARK: - Field helpers

    /// An area × year × detail (year group, age band…): the key of the duplicate-row checks of every reader.
    struct CellKey: Hashable {
        let area: String
        let year: Int
        let detail: String
    }

    static func knownArea(
        _ record: CSVTable.Record, _ column: String, _ table: CSVTable,
        _ columns: ColumnPositions, _ known: Set<String>
    ) throws(InputError) -> String {
        let code = try record.text(column, in: table, at: columns)
        guard known.contains(code) else {
            throw InputError(
                file: table.file, line: record.line, column: column, columnNumber: columns[column]! + 1,
                problem: "unknown area '\(code)'",
                hint: "Use an area_code that appears in the pupils file")
        }
        return code
    }

    /// The years as a closed range; throws at the first line of the year after a gap.
    private static func consecutiveYears(
        _ years: [Int], area: String, file: String,
        lines: [Int: Int], allowingGaps: Bool = false
    ) throws(InputError) -> ClosedRange<Int> {
        let sorted = years.sorted()
        for (previous, next) in zip(sorted, sorted.dropFirst()) where next != previous + 1 && !allowingGaps {
            throw InputError(
                file: file, line: lines[next], column: "year",
                problem: "area \(area) jumps from \(previous) to \(next): years \(previous + 1)"
                    + (next - 1 > previous + 1 ? "-\(next - 1)" : "") + " are missing",
                hint: "Give every year between the first and the last for each area", spansRows: true)
        }
        return sorted.first!...sorted.last!
    }
}
