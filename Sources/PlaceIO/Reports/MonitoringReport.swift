import Foundation
import PlaceForecast
import Spreadsheet

/// Annual monitoring (`placeplan monitor`) as files, a workbook and the printed summary in words.
public enum MonitoringReport {
    /// How the interval of a total is made, as written in `monitoring.csv`'s `interval_convention` column.
    public static let intervalConvention = "sum_of_year_group_bounds"
    /// The same in words, for the summary and the workbook.
    public static let intervalConventionWords =
        "The interval of a total (an area's phase, or the LA's) is the sum of its year groups' bounds: a conservative "
        + "band, exact only if the year groups' errors all moved together, so wider than the true interval of the "
        + "total. The calibration of the intervals is judged on the year-group cells, each against its own interval."

    private static func number(_ value: Double?, decimals: Int = 3) -> String {
        value.map { CSVWriter.number($0, decimals: decimals) } ?? ""
    }
    private static func flag(_ value: Bool?) -> String { value.map { $0 ? "1" : "0" } ?? "" }
    private static func share(_ part: Int, of whole: Int) -> String {
        whole > 0 ? CSVWriter.number(Double(part) / Double(whole), decimals: 3) : ""
    }
    private static func phaseName(_ phase: Phase) -> String {
        switch phase {
        case .primary: return "Primary"
        case .secondary: return "Secondary"
        case .sixthForm: return "Sixth form"
        }
    }

    /// `monitoring.csv`: one row per planning area × phase × compared year, then the LA rows (the sum of the areas).
    /// Columns: `level,area_code,area_name,phase,year,academic_year,horizon,forecast,actual,error,error_pct,
    /// lower_80,upper_80,inside_80,lower_95,upper_95,inside_95,interval_convention,cells,cells_with_interval_80,
    /// cells_inside_80,cell_hit_rate_80,cells_with_interval_95,cells_inside_95,cell_hit_rate_95,areas,
    /// areas_with_interval_80,areas_inside_80,areas_with_interval_95,areas_inside_95`.
    public static func monitoringCSV(_ result: MonitoringResult) -> String {
        var writer = CSVWriter(header: [
            "level", "area_code", "area_name", "phase", "year", "academic_year", "horizon", "forecast", "actual",
            "error", "error_pct", "lower_80", "upper_80", "inside_80", "lower_95", "upper_95", "inside_95",
            "interval_convention", "cells", "cells_with_interval_80", "cells_inside_80", "cell_hit_rate_80",
            "cells_with_interval_95", "cells_inside_95", "cell_hit_rate_95", "areas", "areas_with_interval_80",
            "areas_inside_80", "areas_with_interval_95", "areas_inside_95",
        ])
        for total in result.totals {
            writer.append([
                total.level.rawValue, total.area.code, total.area.name, total.phase.rawValue,
                String(total.year.startYear), total.year.description, String(total.horizon),
                number(total.forecast), number(total.actual), number(total.error),
                number(total.errorPercent, decimals: 2),
                number(total.interval80?.lowerBound), number(total.interval80?.upperBound), flag(total.inside80),
                number(total.interval95?.lowerBound), number(total.interval95?.upperBound), flag(total.inside95),
                intervalConvention, String(total.cells),
                String(total.cellsWithInterval80), String(total.cellsInside80),
                share(total.cellsInside80, of: total.cellsWithInterval80),
                String(total.cellsWithInterval95), String(total.cellsInside95),
                share(total.cellsInside95, of: total.cellsWithInterval95),
                String(total.areas), String(total.areasWithInterval80), String(total.areasInside80),
                String(total.areasWithInterval95), String(total.areasInside95),
            ])
        }
        return writer.text
    }

