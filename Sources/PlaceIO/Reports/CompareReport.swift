import Foundation
import Mustache
import PlaceForecast
import Spreadsheet

/// The comparison of `placeplan compare` as files, the printed table and a workbook sheet. Academic years are
/// written `2022/23`; percentages to one decimal.
public enum CompareReport {
    /// The measure in words, with the years it covers.
    public static func label(_ measure: ComparisonMeasure, _ comparison: Comparison) -> String {
        switch measure {
        case .primaryTrend: return "Primary pupils (R-6), % change"
        case .secondaryTrend: return "Secondary pupils (7-11), % change"
        case .receptionBirths: return "Reception / births (Y-4)"
        case .receptionBirthsMean: return "Reception / births (Y-4), 3-year mean"
        case .primaryProjected: return "Primary pupils, projected % change"
        case .secondaryProjected: return "Secondary pupils, projected % change"
        case .primaryAccuracy: return "Primary 1-year backtest error, median abs %"
        case .secondaryAccuracy: return "Secondary 1-year backtest error, median abs %"
        case .ehcpRate: return "EHC plans per 1,000 pupils R-11"
        case .ehcpGrowth: return "EHC plans, growth % a year"
        }
    }

    /// The years a measure covers: `2017/18 to 2022/23`, or one year.
    public static func period(_ measure: ComparisonMeasure, _ comparison: Comparison) -> String {
        let origin = comparison.origin
        func span(_ from: AcademicYear, _ to: AcademicYear) -> String { "\(from) to \(to)" }
        switch measure {
        case .primaryTrend, .secondaryTrend:
            return span(origin.advanced(by: -PlanningRules.compareTrendYears), origin)
        case .receptionBirths: return origin.description
        case .receptionBirthsMean:
            return span(origin.advanced(by: 1 - PlanningRules.compareRatioMeanYears), origin)
        case .primaryProjected, .secondaryProjected:
            return span(origin, origin.advanced(by: PlanningRules.compareProjectionYears))
        case .primaryAccuracy, .secondaryAccuracy:
            return comparison.backtestOrigins.map { "origins " + span($0.lowerBound, $0.upperBound) } ?? "none"
        case .ehcpRate: return comparison.ehcpYear?.description ?? "none"
        case .ehcpGrowth:
            return comparison.ehcpYear.map {
                span($0.advanced(by: -PlanningRules.compareEHCPGrowthYears), $0)
            } ?? "none"
        }
    }

    /// Decimals a measure is shown with: ratios 2, everything else (percentages, rates) 1.
    static func decimals(_ measure: ComparisonMeasure) -> Int {
        switch measure {
        case .receptionBirths, .receptionBirthsMean: return 2
        default: return 1
        }
    }

    static func isPercent(_ measure: ComparisonMeasure) -> Bool {
        switch measure {
        case .receptionBirths, .receptionBirthsMean, .ehcpRate: return false
        default: return true
        }
    }

    /// A value as printed: `-3.1%`, `0.97`, `31.2`; `-` when missing.
    public static func format(_ value: Double?, _ measure: ComparisonMeasure) -> String {
        guard let value, value.isFinite else { return "-" }
        let text = String(format: "%.\(decimals(measure))f", value)
        let clean = text.hasPrefix("-") && Double(text) == 0 ? String(text.dropFirst()) : text
        return clean + (isPercent(measure) ? "%" : "")
    }

    static func groupText(_ member: Comparison.Member) -> String {
        member.groups.isEmpty ? Comparison.Group.other.rawValue : member.groups.map(\.rawValue).joined(separator: ";")
    }

    /// `compare.csv`: one row per LA × measure:
    /// `area_code,area_name,group,stable,measure,period,value` (`group`: la, statistical_neighbour, core_city
    /// (both joined by `;` when an LA is in both) or other; `stable`: in the England median; `value` to 4 decimals,
    /// blank where the LA's data do not allow it).
    public static func membersCSV(_ comparison: Comparison) -> String {
        var writer = CSVWriter(header: ["area_code", "area_name", "group", "stable", "measure", "period", "value"])
        for member in comparison.members {
            for measure in ComparisonMeasure.allCases {
                writer.append([
                    member.area.code, member.area.name, groupText(member), member.stable ? "true" : "false",
                    measure.rawValue, period(measure, comparison),
                    comparison.values[member.area.code]?[measure].map { CSVWriter.number($0, decimals: 4) } ?? "",
                ])
            }
        }
        return writer.text
    }

