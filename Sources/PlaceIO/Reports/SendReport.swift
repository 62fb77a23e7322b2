import Foundation
import PlaceForecast

/// SEND results as files.
public enum SendReport {
    /// `send.csv`: `area_code,year,age_band,plans,lower_80,upper_80` (age bands as input, and a Total row).
    public static func plansCSV(_ rows: [SendRow]) -> String {
        var writer = CSVWriter(
            header: ["area_code", "year", "age_band", "plans", "lower_80", "upper_80"], academicYearFrom: "year")
        for row in rows {
            writer.append([
                row.areaCode, String(row.year.startYear), row.band?.rawValue ?? "Total",
                CSVWriter.number(row.plans, decimals: 1),
                row.interval80.map { CSVWriter.number($0.lowerBound, decimals: 1) } ?? "",
                row.interval80.map { CSVWriter.number($0.upperBound, decimals: 1) } ?? "",
            ])
        }
        return writer.text
    }

    /// `specialist_places.csv`: `area_code,phase,year,plans,specialist_places,special_school_places,
    /// resourced_places,out_of_area_places,out_of_area_share,special_school_capacity,special_school_surplus`
    /// — per LA and planning area, phase (`primary`, `secondary`, `post_16`, and `all`, which carries the
    /// special-school capacity and its surplus: negative = shortfall).
    public static func specialistCSV(_ rows: [SpecialistPlacesRow]) -> String {
        var writer = CSVWriter(
            header: [
                "area_code", "phase", "year", "plans", "specialist_places", "special_school_places",
                "resourced_places", "out_of_area_places", "out_of_area_share",
                "special_school_capacity", "special_school_surplus",
            ], academicYearFrom: "year")
        for row in rows {
            writer.append([
                row.areaCode, row.phase?.rawValue ?? "all", String(row.year.startYear),
                CSVWriter.number(row.plans, decimals: 1), CSVWriter.number(row.specialistPlaces, decimals: 1),
                CSVWriter.number(row.specialSchoolPlaces, decimals: 1),
                CSVWriter.number(row.resourcedPlaces, decimals: 1),
                CSVWriter.number(row.outOfAreaPlaces, decimals: 1), CSVWriter.number(row.outOfAreaShare, decimals: 3),
                row.specialSchoolCapacity.map { CSVWriter.number($0) } ?? "",
                row.specialSchoolSurplus.map { CSVWriter.number($0, decimals: 1) } ?? "",
            ])
        }
        return writer.text
    }

    /// `send_backtest.csv`: `method,area_code,origin,horizon,target_year,forecast,actual,error_pct` (every origin
    /// run, including the earlier ones that only calibrate intervals).
    public static func cellsCSV(_ cells: [SendCell]) -> String {
        var writer = CSVWriter(header: [
            "method", "area_code", "origin", "horizon", "target_year", "forecast", "actual", "error_pct",
        ])
        for cell in cells {
            writer.append([
                cell.method, cell.areaCode, String(cell.origin.startYear), String(cell.horizon),
                String(cell.origin.startYear + cell.horizon), CSVWriter.number(cell.forecast, decimals: 1),
                CSVWriter.number(cell.actual), CSVWriter.number(cell.percentError, decimals: 4),
            ])
        }
        return writer.text
    }

    /// `send_accuracy.csv`: `method,horizon,count,median_abs_pct,mean_abs_pct,bias_pct,coverage_80,coverage_count`
    /// (coverage of the 80% interval each forecast would have had, calibrated on the same method's errors at that
    /// horizon known at its origin), and the table printed on stdout: ``SendAccuracySummary`` formatted.
    /// Cells for which `isScored` is false (origins or targets outside those asked for) only calibrate intervals.
    public static func accuracy(_ cells: [SendCell], isScored: (SendCell) -> Bool) -> (csv: String, table: String) {
        var writer = CSVWriter(header: [
            "method", "horizon", "count", "median_abs_pct", "mean_abs_pct", "bias_pct",
            "coverage_80", "coverage_count",
        ])
        var lines = ["EHC plans, LA totals: median |error| % (bias %), 80% coverage   1 year                  3 years"]
        let summaries = SendAccuracySummary.summarise(cells, isScored: isScored)
        for method in Set(cells.map(\.method)).sorted() {
            var line = method.padding(toLength: 40, withPad: " ", startingAt: 0)
            for summary in summaries where summary.method == method {
                let errors = summary.errors
                writer.append([
                    method, String(summary.horizon), String(errors.count),
                    CSVWriter.number(errors.medianAbsolute, decimals: 4),
                    CSVWriter.number(errors.meanAbsolute, decimals: 4), CSVWriter.number(errors.bias, decimals: 4),
                    summary.coverage80.map { CSVWriter.number($0, decimals: 4) } ?? "",
                    String(summary.coverageCount),
                ])
                if summary.horizon == 1 || summary.horizon == 3 {
                    let text =
                        String(format: "%.2f (%+.2f)", errors.medianAbsolute, errors.bias)
                        + (summary.coverage80.map { String(format: " %.0f%%", 100 * $0) } ?? "")
                    line += text.padding(toLength: 24, withPad: " ", startingAt: 0)
                }
            }
            lines.append(line)
        }
        return (writer.text, lines.joined(separator: "\n"))
    }

