import Foundation
import PlaceForecast

/// The forecast as files and as the short summary printed on stdout.
public enum ForecastReport {
    /// `forecast.csv`: one row per area × forecast year × year group.
    /// Columns: `area_code,area_name,year,year_group,phase,pupils,lower_80,upper_80,lower_95,upper_95,method,source,
    /// trend_pupils,housing_pupils` (interval bounds blank where none could be calibrated; `source` is `trend`,
    /// `trend+housing` where new housing adds pupils, which `housing_pupils` shows separately, or `known_intake`
    /// where a known intake replaced the projection: its interval is the value itself).
    public static func forecastCSV(_ forecast: Forecast) -> String {
        var writer = CSVWriter(
            header: [
                "area_code", "area_name", "year", "year_group", "phase", "pupils",
                "lower_80", "upper_80", "lower_95", "upper_95", "method", "source",
                "trend_pupils", "housing_pupils",
            ], academicYearFrom: "year")
        func bound(_ value: Double?) -> String { value.map { CSVWriter.number($0) } ?? "" }
        for row in forecast.rows {
            writer.append([
                row.area.code, row.area.name, String(row.year.startYear), row.yearGroup.label,
                row.yearGroup.phase.rawValue, CSVWriter.number(row.pupils),
                bound(row.interval80?.lowerBound), bound(row.interval80?.upperBound),
                bound(row.interval95?.lowerBound), bound(row.interval95?.upperBound),
                row.method, source(row),
                CSVWriter.number(row.trendPupils), CSVWriter.number(row.housingPupils),
            ])
        }
        return writer.text
    }

    /// The `source` of a row in `forecast.csv`: `known_intake`, `trend+housing` or `trend`.
    public static func source(_ row: ForecastRow) -> String {
        row.isKnownIntake ? "known_intake" : row.housingPupils != 0 ? "trend+housing" : "trend"
    }

    /// `ratios.csv`: the ratio each area uses for each transition, and what it was estimated from.
    /// Columns: `area_code,transition,method,observations,first_year,last_year,own_ratio,pooled_ratio,own_weight,
    /// ratio_year1,ratio_final` (ratios at the first and the last forecast step; they differ only for trends).
    public static func ratiosCSV(_ forecast: Forecast) -> String {
        var writer = CSVWriter(header: [
            "area_code", "transition", "method", "observations", "first_year", "last_year",
            "own_ratio", "pooled_ratio", "own_weight", "ratio_year1", "ratio_final",
        ])
        func ratio(_ path: RatioPath?) -> String {
            path.map { CSVWriter.number($0.ratio(atStep: 1), decimals: 6) } ?? ""
        }
        for fitted in forecast.ratios {
            let usable = fitted.observations.filter(\.isUsable)
            writer.append([
                fitted.area.code, fitted.transition.label, fitted.method, String(usable.count),
                usable.first.map { String($0.year.startYear) } ?? "",
                usable.last.map { String($0.year.startYear) } ?? "",
                ratio(fitted.estimate.own), ratio(fitted.estimate.pooled),
                CSVWriter.number(fitted.estimate.ownWeight, decimals: 4),
                CSVWriter.number(fitted.estimate.path.ratio(atStep: 1), decimals: 6),
                CSVWriter.number(fitted.estimate.path.ratio(atStep: forecast.horizon), decimals: 6),
            ])
        }
        return writer.text
    }

    /// Totals by phase and year over all areas, for the summary.
    public static func phaseTotals(_ forecast: Forecast) -> [(year: AcademicYear, totals: [Phase: Double])] {
        var byYear: [AcademicYear: [Phase: Double]] = [:]
        for row in forecast.rows { byYear[row.year, default: [:]][row.yearGroup.phase, default: 0] += row.pupils }
        return byYear.keys.sorted().map { ($0, byYear[$0]!) }
    }

