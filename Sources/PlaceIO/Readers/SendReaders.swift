import Foundation
import PlaceForecast

/// Readers of the SEND inputs: EHC plan counts, new plans and the split of plans between settings.
public enum SendReaders {
    private static func band(
        _ record: CSVTable.Record, _ table: CSVTable, _ columns: ColumnPositions
    ) throws(InputError) -> AgeBand? {
        let text = try record.text("age_band", in: table, at: columns)
        if text == "Total" { return nil }
        guard let band = AgeBand(rawValue: text) else {
            throw InputError(
                file: table.file, line: record.line, column: "age_band", columnNumber: columns["age_band"]! + 1,
                problem: "'\(text)' is not an age band",
                hint: "Use Under 5, Age 5 to 10, Age 11 to 15, Age 16 to 19, Age 20 to 25 or Total")
        }
        return band
    }

    /// `ehcp.csv`: `area_code,year,age_band,plans` (year = academic year whose January count it is; bands as
    /// DfE's SEN2 plus `Total`). A year without a Total row takes the sum of its bands. Optionally
    /// `ehcp_new.csv`: `area_code,year,age_band,new_plans` (plans made between the counts of `year` and `year+1`;
    /// the Total rows are used).
    public static func caseload(_ table: CSVTable, newPlans: CSVTable?) throws(InputError) -> EHCPCaseload {
        let columns = try table.columns(["area_code", "year", "age_band", "plans"])
        var bands: [String: [AcademicYear: [AgeBand: Double]]] = [:]
        var totals: [String: [AcademicYear: Double]] = [:]
        var duplicates = DuplicateGuard<String>()
        for record in table.records {
            let area = try record.text("area_code", in: table, at: columns)
            let year = AcademicYear(try record.year("year", in: table, at: columns))
            let ageBand = try band(record, table, columns)
            try duplicates.check(
                "\(area)|\(year.startYear)|\(ageBand?.rawValue ?? "Total")", record, in: table,
                "duplicate row for \(area), \(year.startYear), \(ageBand?.rawValue ?? "Total")")
            let plans = try record.count("plans", in: table, at: columns)
            if let ageBand {
                bands[area, default: [:]][year, default: [:]][ageBand] = plans
            } else {
                totals[area, default: [:]][year] = plans
            }
        }
        for (area, byYear) in bands {
            for (year, values) in byYear where totals[area]?[year] == nil {
                totals[area, default: [:]][year] = values.values.reduce(0, +)
            }
        }
        var made: [String: [AcademicYear: Double]] = [:]
        if let newPlans {
            let newColumns = try newPlans.columns(["area_code", "year", "age_band", "new_plans"])
            var duplicates = DuplicateGuard<String>()
            for record in newPlans.records where try band(record, newPlans, newColumns) == nil {
                let area = try record.text("area_code", in: newPlans, at: newColumns)
                let year = AcademicYear(try record.year("year", in: newPlans, at: newColumns))
                try duplicates.check(
                    "\(area)|\(year.startYear)", record, in: newPlans,
                    "duplicate Total for \(area), \(year.startYear)", hint: "Keep one Total row per area and year")
                made[area, default: [:]][year] = try record.count("new_plans", in: newPlans, at: newColumns)
            }
        }
        return EHCPCaseload(bands: bands, totals: totals, newPlans: made)
    }

    /// `send_settings.csv`: `age_band,setting,share` with settings `mainstream`, `resourced`, `special`,
    /// `independent`; each band's shares must add up to 1. Bands not listed keep ``SettingShares/standard``.
    public static func settings(_ table: CSVTable) throws(InputError) -> [AgeBand: SettingShares] {
        let columns = try table.columns(["age_band", "setting", "share"])
        var values: [AgeBand: [String: Double]] = [:]
        var lastLine: [AgeBand: Int] = [:]
        for record in table.records {
            guard let ageBand = try band(record, table, columns) else {
                throw InputError(
                    file: table.file, line: record.line, column: "age_band", columnNumber: columns["age_band"]! + 1,
                    problem: "settings are given per age band, not for the Total")
            }
            let setting = try record.text("setting", in: table, at: columns)
            guard ["mainstream", "resourced", "special", "independent"].contains(setting) else {
                throw InputError(
                    file: table.file, line: record.line, column: "setting", columnNumber: columns["setting"]! + 1,
                    problem: "'\(setting)' is not a setting", hint: "Use mainstream, resourced, special or independent")
            }
            guard values[ageBand]?[setting] == nil else {
                throw InputError(
                    file: table.file, line: record.line, problem: "\(ageBand.rawValue) \(setting) is given twice")
            }
            values[ageBand, default: [:]][setting] = try record.share("share", in: table, at: columns)
            lastLine[ageBand] = record.line
        }
        var result: [AgeBand: SettingShares] = [:]
        for (ageBand, shares) in values {
            let sum = shares.values.reduce(0, +)
            guard abs(sum - 1) < 0.001 else {
                throw InputError(
                    file: table.file, line: lastLine[ageBand], column: "share",
                    problem: "the shares of \(ageBand.rawValue) add up to \(CSVWriter.number(sum, decimals: 4)), not 1",
                    hint: "Give mainstream, resourced, special and independent shares summing to 1", spansRows: true)
            }
            result[ageBand] = SettingShares(
                mainstream: shares["mainstream"] ?? 0, resourced: shares["resourced"] ?? 0,
                special: shares["special"] ?? 0, independent: shares["independent"] ?? 0)
        }
        return result
    }
}