    /// A few lines for a person: each LA's plans at the origin and in every forecast year with the method that
    /// made them (`chosen`: auto's choice per area), and its special-school places needed and available in the last
    /// forecast year; `note` (e.g. why there are no intervals) last.
    public static func summary(
        projected: [String: [Double]], caseload: EHCPCaseload, origin: AcademicYear, places: [SpecialistPlacesRow],
        method: String, chosen: [String: String] = [:], note: String?
    ) -> String {
        var lines = ["EHC plans (\(method)):"]
        for area in projected.keys.sorted() {
            let values = projected[area]!.enumerated().map {
                "\(origin.advanced(by: $0.offset + 1)) \(Int($0.element.rounded()))"
            }
            let by = chosen[area].map { ", by \($0)" } ?? ""
            lines.append(
                "  \(area): \(Int((caseload.totals[area]?[origin] ?? 0).rounded())) in \(origin) (census)\(by); "
                    + values.joined(separator: ", "))
            let last = origin.advanced(by: projected[area]!.count)
            if let all = places.first(where: {
                $0.areaCode == area && $0.phase == nil && $0.year == last
            }), let surplus = all.specialSchoolSurplus {
                let capacity = Int((all.specialSchoolCapacity ?? 0).rounded())
                let needed = Int(all.specialSchoolPlaces.rounded())
                lines.append(
                    "  special-school places in \(all.year): \(needed) needed, "
                        + "\(capacity) available (\(surplus < 0 ? "short by" : "surplus") "
                        + "\(Int(abs(surplus).rounded())))")
            }
        }
        if let note { lines.append("  " + note) }
        return lines.joined(separator: "\n")
    }

    /// One area's prevalence-by-band projection for a person: the damping used, plans and prevalence by age band
    /// in the last forecast year, and the same projection undamped (φ = 1) for comparison.
    public static func bandSummary(
        area: String, origin: AcademicYear, damping: SendDampingEstimate,
        atOrigin: [AgeBand: Double], damped: [AgeBand: [Double]], undamped: [AgeBand: [Double]],
        population: (AgeBand, AcademicYear) -> Double?
    ) -> String {
        guard let horizon = damped.values.first?.count, horizon > 0 else { return "" }
        let last = origin.advanced(by: horizon)
        func total(_ paths: [AgeBand: [Double]], _ step: Int) -> Int {
            Int(paths.values.reduce(0) { $0 + $1[step] }.rounded())
        }
        var lines = [
            "EHC plans by age band (prevalence × population, growth damped by \(damping)), \(area):",
            "  total: \(Int(atOrigin.values.reduce(0, +).rounded())) in \(origin); "
                + (0..<horizon).map { "\(origin.advanced(by: $0 + 1)) \(total(damped, $0))" }.joined(separator: ", "),
            "  undamped (φ = 1): "
                + (0..<horizon).map { "\(origin.advanced(by: $0 + 1)) \(total(undamped, $0))" }.joined(separator: ", "),
        ]
        for band in AgeBand.allCases {
            guard let path = damped[band], let now = atOrigin[band] else { continue }
            var line = "  \(band.rawValue): \(Int(now.rounded())) → \(Int(path[horizon - 1].rounded())) in \(last)"
            if let before = population(band, origin), let after = population(band, last), before > 0, after > 0 {
                line += String(
                    format: " (prevalence %.2f%% → %.2f%%)", 100 * now / before, 100 * path[horizon - 1] / after)
            } else {
                line += " (count trend)"
            }
            line += ", undamped \(Int((undamped[band]?[horizon - 1] ?? 0).rounded()))"
            lines.append(line)
        }
        return lines.joined(separator: "\n")
    }
}
