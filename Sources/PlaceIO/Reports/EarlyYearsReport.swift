import Foundation
import PlaceForecast

/// Early-years sufficiency as files, summary lines, the `explain` chain and the backtest table.
public enum EarlyYearsReport {
    private static func n(_ value: Double, _ decimals: Int = 1) -> String {
        CSVWriter.number(value, decimals: decimals)
    }

    /// `early_years.csv`: `area_code,year,age_band,population,eligible_share,take_up,funded_trend,
    /// reception_children,entitlement_children,total_children,demand_places,places,surplus,surplus_pct,target_pct,
    /// status,areas_short,places_short` — per primary planning area and LA total, academic year (named by its first
    /// calendar year; the January count of year + 1) and age band (`under-2`, `2`, `3-4`). Places and demand are
    /// 15-hour equivalents. Without providers the places, surplus and status columns are empty.
    public static func csv(_ rows: [EarlyYearsRow], withPlaces: Bool) -> String {
        var writer = CSVWriter(
            header: [
                "area_code", "year", "age_band", "population", "eligible_share", "take_up", "funded_trend",
                "reception_children", "entitlement_children", "total_children", "demand_places", "places", "surplus",
                "surplus_pct", "target_pct", "status", "areas_short", "places_short",
            ], academicYearFrom: "year")
        for row in rows {
            writer.append(
                [
                    row.areaCode, String(row.year.startYear), row.age.rawValue, n(row.population),
                    n(row.eligibleShare, 4), n(row.takeUp, 4), n(row.fundedTrend), n(row.receptionChildren),
                    n(row.entitlementChildren), n(row.totalChildren), n(row.demand),
                ]
                    + (withPlaces
                        ? [
                            n(row.places), n(row.surplus), row.surplusPercent.map { n($0, 2) } ?? "",
                            n(row.targetPercent), row.status.rawValue, String(row.areasShort), n(row.placesShort),
                        ] : ["", "", "", n(row.targetPercent), "", "", ""]))
        }
        return writer.text
    }

    static func takeUpLine(_ takeUp: EarlyYearsTakeUp) -> String {
        let projection = takeUp.projection
        var text =
            "\(takeUp.laCode) \(takeUp.age.rawValue): take-up \(percent(takeUp.history[projection.origin])) in "
            + "\(projection.origin) → \(percent(projection.values.last)) in "
            + "\(projection.origin.advanced(by: projection.values.count)) (\(projection.method)"
        if projection.chosen {
            text +=
                ", chosen on its own past errors: "
                + TakeUpMethod.allCases.compactMap { method in
                    projection.scores[method].map { "\(method) \(String(format: "%.2f", 100 * $0)) points" }
                }.joined(separator: ", ")
        } else {
            text += ", too short a history to choose"
        }
        text += ")"
        if takeUp.age == .two {
            text +=
                String(format: "; eligible share %.1f%%", 100 * takeUp.eligibleShare)
                + (takeUp.eligibleImplied ? " (implied, held)" : " (set)")
        }
        return text
    }

    static func percent(_ value: Double?) -> String { value.map { String(format: "%.1f%%", 100 * $0) } ?? "-" }

