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

    /// The DfE-style comparison: area totals, median |error| and bias (%), primary and secondary, 1 and 3 years.
    public static func table(_ summaries: [AccuracySummary]) -> String {
        let totals = summaries.filter { $0.granularity == .areaTotal }
        let methods = Array(Set(totals.map(\.method))).sorted()
        func find(_ method: String, _ phase: Phase, _ horizon: Int) -> AccuracySummary? {
            totals.first { $0.method == method && $0.phase == phase && $0.horizon == horizon }
        }
        func pad(_ text: String, _ width: Int) -> String {
            String(repeating: " ", count: max(0, width - text.count)) + text
        }
        var lines = [
            "Area totals: median |error| % (bias %)   primary 1y      primary 3y      secondary 1y    secondary 3y"
        ]
        for method in methods {
            var line = method.padding(toLength: 40, withPad: " ", startingAt: 0)
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
}