    /// `monitoring_cells.csv`: one row per area × compared year × year group. Columns: `area_code,area_name,year,
    /// academic_year,horizon,year_group,phase,forecast,actual,error,error_pct,lower_80,upper_80,inside_80,lower_95,
    /// upper_95,inside_95` (`inside_*` 1 or 0, blank without an interval).
    public static func cellsCSV(_ result: MonitoringResult) -> String {
        var writer = CSVWriter(header: [
            "area_code", "area_name", "year", "academic_year", "horizon", "year_group", "phase", "forecast", "actual",
            "error", "error_pct", "lower_80", "upper_80", "inside_80", "lower_95", "upper_95", "inside_95",
        ])
        for cell in result.cells {
            writer.append([
                cell.area.code, cell.area.name, String(cell.year.startYear), cell.year.description,
                String(cell.horizon), cell.yearGroup.label, cell.phase.rawValue,
                number(cell.forecast), number(cell.actual), number(cell.error), number(cell.errorPercent, decimals: 2),
                number(cell.interval80?.lowerBound), number(cell.interval80?.upperBound), flag(cell.inside80),
                number(cell.interval95?.lowerBound), number(cell.interval95?.upperBound), flag(cell.inside95),
            ])
        }
        return writer.text
    }

    /// A whole number with thousands separators and a true minus sign: `18,432`, `−78`.
    public static func whole(_ value: Double, signed: Bool = false) -> String {
        let rounded = Int(value.rounded())
        var digits = String(abs(rounded))
        var grouped = ""
        while digits.count > 3 {
            grouped = "," + digits.suffix(3) + grouped
            digits = String(digits.dropLast(3))
        }
        let sign = rounded < 0 ? "−" : (signed && rounded > 0 ? "+" : "")
        return sign + digits + grouped
    }

    /// A signed per cent with one decimal: `+0.4%`, `−1.2%`, `0.0%`; "n/a" without one.
    public static func percent(_ value: Double?) -> String {
        guard let value else { return "n/a" }
        let text = CSVWriter.number(abs(value), decimals: 1)
        let shown = text.contains(".") ? text : text + ".0"
        if shown == "0.0" { return "0.0%" }
        return (value < 0 ? "−" : "+") + shown + "%"
    }

    /// What was compared, in one line: the run, its model and origin, the census and the years.
    public struct Context: Sendable {
        public var runFolder: String
        public var runID: String?
        public var model: String?
        public var census: String

        public init(runFolder: String, runID: String?, model: String?, census: String) {
            self.runFolder = runFolder
            self.runID = runID
            self.model = model
            self.census = census
        }
    }

