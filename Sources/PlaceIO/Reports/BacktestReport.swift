import Foundation
import PlaceForecast

/// Backtest results as files and as the table printed on stdout.
public enum BacktestReport {
    /// `backtest.csv`: one row per method × area × phase × origin × horizon (the area's phase total):
    /// `method,area_code,phase,origin,horizon,target_year,forecast,actual,error_pct,`
    /// `lower_80,upper_80,lower_95,upper_95`
    /// (interval bounds blank where none could be calibrated at that origin). Single year groups are scored in
    /// accuracy.csv only.
    public static func cellsCSV(_ cells: [BacktestCell], checks: [IntervalCheck]) -> String {
        struct Key: Hashable {
            let method: String
            let area: String
            let level: BacktestLevel
            let origin: AcademicYear
            let horizon: Int
        }
        var intervals: [Key: IntervalCheck] = [:]
        for check in checks {
            guard case .phaseTotal = check.cell.level else { continue }
            let cell = check.cell
            intervals[
                Key(
                    method: cell.method, area: cell.area.code, level: cell.level, origin: cell.origin,
                    horizon: cell.horizon)] = check
        }
        var writer = CSVWriter(header: [
            "method", "area_code", "phase", "origin", "horizon", "target_year",
            "forecast", "actual", "error_pct", "lower_80", "upper_80", "lower_95", "upper_95",
        ])
        for cell in cells {
            guard case .phaseTotal(let phase) = cell.level else { continue }
            let check = intervals[
                Key(
                    method: cell.method, area: cell.area.code, level: cell.level, origin: cell.origin,
                    horizon: cell.horizon)]
            func bound(_ value: Double?) -> String { value.map { CSVWriter.number($0) } ?? "" }
            writer.append([
                cell.method, cell.area.code, phase.rawValue, String(cell.origin.startYear),
                String(cell.horizon), String(cell.target.startYear), CSVWriter.number(cell.forecast),
                CSVWriter.number(cell.actual), cell.percentError.map { CSVWriter.number($0, decimals: 4) } ?? "",
                bound(check?.interval80.lowerBound), bound(check?.interval80.upperBound),
                bound(check?.interval95.lowerBound), bound(check?.interval95.upperBound),
            ])
        }
        return writer.text
    }

    /// `accuracy.csv`: `method,granularity,phase,horizon,count,median_abs_pct,mean_abs_pct,bias_pct,within_1pct,
    /// within_2pct,interval_count,coverage_80,coverage_95` (coverage blank where no interval could be calibrated).
    public static func accuracyCSV(_ summaries: [AccuracySummary]) -> String {
        var writer = CSVWriter(header: [
            "method", "granularity", "phase", "horizon", "count", "median_abs_pct",
            "mean_abs_pct", "bias_pct", "within_1pct", "within_2pct",
            "interval_count", "coverage_80", "coverage_95",
        ])
        for row in summaries {
            let errors = row.errors
            writer.append([
                row.method, row.granularity.rawValue, row.phase.rawValue, String(row.horizon),
                String(errors.count), CSVWriter.number(errors.medianAbsolute, decimals: 4),
                CSVWriter.number(errors.meanAbsolute, decimals: 4), CSVWriter.number(errors.bias, decimals: 4),
                CSVWriter.number(errors.withinOne, decimals: 4), CSVWriter.number(errors.withinTwo, decimals: 4),
                String(row.intervalCount), row.coverage80.map { CSVWriter.number($0, decimals: 4) } ?? "",
                row.coverage95.map { CSVWriter.number($0, decimals: 4) } ?? "",
            ])
        }
        return writer.text
    }

    /// The DfE-style comparison: area totals, median |error| and bias (%), primary and secondary, 1 and 3 years;
    /// `title` heads the first column.
    public static func table(_ summaries: [AccuracySummary], title: String = "Area totals") -> String {
        let totals = summaries.filter { $0.granularity == .areaTotal }
        let methods = Array(Set(totals.map(\.method))).sorted()
        func find(_ method: String, _ phase: Phase, _ horizon: Int) -> AccuracySummary? {
            totals.first { $0.method == method && $0.phase == phase && $0.horizon == horizon }
        }
        func pad(_ text: String, _ width: Int) -> String {
            String(repeating: " ", count: max(0, width - text.count)) + text
        }
        let heading = "\(title): median |error| % (bias %)"
        let width = max(40, heading.count + 2)
        var lines = [
            heading.padding(toLength: width - 2, withPad: " ", startingAt: 0)
                + "   primary 1y      primary 3y      secondary 1y    secondary 3y"
        ]
        for method in methods {
            var line = method.padding(toLength: width, withPad: " ", startingAt: 0)
            for (phase, horizon) in [(Phase.primary, 1), (.primary, 3), (.secondary, 1), (.secondary, 3)] {
                guard let s = find(method, phase, horizon) else {
                    line += pad("-", 16)
                    continue
                }
                line += pad(String(format: "%.2f (%+.2f)", s.errors.medianAbsolute, s.errors.bias), 16)
            }
            lines.append(line)
        }
        return lines.joined(separator: "\n")
    }

    /// The 1-year area-total median |error| (%) without and with known intakes, primary and secondary, by method:
    /// how much giving the actual entry of the first forecast year lowers it.
    public static func knownIntakesComparison(without: [AccuracySummary], with known: [AccuracySummary]) -> String {
        func find(_ summaries: [AccuracySummary], _ method: String, _ phase: Phase) -> AccuracySummary? {
            summaries.first {
                $0.granularity == .areaTotal && $0.method == method && $0.phase == phase && $0.horizon == 1
            }
        }
        let methods = Array(Set(without.map(\.method)).intersection(known.map(\.method))).sorted()
        var lines = ["Known intakes, 1 year ahead, area totals: median |error| % without → with (change)"]
        for method in methods {
            var parts: [String] = []
            for phase in [Phase.primary, .secondary] {
                guard let before = find(without, method, phase), let after = find(known, method, phase) else {
                    continue
                }
                let (b, a) = (before.errors.medianAbsolute, after.errors.medianAbsolute)
                parts.append(String(format: "%@ %.2f → %.2f (%+.2f)", phase.rawValue, b, a, a - b))
            }
            if !parts.isEmpty { lines.append("  \(method): " + parts.joined(separator: ", ")) }
        }
        return lines.joined(separator: "\n")
    }

    /// Each year group's share of the 1-year error (see ``ErrorShares``), a line per method and phase, in per cent.
    public static func sharesTable(_ shares: [ErrorShares], title: String) -> String {
        var lines = [
            "\(title): each year group's share of Σ|forecast − actual| (pupils, over areas and origins), 1 year ahead"
        ]
        let ordered = Phase.allCases.flatMap { phase in shares.filter { $0.phase == phase } }
        for row in ordered {
            let cells: [String] = row.shares.map { "\($0.group.label) " + String(format: "%.1f%%", 100 * $0.share) }
            lines.append("  \(row.method), \(row.phase.rawValue): " + cells.joined(separator: "  "))
        }
        return lines.joined(separator: "\n")
    }
}
