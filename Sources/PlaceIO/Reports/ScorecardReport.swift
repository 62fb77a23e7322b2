import Foundation
import PlaceForecast

/// The backtest against the LAs' own forecasts (DfE scorecards), as a file and as the printed table.
public enum ScorecardReport {
    /// `scorecards_comparison.csv`: one row per method × target year × phase × horizon, then per method × phase ×
    /// scorecard column with the target years pooled:
    /// `method,target_year,phase,horizon,scorecard_column,origin,las,la_median_abs_pct,our_median_abs_pct,`
    /// `la_median_pct,our_median_pct,beaten,ties,share_beaten` (years as starting calendar years, errors in per
    /// cent of the actual, positive = over-forecast; `share_beaten` = beaten / las, ties not beaten). Pooled rows
    /// leave `target_year` and `origin` blank, and `horizon` too when their targets' horizons differ; their `las`
    /// counts LA × target pairs.
    public static func csv(_ comparisons: [ScorecardComparison]) -> String {
        var writer = CSVWriter(header: [
            "method", "target_year", "phase", "horizon", "scorecard_column", "origin", "las", "la_median_abs_pct",
            "our_median_abs_pct", "la_median_pct", "our_median_pct", "beaten", "ties", "share_beaten",
        ])
        for row in comparisons {
            writer.append([
                row.method, row.target.map { String($0.startYear) } ?? "", row.phase.rawValue,
                row.horizon.map(String.init) ?? "", String(row.column), row.origin.map { String($0.startYear) } ?? "",
                String(row.count), CSVWriter.number(row.laMedianAbsolute, decimals: 4),
                CSVWriter.number(row.ourMedianAbsolute, decimals: 4),
                CSVWriter.number(row.laMedianSigned, decimals: 4), CSVWriter.number(row.ourMedianSigned, decimals: 4),
                String(row.beaten), String(row.ties), CSVWriter.number(row.shareBeaten, decimals: 4),
            ])
        }
        return writer.text
    }

    /// `scorecards_by_la.csv`: one row per method × LA × target year × phase × horizon where the LA published a
    /// score: `method,area_code,area_name,target_year,phase,horizon,scorecard_column,origin,la_error_pct,`
    /// `our_error_pct,ours_closer` (signed errors in per cent of the actual, positive = over-forecast; `ours_closer`
    /// true when our |error| is the smaller).
    public static func byLACSV(_ rows: [Scorecards.LAComparison]) -> String {
        var writer = CSVWriter(header: [
            "method", "area_code", "area_name", "target_year", "phase", "horizon", "scorecard_column", "origin",
            "la_error_pct", "our_error_pct", "ours_closer",
        ])
        for row in rows {
            writer.append([
                row.method, row.area.code, row.area.name, String(row.score.target.startYear), row.score.phase.rawValue,
                String(row.score.horizon), String(row.score.column), String(row.score.origin.startYear),
                CSVWriter.number(row.theirs, decimals: 4), CSVWriter.number(row.ours, decimals: 4),
                abs(row.ours) < abs(row.theirs) - 1e-9 ? "true" : "false",
            ])
        }
        return writer.text
    }

    /// The printed table: per target year, then the targets pooled, a row per method and a column per phase ×
    /// horizon reading `ours/LAs' median |error| %, share of LAs beaten`; each column header gives the LAs
    /// compared (LA × target pairs when pooled); `3y*` marks a pooled 3-year column whose targets include 2-year
    /// scores.
    public static func table(_ comparisons: [ScorecardComparison]) -> String {
        let methods = Array(Set(comparisons.map(\.method))).sorted()
        var lines = [
            "Against the LAs' own forecasts (DfE scorecards): ours/LAs' median |error| % of the LA total, "
                + "share of LAs where ours is closer"
        ]
        let targets = Array(Set(comparisons.compactMap(\.target))).sorted()
        let blocks: [AcademicYear?] = targets + (comparisons.contains { $0.target == nil } ? [nil] : [])
        for target in blocks {
            let rows = comparisons.filter { $0.target == target }
            struct Column: Hashable {
                let phase: Phase
                let column: Int
            }
            let columns = Array(Set(rows.map { Column(phase: $0.phase, column: $0.column) })).sorted {
                (Phase.allCases.firstIndex(of: $0.phase)!, $0.column)
                    < (Phase.allCases.firstIndex(of: $1.phase)!, $1.column)
            }
            let title = target.map { "\($0) target" } ?? targets.map(\.description).joined(separator: "+") + " pooled"
            var header = title.padding(toLength: 24, withPad: " ", startingAt: 0)
            for column in columns {
                let matching = rows.filter { $0.phase == column.phase && $0.column == column.column }
                let count = matching.map(\.count).max() ?? 0
                let horizon = matching.first?.horizon.map { "\($0)y" } ?? "\(column.column)y*"
                header += pad("\(column.phase.rawValue) \(horizon) (\(count))", 22)
            }
            lines += ["", header]
            for method in methods {
                var line = method.padding(toLength: 24, withPad: " ", startingAt: 0)
                for column in columns {
                    guard
                        let row = rows.first(where: {
                            $0.method == method && $0.phase == column.phase && $0.column == column.column
                        })
                    else {
                        line += pad("-", 22)
                        continue
                    }
                    line += pad(
                        String(
                            format: "%.2f/%.2f %3.0f%%", row.ourMedianAbsolute, row.laMedianAbsolute,
                            100 * row.shareBeaten), 22)
                }
                lines.append(line)
            }
        }
        return lines.joined(separator: "\n")
    }

    private static func pad(_ text: String, _ width: Int) -> String {
        String(repeating: " ", count: max(0, width - text.count)) + text
    }
}