    /// `compare_groups.csv`: one row per measure: the LA's value, the neighbours' median, min, max and count, the
    /// core cities' median, min, max and count, and England's median over stable LAs with its count.
    public static func groupsCSV(_ comparison: Comparison) -> String {
        var writer = CSVWriter(header: [
            "measure", "period", "la_code", "la_value", "neighbours_median", "neighbours_min", "neighbours_max",
            "neighbours_count", "core_cities_median", "core_cities_min", "core_cities_max", "core_cities_count",
            "england_median", "england_count",
        ])
        func number(_ value: Double?) -> String { value.map { CSVWriter.number($0, decimals: 4) } ?? "" }
        func group(_ summary: GroupSummary?) -> [String] {
            [number(summary?.median), number(summary?.minimum), number(summary?.maximum), String(summary?.count ?? 0)]
        }
        for summary in comparison.summaries {
            writer.append(
                [
                    summary.measure.rawValue, period(summary.measure, comparison), comparison.la.code,
                    number(summary.la),
                ] + group(summary.neighbours) + group(summary.coreCities)
                    + [number(summary.england?.median), String(summary.england?.count ?? 0)])
        }
        return writer.text
    }

    /// The printed table: the LA, its neighbours' median (min-max), the core cities' median and England's
    /// median of stable LAs, one line per measure, then who is in each group and the most similar LAs.
    public static func table(_ comparison: Comparison) -> String {
        let header = [
            "Measure", "Years", comparison.la.name, "Neighbours median (min to max)", "Core cities median",
            "England median",
        ]
        var rows: [[String]] = []
        for summary in comparison.summaries {
            let measure = summary.measure
            let neighbours = summary.neighbours.map {
                "\(format($0.median, measure)) (\(format($0.minimum, measure)) to \(format($0.maximum, measure)))"
            }
            rows.append([
                label(measure, comparison), period(measure, comparison), format(summary.la, measure),
                neighbours ?? "-", format(summary.coreCities?.median, measure),
                format(summary.england?.median, measure),
            ])
        }
        let widths = header.indices.map { column in
            ([header] + rows).map { $0[column].count }.max() ?? 0
        }
        func line(_ cells: [String]) -> String {
            cells.enumerated().map { index, cell in
                let pad = String(repeating: " ", count: widths[index] - cell.count)
                return index < 2 ? cell + pad : pad + cell
            }.joined(separator: "  ")
        }
        var lines = [
            "\(comparison.la.name) (\(comparison.la.code)) against its statistical neighbours, the core cities and "
                + "England; census to \(comparison.origin), forecast and backtest with the auto model",
            "",
            line(header),
            line(widths.map { String(repeating: "-", count: $0) }),
        ]
        lines += rows.map(line)
        lines.append("")
        lines += notes(comparison)
        return lines.joined(separator: "\n")
    }

    /// Who is in each group, how England is summarised, and the most similar LAs.
    public static func notes(_ comparison: Comparison) -> [String] {
        let names = { (areas: [Area]) in areas.map(\.name).joined(separator: "; ") }
        var lines: [String] = []
        lines.append(
            comparison.neighbours.isEmpty
                ? "Statistical neighbours: none listed for \(comparison.la.code) in the comparators file."
                : "Statistical neighbours (\(comparison.neighbours.count)): \(names(comparison.neighbours)).")
        let isCoreCity = comparison.members.contains { $0.area == comparison.la && $0.groups.contains(.coreCity) }
        lines.append(
            "Core cities "
                + "(\(comparison.coreCities.count)\(isCoreCity ? ", without \(comparison.la.name) itself" : "")): "
                + "\(names(comparison.coreCities)).")
        lines.append(
            "England: the median of the \(comparison.stableCount) LAs whose boundaries held (areas.csv stable), "
                + "not an England total.")
        if !comparison.nearest.isEmpty {
            let list = comparison.nearest.map { "\($0.area.name) \(String(format: "%.2f", $0.distance))" }
            lines.append(
                "Most similar LAs (Euclidean distance on standardised pupil trends, Reception/births mean, EHC plan "
                    + "rate and growth): \(list.joined(separator: ", ")).")
        }
        return lines
    }

