import Foundation
import PlaceForecast

/// Known intakes read from `intakes.csv`: totals of Reception or Year 7 that replace the projection.
public struct KnownIntakes: Sendable {
    /// The file read, as the user named it.
    public let file: String
    /// Pupils by area code, academic year (its starting calendar year) and year group (Reception or Year 7).
    public let totals: [PupilOverride: Double]
    /// The line of each row, for messages.
    public let lines: [PupilOverride: Int]

    public init(file: String, totals: [PupilOverride: Double], lines: [PupilOverride: Int]) {
        self.file = file
        self.totals = totals
        self.lines = lines
    }

    /// The rows for years after `lastYear` (beyond the forecast horizon), sorted by line, as warnings that name
    /// the file and line and say they are not used.
    public func beyond(_ lastYear: AcademicYear) -> [String] {
        totals.keys.filter { $0.year > lastYear }.sorted { lines[$0]! < lines[$1]! }.map { key in
            "\(file):\(lines[key]!): the known intake of \(key.yearGroup) in \(key.areaCode) for \(key.year) is "
                + "beyond the forecast's last year, \(lastYear), so it is not used (give a longer --horizon to use it)"
        }
    }
}

extension InputReaders {
    /// `intakes.csv`: `area_code,year,year_group,pupils` — known intakes (admissions offers, or a planner's
    /// judgement) that replace the projected Reception or Year 7 of an area in a forecast year; the cohort rolls
    /// on from them.
    ///
    /// `year` is an academic year (its first calendar year, or `2023/24`) after the last census year of the
    /// pupils file (the origin); `year_group` is `R` or `7`; `pupils` is a count (decimals allowed). The area must
    /// be in the pupils file and teach that year group in its last census year. One row per area, year and year
    /// group.
    public static func intakes(_ table: CSVTable, pupils: CohortTable) throws(InputError) -> KnownIntakes {
        let columns = try table.columns(["area_code", "year", "year_group", "pupils"])
        let areas = Set(pupils.histories.map(\.area.code))
        guard let origin = pupils.lastYear else { return KnownIntakes(file: table.file, totals: [:], lines: [:]) }
        var totals: [PupilOverride: Double] = [:]
        var lines: [PupilOverride: Int] = [:]
        var duplicates = DuplicateGuard<CellKey>()
        let allowed = PlanningRules.knownIntakeYearGroups
        let allowedText = allowed.map(\.label).joined(separator: " or ")
        for record in table.records {
            func error(_ column: String, _ problem: String, _ hint: String) -> InputError {
                InputError(
                    file: table.file, line: record.line, column: column, columnNumber: columns[column]! + 1,
                    problem: problem, hint: hint)
            }
            let code = try knownArea(record, "area_code", table, columns, areas)
            let year = AcademicYear(try record.academicYear("year", in: table, at: columns))
            let label = try record.text("year_group", in: table, at: columns)
            guard let group = YearGroup(label: label), allowed.contains(group) else {
                throw error(
                    "year_group", "'\(label)' is not an entry year group: known intakes are Reception or Year 7",
                    "Write \(allowedText); later year groups follow from the intake by the survival ratios")
            }
            let count = try record.count("pupils", in: table, at: columns)
            let history = pupils[code]!
            guard year > origin else {
                if history.pupils(year, group) != nil {
                    throw error(
                        "year", "the census already has \(group) in \(code) for \(year) (pupils file)",
                        "Known intakes are for years after the last census, \(origin): from \(origin.advanced(by: 1))")
                }
                throw error(
                    "year", "\(year) is not after the last census year, \(origin)",
                    "Known intakes are for forecast years: from \(origin.advanced(by: 1))")
            }
            guard history.pupils(history.lastYear, group) != nil else {
                let taught = YearGroup.all.filter { history.pupils(history.lastYear, $0) != nil }
                let range = taught.first.map { "\($0.label)–\(taught.last!.label)" } ?? "no year groups"
                throw error(
                    "year_group",
                    "area \(code) has no \(group) in its last census year, \(history.lastYear) (it has \(range))",
                    "Give a known \(group) intake for an area that teaches \(group), or leave the row out")
            }
            try duplicates.check(
                CellKey(area: code, year: year.startYear, detail: group.label), record, in: table,
                "duplicate known intake for area \(code), year \(year), year group \(group.label)",
                hint: "Keep one row per area, year and year group")
            let key = PupilOverride(areaCode: code, year: year, yearGroup: group)
            totals[key] = count
            lines[key] = record.line
        }
        return KnownIntakes(file: table.file, totals: totals, lines: lines)
    }
}