    /// The printed summary: for each compared year and phase the LA's forecast, actual and error in words, the
    /// areas inside their intervals and the year-group hit rates; the areas outside their 95% interval; the DfE-style
    /// 1-year figure; and the interval convention.
    public static func summary(_ result: MonitoringResult, context: Context) -> String {
        var lines: [String] = []
        let areaCount = Set(result.totals.filter { $0.level == .area }.map(\.area.code)).count
        var about = "the forecast in \(context.runFolder)"
        var details: [String] = []
        if let runID = context.runID { details.append("run \(runID)") }
        if let model = context.model { details.append("model '\(model)'") }
        details.append("origin \(result.origin)")
        about += " (" + details.joined(separator: ", ") + ")"
        lines.append(
            "Monitoring \(about) against the census in \(context.census): "
                + result.years.map { "\($0) (\(plural(result.origin.distance(to: $0), "year")) ahead)" }
                .joined(separator: ", ") + ", \(plural(areaCount, "area")).")
        for year in result.years {
            let horizon = result.origin.distance(to: year)
            let laRows = result.totals.filter { $0.level == .la && $0.year == year }
            guard let la = laRows.first?.area else { continue }
            lines.append("")
            lines.append(
                "\(year), forecast made \(plural(horizon, "year")) earlier; all areas together (\(la.code)):")
            for total in laRows {
                var text =
                    "  \(phaseName(total.phase)): forecast \(whole(total.forecast)), actual \(whole(total.actual)), "
                    + "error \(whole(total.error, signed: true)) (\(percent(total.errorPercent)))"
                text += "; " + areaHits(total)
                text += "; " + cellHits(total) + "."
                lines.append(text)
            }
            let outside = result.totals.filter { $0.level == .area && $0.year == year && $0.inside95 == false }
            if !outside.isEmpty {
                lines.append(
                    "  Outside their 95% interval: "
                        + outside.map {
                            "\($0.area.code) \($0.phase == .sixthForm ? "sixth form" : $0.phase.rawValue) "
                                + "(forecast \(whole($0.forecast)), actual \(whole($0.actual)), "
                                + "\(percent($0.errorPercent)))"
                        }.joined(separator: "; ") + ".")
            }
            let worst = result.totals.filter { $0.level == .area && $0.year == year && $0.errorPercent != nil }
                .max { abs($0.errorPercent!) < abs($1.errorPercent!) }
            if let worst, areaCount > 1 {
                lines.append(
                    "  Largest area error: \(worst.area.code) \(worst.area.name), "
                        + "\(phaseName(worst.phase).lowercased()), \(whole(worst.error, signed: true)) "
                        + "(\(percent(worst.errorPercent))).")
            }
        }
        let scorecard = result.scorecard(horizon: 1)
        lines.append("")
        if scorecard.isEmpty {
            lines.append(
                "DfE-style 1-year accuracy: not available (the census has no figures for "
                    + "\(result.origin.advanced(by: 1)), "
                    + "the year after the forecast's origin).")
        } else {
            lines.append(
                "DfE-style 1-year accuracy (LA total, \(scorecard[0].year) forecast made a year earlier, "
                    + "positive = over-forecast; sixth form not scored): "
                    + scorecard.map { "\(phaseName($0.phase).lowercased()) \(percent($0.errorPercent))" }
                    .joined(separator: ", ") + ".")
        }
        lines.append(intervalConventionWords)
        if result.cellsWithoutActual > 0 {
            lines.append(
                "Note: \(plural(result.cellsWithoutActual, "forecast year-group cell")) had no census figure and "
                    + "\(result.cellsWithoutActual == 1 ? "is" : "are") left out of the totals on both sides.")
        }
        return lines.joined(separator: "\n")
    }

    private static func plural(_ count: Int, _ noun: String) -> String { "\(count) \(noun)\(count == 1 ? "" : "s")" }

    private static func areaHits(_ total: MonitoredTotal) -> String {
        guard total.areasWithInterval80 > 0 || total.areasWithInterval95 > 0 else {
            return "no interval to check (the forecast had none)"
        }
        return "80% interval hit in \(total.areasInside80) of \(plural(total.areasWithInterval80, "area")), "
            + "95% in \(total.areasInside95) of \(total.areasWithInterval95)"
            + " (LA total inside its 80% band: \(total.inside80.map { $0 ? "yes" : "no" } ?? "n/a"), "
            + "95%: \(total.inside95.map { $0 ? "yes" : "no" } ?? "n/a"))"
    }

    private static func cellHits(_ total: MonitoredTotal) -> String {
        func rate(_ inside: Int, _ of: Int) -> String {
            of > 0 ? "\(inside) of \(of) (\(Int((Double(inside) / Double(of) * 100).rounded()))%)" : "none"
        }
        return
            "year-group cells inside their own 80% interval \(rate(total.cellsInside80, total.cellsWithInterval80)), "
            + "95% \(rate(total.cellsInside95, total.cellsWithInterval95))"
    }

    private static func yesNo(_ value: Bool?) -> Cell { value.map { .text($0 ? "yes" : "no") } ?? .empty }
    private static func wholeCell(_ value: Double) -> Cell { .number(value.rounded(), .whole) }