    /// `compare.xlsx`: the Comparators sheet as a workbook.
    public static func workbook(_ comparison: Comparison) throws -> Data {
        try XLSXWriter.workbook([sheet(comparison)], title: "PlacePlanning comparators")
    }

    /// `compare.html`: the comparison as a one-file page in the report's template and style: a finding per
    /// measure in words, then the table and who is in each group.
    public static func html(_ comparison: Comparison) throws -> String {
        var findings: [String] = []
        for summary in comparison.summaries {
            guard let value = summary.la else { continue }
            var parts = [
                "\(label(summary.measure, comparison)) (\(period(summary.measure, comparison))): "
                    + "\(comparison.la.name) \(format(value, summary.measure))"
            ]
            if let median = summary.neighbours?.median { parts.append("neighbours \(format(median, summary.measure))") }
            if let median = summary.coreCities?.median {
                parts.append("core cities \(format(median, summary.measure))")
            }
            if let median = summary.england?.median { parts.append("England \(format(median, summary.measure))") }
            findings.append(parts.joined(separator: ", ") + ".")
        }
        let rows = comparison.summaries.map { summary -> [String] in
            let measure = summary.measure
            return [
                label(measure, comparison), period(measure, comparison), format(summary.la, measure),
                summary.neighbours.map {
                    "\(format($0.median, measure)) (\(format($0.minimum, measure)) to \(format($0.maximum, measure)))"
                } ?? "-",
                format(summary.coreCities?.median, measure), format(summary.england?.median, measure),
            ]
        }
        let table = HTMLReport.table(
            [
                "Measure", "Years", comparison.la.name, "Neighbours median (min to max)", "Core cities median",
                "England median",
            ], rows, textColumns: [0, 1])
        let view: [String: Any] = [
            "title": "\(comparison.la.name) against its comparators",
            "subtitle":
                "Census to \(comparison.origin); forecast and backtest with the auto model. Made by PlacePlanning.",
            "findings": findings,
            "definitions":
                "Primary = Reception to Year 6; secondary = Years 7 to 11. Academic years are written 2022/23.",
            "style": ReportTemplates.style,
            "sections": [["heading": "Measures", "table": table, "text": notes(comparison)]],
            "footer": "Sources: DfE school census and SEN2, ONS births (Open Government Licence v3.0).",
        ]
        return try MustacheTemplate(string: ReportTemplates.page).render(view)
    }

    /// The workbook's `Comparators` sheet: one row per measure, the LA's value against each group.
    public static func sheet(_ comparison: Comparison) -> Sheet {
        let rows: [[Cell]] = comparison.summaries.map { summary in
            let measure = summary.measure
            return [
                .text(label(measure, comparison)), .text(period(measure, comparison)),
                ratioCell(summary.la, measure), ratioCell(summary.neighbours?.median, measure),
                ratioCell(summary.neighbours?.minimum, measure), ratioCell(summary.neighbours?.maximum, measure),
                ratioCell(summary.coreCities?.median, measure), ratioCell(summary.england?.median, measure),
            ]
        }
        return Sheet(
            name: "Comparators",
            columns: [
                Column("Measure", width: 46), Column("Years", width: 22), Column(comparison.la.name, width: 14),
                Column("Neighbours median", width: 18), Column("Neighbours min"), Column("Neighbours max"),
                Column("Core cities median", width: 18), Column("England median", width: 16),
            ],
            rows: rows, frozenColumns: 1,
            notes: [
                "\(comparison.la.name) (\(comparison.la.code)) against its statistical neighbours, the core cities "
                    + "and England; census to \(comparison.origin)"
            ] + notes(comparison))
    }

    /// A sheet cell: a ratio shown as a percentage (0.97 → 97.0%), a % change in percent points, a rate with one
    /// decimal; the stored value keeps full precision.
    static func ratioCell(_ value: Double?, _ measure: ComparisonMeasure) -> Cell {
        guard let value, value.isFinite else { return .empty }
        if decimals(measure) == 2 { return .number(value, .percent) }
        return .number(value, isPercent(measure) ? .percentPoints : .oneDecimal)
    }
}