    /// The stdout summary: what was forecast, the totals by phase, the known intakes used (read from
    /// `knownIntakesFile`) and anything the run had to assume.
    public static func summary(_ forecast: Forecast, areaCount: Int, knownIntakesFile: String? = nil) -> String {
        var lines: [String] = []
        let years = forecast.years
        lines.append(
            "Forecast with model '\(forecast.modelName)': origin \(forecast.origin), "
                + "\(forecast.horizon) years (\(years.lowerBound) to \(years.upperBound)), \(areaCount) areas, "
                + "\(forecast.rows.count) rows.")
        lines.append(PlanningRules.phaseDefinitions)
        lines.append("")
        lines.append("Pupils, all areas:   year      primary   secondary  sixth form")
        lines.append("                               (R–6)      (7–11)     (12–13)")
        for (year, totals) in phaseTotals(forecast) {
            func cell(_ phase: Phase) -> String {
                let value = totals[phase].map { String(Int($0.rounded())) } ?? "-"
                return String(repeating: " ", count: max(0, 11 - value.count)) + value
            }
            lines.append("                     \(year)\(cell(.primary))\(cell(.secondary))\(cell(.sixthForm))")
        }
        for skipped in forecast.skipped {
            lines.append("Skipped \(skipped.area.code) (\(skipped.area.name)): \(skipped.reason).")
        }
        let known = forecast.knownIntakeRows
        if !known.isEmpty {
            let given = known.reduce(0) { $0 + $1.pupils }
            let replaced = known.reduce(0) { $0 + ($1.replacedProjection ?? 0) }
            let groups = Set(known.map(\.yearGroup)).sorted().map(\.description).joined(separator: " and ")
            lines.append(
                "Known intakes: \(known.count) (\(groups)\(knownIntakesFile.map { ", from \($0)" } ?? "")) used in "
                    + "place of the projection: \(Int(given.rounded())) pupils where the projection gave "
                    + "\(Int(replaced.rounded())); their cohorts roll on from them.")
        }
        for note in forecast.notes { lines.append("Note: \(note).") }
        return lines.joined(separator: "\n")
    }

    /// One area's forecast for the terminal, whole pupils: year groups down, the census year then the forecast years
    /// across, with a total row (year groups rounded to add up to it); or, for one `yearGroup`, the last five census
    /// years and each forecast year with its 80% interval.
    public static func areaTable(
        _ forecast: Forecast, census: CohortTable, area: String, yearGroup: YearGroup?
    )
        -> String
    {
        func pad(_ text: String, _ width: Int) -> String {
            String(repeating: " ", count: max(0, width - text.count)) + text
        }
        let history = census.histories.first { $0.area.code == area }
        let rows = forecast.rows.filter { $0.area.code == area }
        let name = history?.area.name ?? rows.first?.area.name ?? area
        let years = Array(forecast.years)
        if let group = yearGroup {
            var lines = [
                "\(area) \(name), year group \(group.label): pupils (census, then forecast with its 80% interval)"
            ]
            if let history {
                for year in history.years.suffix(5) {
                    if let pupils = history.pupils(year, group) {
                        lines.append("  \(year)  \(pad(String(Int(pupils.rounded())), 6))  census")
                    }
                }
            }
            for row in rows.filter({ $0.yearGroup == group }).sorted(by: { $0.year < $1.year }) {
                let range =
                    row.interval80.map {
                        "  80%: \(Int($0.lowerBound.rounded()))–\(Int($0.upperBound.rounded()))"
                    } ?? ""
                lines.append("  \(row.year)  \(pad(String(Int(row.pupils.rounded())), 6))  forecast\(range)")
            }
            return lines.joined(separator: "\n")
        }
        let groups = YearGroup.all.filter { group in
            rows.contains { $0.yearGroup == group } || history?.pupils(forecast.origin, group) != nil
        }
        let columns = [forecast.origin] + years
        let values = columns.map { year in
            WholeNumbers.keepingTotal(
                groups.map { group in
                    year == forecast.origin
                        ? history?.pupils(year, group) ?? 0
                        : rows.first { $0.year == year && $0.yearGroup == group }?.pupils ?? 0
                })
        }
        var lines = [
            "\(area) \(name): pupils by year group (\(forecast.origin) is the census; whole pupils that add up)",
            "      " + columns.map { pad($0.description, 9) }.joined(),
        ]
        for (index, group) in groups.enumerated() {
            lines.append(
                pad(group.index == 0 ? "R" : "Y\(group.index)", 5) + " "
                    + values.map { pad(String($0[index]), 9) }.joined())
        }
        lines.append("Total " + values.map { pad(String($0.reduce(0, +)), 9) }.joined())
        return lines.joined(separator: "\n")
    }
}