    /// The Monitoring sheet: one row per area × phase × year, then the LA rows; "no" under an interval in red.
    public static func monitoringSheet(_ result: MonitoringResult) -> Sheet {
        let rows: [[Cell]] = result.totals.map { total in
            [
                .text(total.level == .la ? "LA total (\(total.area.code))" : total.area.code),
                .text(total.area.name), .text(phaseName(total.phase)), .text(total.year.description),
                .number(Double(total.horizon), .plain),
                wholeCell(total.forecast), wholeCell(total.actual), wholeCell(total.error),
                total.errorPercent.map { .number($0, .percentPoints) } ?? .empty,
                total.interval80.map { wholeCell($0.lowerBound) } ?? .empty,
                total.interval80.map { wholeCell($0.upperBound) } ?? .empty, yesNo(total.inside80),
                total.interval95.map { wholeCell($0.lowerBound) } ?? .empty,
                total.interval95.map { wholeCell($0.upperBound) } ?? .empty, yesNo(total.inside95),
                total.cellsWithInterval80 > 0
                    ? .number(Double(total.cellsInside80) / Double(total.cellsWithInterval80), .percent) : .empty,
                total.cellsWithInterval95 > 0
                    ? .number(Double(total.cellsInside95) / Double(total.cellsWithInterval95), .percent) : .empty,
            ]
        }
        let scorecard = result.scorecard(horizon: 1)
        var notes = [
            "Last year's forecast against the census (from the \(result.origin) census; error = forecast − actual, "
                + "positive = over-forecast; error % of the actual)"
        ]
        if !scorecard.isEmpty {
            notes.append(
                "DfE-style 1-year accuracy (LA total): "
                    + scorecard.map { "\(phaseName($0.phase).lowercased()) \(percent($0.errorPercent))" }
                    .joined(separator: ", "))
        }
        notes.append(intervalConventionWords)
        return Sheet(
            name: "Monitoring",
            columns: [
                Column("Area", width: 18), Column("Name", width: 24), Column("Phase", width: 11),
                Column("Academic year", width: 14), Column("Years ahead", width: 11), Column("Forecast"),
                Column("Actual"), Column("Error"), Column("Error %"), Column("80% low"), Column("80% high"),
                Column("Inside 80%", width: 11), Column("95% low"), Column("95% high"), Column("Inside 95%", width: 11),
                Column("Cells inside 80%", width: 16), Column("Cells inside 95%", width: 16),
            ],
            rows: rows, frozenColumns: 1,
            highlights: [
                Highlight(columns: 11...11, .equals("no"), fill: 0xF4CCCC),
                Highlight(columns: 14...14, .equals("no"), fill: 0xF4CCCC),
            ],
            notes: notes)
    }

    /// The Monitoring cells sheet: one row per area × year × year group, each against its own intervals.
    public static func cellsSheet(_ result: MonitoringResult) -> Sheet {
        Sheet(
            name: "Monitoring cells",
            columns: [
                Column("Area", width: 12), Column("Academic year", width: 14), Column("Year group"),
                Column("Forecast"), Column("Actual"), Column("Error"), Column("Error %"),
                Column("80% low"), Column("80% high"), Column("Inside 80%", width: 11),
                Column("95% low"), Column("95% high"), Column("Inside 95%", width: 11),
            ],
            rows: result.cells.map { cell in
                [
                    .text(cell.area.code), .text(cell.year.description), .text(cell.yearGroup.label),
                    .number(cell.forecast, .oneDecimal), wholeCell(cell.actual), .number(cell.error, .oneDecimal),
                    cell.errorPercent.map { .number($0, .percentPoints) } ?? .empty,
                    cell.interval80.map { .number($0.lowerBound, .oneDecimal) } ?? .empty,
                    cell.interval80.map { .number($0.upperBound, .oneDecimal) } ?? .empty, yesNo(cell.inside80),
                    cell.interval95.map { .number($0.lowerBound, .oneDecimal) } ?? .empty,
                    cell.interval95.map { .number($0.upperBound, .oneDecimal) } ?? .empty, yesNo(cell.inside95),
                ]
            },
            frozenColumns: 1,
            highlights: [
                Highlight(columns: 9...9, .equals("no"), fill: 0xF4CCCC),
                Highlight(columns: 12...12, .equals("no"), fill: 0xF4CCCC),
            ],
            notes: ["Year-group cells against their own 80% and 95% intervals"])
    }

    /// `monitor.xlsx`: the Monitoring and Monitoring cells sheets.
    public static func workbook(_ result: MonitoringResult) throws -> Data {
        try XLSXWriter.workbook(
            [monitoringSheet(result), cellsSheet(result)],
            title: "PlacePlanning monitoring: the forecast from the \(result.origin) census against the census")
    }
}