    /// A few lines for a person: take-up and its method per LA, then per area and age band the demand against
    /// places in the first and last forecast years, and the areas short named.
    public static func summary(
        _ forecast: EarlyYearsForecast, withPlaces: Bool, areaNames: [String: String] = [:]
    )
        -> String
    {
        let years = forecast.rows.map(\.year)
        guard let first = years.min(), let last = years.max() else { return "Early years: no rows." }
        var lines = [
            "Early years: funded children by area (15-hour places; January counts, \(first) to \(last)), "
                + "take-up from the counts to \(forecast.origin):"
        ]
        lines += forecast.takeUp.map { "  " + takeUpLine($0) }
        func describe(_ row: EarlyYearsRow) -> String {
            var text = "\(row.year) \(Int(row.demand.rounded()))"
            if row.entitlementPlaces > 0.5 {
                text += " (of which new entitlements \(Int(row.entitlementPlaces.rounded())))"
            }
            if withPlaces {
                let spare =
                    row.surplus < 0
                    ? "short by \(Int((-row.surplus).rounded()))"
                    : row.surplusPercent.map { String(format: "%.1f%% spare", $0) } ?? "no places"
                text +=
                    " / \(Int(row.places.rounded())) places, "
                    + (row.isLATotal && row.areasShort > 0
                        ? "\(spare) overall but \(row.areasShort) area\(row.areasShort == 1 ? "" : "s") short by "
                            + "\(Int(row.placesShort.rounded()))"
                        : row.surplus < 0 ? spare : "\(spare), \(row.status.rawValue)")
            }
            return text
        }
        let areas = Set(forecast.rows.map(\.areaCode)).sorted()
        for age in EarlyYearsAge.allCases {
            for area in areas {
                guard
                    let start = forecast.rows.first(where: { $0.areaCode == area && $0.age == age && $0.year == first }
                    ),
                    let end = forecast.rows.first(where: { $0.areaCode == area && $0.age == age && $0.year == last })
                else { continue }
                let name = areaNames[area].map { " \($0)" } ?? ""
                lines.append("  \(age.rawValue) \(area)\(name): \(describe(start)); \(describe(end))")
            }
        }
        if withPlaces {
            for age in EarlyYearsAge.allCases {
                let short = forecast.rows.filter { $0.age == age && !$0.isLATotal && $0.surplus < 0 }
                guard !short.isEmpty else { continue }
                let names = Set(short.map(\.areaCode)).sorted().map { code in
                    let years = short.filter { $0.areaCode == code }.map(\.year)
                    return "\(areaNames[code] ?? code) (\(years.min()!)–\(years.max()!))"
                }
                lines.append("  areas short of \(age.rawValue) places: " + names.joined(separator: ", "))
            }
        } else {
            lines.append("  (no early_years_providers.csv: funded children only, no places to set against them)")
        }
        return lines.joined(separator: "\n")
    }

    /// The chain behind one early-years figure: births → population → take-up → funded → minus Reception → new
    /// entitlements → places → surplus.
    public static func explain(
        area: String, laCode: String, year: AcademicYear, age: EarlyYearsAge, forecast: EarlyYearsForecast,
        births: (Int) -> Double?, settings: EarlyYearsSettings, providers: [EarlyYearsProvider]?
    ) -> String? {
        guard let row = forecast.rows.first(where: { $0.areaCode == area && $0.year == year && $0.age == age }) else {
            return nil
        }
        var lines = [
            "\(age) in \(area), \(year) (January \(year.startYear + 1) count, ages on 31 December \(year.startYear)):"
        ]
        if row.isLATotal {
            lines.append("  LA total: the sum of its planning areas (explain an area for the births chain)")
        } else {
            let weights = EarlyYearsPopulation.birthsWeights(age, year: year)
            func birthsText(_ birthsYear: Int) -> String {
                births(birthsYear).map { n($0, 0) }
                    ?? "held: " + (EarlyYearsPopulation.heldBirths(births, birthsYear).map { n($0, 0) } ?? "?")
            }
            let parts = weights.map { w in
                "\(n(w.weight, 3)) × births \(w.birthsYear) (\(birthsText(w.birthsYear)))"
            }
            lines.append("  births → population: " + parts.joined(separator: " + ") + " = \(n(row.population))")
        }
        if age != .underTwo {
            let takeUp = forecast.takeUp.first { $0.age == age && $0.laCode == laCode }
            if let takeUp { lines.append("  take-up: " + takeUpLine(takeUp)) }
            if settings.takeUpChangePercent != 0 {
                lines.append("  scenario: take-up changed by \(n(settings.takeUpChangePercent))%")
            }
            lines.append(
                "  funded (trend) = population \(n(row.population)) × eligible \(n(row.eligibleShare, 4)) × take-up "
                    + "\(n(row.takeUp, 4)) = \(n(row.fundedTrend))")
        } else {
            lines.append("  no trend offer for under-2s: children come from the new entitlement only")
        }
        if age == .threeFour {
            let share = row.fundedTrend > 0 ? 1 - row.receptionChildren / row.fundedTrend : 1
            lines.append(
                "  minus Reception: born January–August \(year.startYear - 4) (½ × births \(year.startYear - 4) + "
                    + "2/12 × births \(year.startYear - 3)), share not in Reception \(n(share, 4)): "
                    + "− \(n(row.receptionChildren)) = \(n(row.fundedTrend - row.receptionChildren))")
        }
        for entitlement in settings.entitlements where entitlement.age == age {
            lines.append(
                "  new entitlement \(entitlement.name): eligible \(n(entitlement.eligibleShare, 3)), take-up "
                    + "\(n(entitlement.takeUp.value(in: year) * settings.entitlementUptake, 3)), "
                    + "\(n(entitlement.hours.value(in: year), 0)) hours (\(entitlement.kind.rawValue))")
        }
        lines.append(
            "  new-entitlement children \(n(row.entitlementChildren)), needing \(n(row.entitlementPlaces)) 15-hour "
                + "places; total children \(n(row.totalChildren)); demand \(n(row.demand)) 15-hour places")
        if let providers {
            let here = providers.filter { $0.areaCode == area && $0.places(age) > 0 }
            if !row.isLATotal {
                for provider in here {
                    lines.append(
                        "  place: \(provider.id) \(provider.name) (\(provider.type.rawValue)) "
                            + "\(n(provider.places(age), 0)) × "
                            + (provider.equivalents(age) > provider.places(age) ? "2 (30+ hours)" : "1")
                    )
                }
            }
            lines.append(
                "  places \(n(row.places)) − demand \(n(row.demand)) = surplus \(n(row.surplus)) ("
                    + (row.surplusPercent.map { String(format: "%.1f%%", $0) } ?? "no places")
                    + ", target \(n(row.targetPercent))%): \(row.status.rawValue)"
                    + (row.isLATotal ? "; areas short \(row.areasShort), places short \(n(row.placesShort))" : ""))
        } else {
            lines.append("  no early_years_providers.csv: no places to set against")
        }
        return lines.joined(separator: "\n")
    }

