import Foundation
import PlaceForecast

/// `models/national_period_effects.csv`: `year,national_deviation,areas` — the national part of the period effect
/// that a forecast from each origin year sees on the national data (see ``NationalPeriodEffects``), read by runs of
/// one LA's planning areas. Regenerated from the national data by the test that checks it (docs/methods.md).
public enum NationalPeriodEffectsFile {
    /// Where the file is looked for: beside the models.
    public static let path = "models/national_period_effects.csv"

    public static func read(_ table: CSVTable) throws(InputError) -> NationalPeriodEffects {
        let columns = try table.columns(["year", "national_deviation", "areas"])
        var byYear: [AcademicYear: NationalPeriodEffects.Entry] = [:]
        var duplicates = DuplicateGuard<Int>()
        for record in table.records {
            let year = try record.academicYear("year", in: table, at: columns)
            try duplicates.check(year, record, in: table, "year \(year) is given twice", hint: "Keep one row a year")
            let text = try record.text("national_deviation", in: table, at: columns)
            guard let deviation = Double(text), deviation.isFinite, abs(deviation) < 0.5 else {
                throw InputError(
                    file: table.file, line: record.line, column: "national_deviation",
                    columnNumber: columns["national_deviation"]! + 1,
                    problem: "'\(text)' is not a ratio deviation", hint: "A small signed number, e.g. 0.0028")
            }
            let areas = try record.integer("areas", in: table, at: columns)
            byYear[AcademicYear(year)] = .init(deviation: deviation, areas: areas)
        }
        return NationalPeriodEffects(byYear: byYear, source: table.file)
    }

    /// The file's text, years in order.
    public static func text(_ effects: NationalPeriodEffects) -> String {
        var writer = CSVWriter(header: ["year", "national_deviation", "areas"], academicYearFrom: "year")
        for year in effects.byYear.keys.sorted() {
            let entry = effects.byYear[year]!
            writer.append([
                String(year.startYear), CSVWriter.number(entry.deviation, decimals: 6), String(entry.areas),
            ])
        }
        return writer.text
    }
}