    /// `early_years_backtest.csv` and `early_years_accuracy.csv` (`method,horizon,count,median_abs_pct,
    /// mean_abs_pct,bias_pct`), and the table printed.
    public static func accuracy(_ cells: [EarlyYearsCell]) -> (cells: String, csv: String, table: String) {
        var raw = CSVWriter(header: [
            "method", "area_code", "origin", "horizon", "target_year", "forecast", "actual", "error_pct",
        ])
        for cell in cells {
            raw.append([
                cell.method, cell.areaCode, String(cell.origin.startYear), String(cell.horizon),
                String(cell.origin.startYear + cell.horizon), n(cell.forecast), n(cell.actual, 0),
                n(cell.percentError, 4),
            ])
        }
        var writer = CSVWriter(header: ["method", "horizon", "count", "median_abs_pct", "mean_abs_pct", "bias_pct"])
        var lines = [
            "Funded 3-4-year-olds, LA totals: median |error| % (bias %)".padding(
                toLength: 62, withPad: " ", startingAt: 0) + "1 year".padding(toLength: 22, withPad: " ", startingAt: 0)
                + "2 years"
        ]
        let horizons = Set(cells.map(\.horizon)).sorted()
        for method in EarlyYearsBacktest.methods where cells.contains(where: { $0.method == method }) {
            var line = "  " + method.padding(toLength: 60, withPad: " ", startingAt: 0)
            if method == "naive" {
                line = "  naive (count at the origin held)".padding(toLength: 62, withPad: " ", startingAt: 0)
            }
            if method == "auto" {
                line = "  auto (chosen per LA on its own past errors)".padding(
                    toLength: 62, withPad: " ", startingAt: 0)
            }
            for horizon in horizons {
                let errors = cells.filter { $0.method == method && $0.horizon == horizon }.map(\.percentError)
                guard !errors.isEmpty else { continue }
                let stats = ErrorStatistics(percentErrors: errors)
                writer.append([
                    method, String(horizon), String(stats.count), n(stats.medianAbsolute, 4), n(stats.meanAbsolute, 4),
                    n(stats.bias, 4),
                ])
                line += String(format: "%.2f (%+.2f) n=%d", stats.medianAbsolute, stats.bias, stats.count)
                    .padding(toLength: 22, withPad: " ", startingAt: 0)
            }
            lines.append(line)
        }
        return (raw.text, writer.text, lines.joined(separator: "\n"))
    }
}
