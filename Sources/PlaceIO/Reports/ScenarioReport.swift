import Charts
import Foundation
import Mustache
import PlaceForecast
import Spreadsheet

/// One scenario's results as the scenario reports read them.
public struct ScenarioOutcome: Sendable {
    public let name: String
    public let result: PlacePlanningResult
    /// Special-school places surplus (negative: short) LA-wide in the last forecast year, when SEND is forecast.
    public let specialSchoolSurplus: Double?
    /// Early-years rows under the scenario; nil without early_years.csv.
    public let earlyYears: [EarlyYearsRow]?

    public init(
        name: String, result: PlacePlanningResult, specialSchoolSurplus: Double?, earlyYears: [EarlyYearsRow]? = nil
    ) {
        self.name = name
        self.result = result
        self.specialSchoolSurplus = specialSchoolSurplus
        self.earlyYears = earlyYears
    }
}

/// The scenario runner's and the PAN advisor's CSV and tables.
public enum ScenarioReport {
    /// `scenarios.csv`: `scenario,area_code,phase,year,capacity,pupils,surplus_pct,places_needed,status` for the
    /// forecast years, per planning area and LA total (places_needed: the area's, or for the LA the sum of its
    /// areas' shortfalls).
    public static func csv(_ runs: [ScenarioOutcome]) -> String {
        var writer = CSVWriter(
            header: [
                "scenario", "area_code", "phase", "year", "capacity", "pupils", "surplus_pct",
                "places_needed", "status",
            ], academicYearFrom: "year")
        for run in runs {
            var needed: [String: Double] = [:]
            for row in run.result.placesNeeded where row.yearGroup == nil {
                needed["\(row.areaCode)|\(row.phase.rawValue)|\(row.year.startYear)"] = row.placesNeeded
            }
            for row in run.result.surplus where row.isForecast {
                let key = "\(row.areaCode)|\(row.phase.rawValue)|\(row.year.startYear)"
                writer.append([
                    run.name, row.areaCode, row.phase.rawValue, String(row.year.startYear),
                    CSVWriter.number(row.capacity), CSVWriter.number(row.pupils),
                    row.surplusPercent.map { CSVWriter.number($0, decimals: 2) } ?? "",
                    needed[key].map { CSVWriter.number($0) } ?? "",
                    row.status.rawValue,
                ])
            }
        }
        return writer.text
    }

    /// Side by side: planning-area-years by status, LA surplus by phase in the last forecast year, build cost,
    /// schools at high deficit risk.
    public static func summary(_ runs: [ScenarioOutcome], areas: [PlanningArea]) -> String {
        let laCodes = Set(areas.map(\.laCode))
        func pad(_ text: String, _ width: Int) -> String {
            String(repeating: " ", count: max(0, width - text.count)) + text
        }
        var lines = [
            "Scenario".padding(toLength: 26, withPad: " ", startingAt: 0)
                + pad("short", 7) + pad("below", 7) + pad("within", 8) + pad("excess", 8)
                + pad("LA pri %", 10) + pad("LA sec %", 10) + pad("build £m", 10) + pad("high risk", 11)
                + pad("special", 9)
        ]
        for run in runs {
            let areaRows = run.result.surplus.filter { $0.isForecast && !laCodes.contains($0.areaCode) }
            func count(_ status: SurplusStatus) -> String { String(areaRows.filter { $0.status == status }.count) }
            let lastYear = run.result.surplus.map(\.year).max()
            func la(_ phase: Phase) -> String {
                run.result.surplus.first { laCodes.contains($0.areaCode) && $0.phase == phase && $0.year == lastYear }?
                    .surplusPercent.map { String(format: "%.1f", $0) } ?? "-"
            }
            let cost = run.result.buildNeeds.reduce(0) { $0 + $1.costExpansion } / 1e6
            let high = Set(run.result.deficitRisk.filter { $0.level == .high }.map(\.school.id)).count
            lines.append(
                run.name.padding(toLength: 26, withPad: " ", startingAt: 0)
                    + pad(count(.shortfall), 7) + pad(count(.belowTarget), 7) + pad(count(.withinBand), 8)
                    + pad(count(.excess), 8) + pad(la(.primary), 10) + pad(la(.secondary), 10)
                    + pad(String(format: "%.1f", cost), 10) + pad(String(high), 11)
                    + pad(run.specialSchoolSurplus.map { String(Int($0.rounded())) } ?? "-", 9))
        }
        let year = runs.first?.result.surplus.map(\.year).max().map(String.init(describing:)) ?? "-"
        lines.append(
            "(planning-area-years over the forecast horizon by status; LA surplus in \(year); build cost at "
                + "permanent-expansion rates; high risk: schools at high deficit risk in any year; special: "
                + "special-school places surplus, negative = short, LA-wide in the last year)")
        return lines.joined(separator: "\n")
    }

    /// Per scenario, what it changes against the base (the first run) in `year` (default: the last forecast year):
    /// each planning area whose surplus moves, as surplus % and places before and after with the difference, and
    /// the schools whose roll moves most (roll and deficit-risk level before and after). A scenario that moves
    /// nothing says so.
    public static func differences(
        _ runs: [ScenarioOutcome], areas: [PlanningArea], year: AcademicYear? = nil
    )
        -> String
    {
        guard let base = runs.first, runs.count > 1 else { return "" }
        let year = year ?? base.result.surplus.map(\.year).max()
        guard let year else { return "" }
        let laCodes = Set(areas.map(\.laCode))
        func key(_ row: SurplusRow) -> String { "\(row.areaCode)|\(row.phase.rawValue)" }
        let baseRows = Dictionary(
            base.result.surplus.filter { $0.year == year }.map { (key($0), $0) }, uniquingKeysWith: { a, _ in a })
        let baseSchools = Dictionary(
            base.result.deficitRisk.filter { $0.year == year }.map { ($0.school.id, $0) },
            uniquingKeysWith: { a, _ in a })
        func signed(_ value: Double, decimals: Int) -> String {
            (value > 0 ? "+" : value < 0 ? "−" : "±") + CSVWriter.number(abs(value), decimals: decimals)
        }
        var lines = ["Against the base in \(year):"]
        for run in runs.dropFirst() {
            var changes: [String] = []
            for row in run.result.surplus.filter({ $0.year == year }).sorted(by: { key($0) < key($1) }) {
                guard let before = baseRows[key(row)], let after = row.surplusPercent,
                    let was = before.surplusPercent,
                    abs(after - was) >= 0.05 || abs(row.capacity - before.capacity) >= 0.5
                else { continue }
                let name = laCodes.contains(row.areaCode) ? "LA \(row.phase.rawValue)" : row.areaCode
                let places = row.surplusPlaces - before.surplusPlaces
                changes.append(
                    "\(name) \(CSVWriter.number(was, decimals: 1))% → \(CSVWriter.number(after, decimals: 1))% "
                        + "(\(signed(after - was, decimals: 1)) points, \(signed(places.rounded(), decimals: 0)) "
                        + "spare places)"
                )
            }
            let schools = run.result.deficitRisk.filter { $0.year == year }.compactMap {
                risk -> (DeficitRisk, DeficitRisk)? in
                guard let before = baseSchools[risk.school.id], abs(risk.roll - before.roll) >= 1 else { return nil }
                return (before, risk)
            }.sorted { abs($0.1.roll - $0.0.roll) > abs($1.1.roll - $1.0.roll) }
            if changes.isEmpty && schools.isEmpty {
                lines.append(
                    "  \(run.name): no planning area's surplus and no school's roll changes in \(year) "
                        + "(its effect, if any, is in the table above: SEND or early years)")
                continue
            }
            lines.append(
                "  \(run.name): " + (changes.isEmpty ? "no area's surplus changes" : changes.joined(separator: "; ")))
            let shown = schools.prefix(5).map { before, after in
                "\(after.school.name) (\(after.school.id)) roll \(Int(before.roll.rounded())) → "
                    + "\(Int(after.roll.rounded())), risk \(before.level.rawValue)"
                    + (after.level == before.level ? "" : " → \(after.level.rawValue)")
            }
            if !shown.isEmpty {
                lines.append(
                    "    schools: " + shown.joined(separator: "; ")
                        + (schools.count > 5 ? "; and \(schools.count - 5) more schools" : ""))
            }
        }
        return lines.joined(separator: "\n")
    }

    /// The Scenarios sheet of `scenarios.xlsx`: per planning area (and LA row) and forecast year, the base's surplus
    /// % and each scenario's, with its difference from the base in points; coloured like the Surplus sheet.
    public static func sheet(_ runs: [ScenarioOutcome], areas: [PlanningArea]) -> Sheet? {
        guard let base = runs.first else { return nil }
        let laCodes = Set(areas.map(\.laCode))
        func key(_ row: SurplusRow) -> String { "\(row.areaCode)|\(row.phase.rawValue)|\(row.year.startYear)" }
        let byRun = runs.map { run in
            Dictionary(run.result.surplus.filter(\.isForecast).map { (key($0), $0) }, uniquingKeysWith: { a, _ in a })
        }
        let rows: [[Cell]] = base.result.surplus.filter(\.isForecast).map { row in
            let name =
                laCodes.contains(row.areaCode)
                ? "LA total (\(row.areaCode))"
                : areas.first { $0.code == row.areaCode }.map { "\($0.code) \($0.name)" }
                    ?? row.areaCode
            var cells: [Cell] = [.text(name), .text(row.phase.rawValue), .text(row.year.description)]
            cells.append(row.surplusPercent.map { .number($0, .percentPoints) } ?? .empty)
            for scenario in byRun.dropFirst() {
                let other = scenario[key(row)]?.surplusPercent
                cells.append(other.map { .number($0, .percentPoints) } ?? .empty)
                cells.append(
                    other.flatMap { value in row.surplusPercent.map { .number(value - $0, .percentPoints) } } ?? .empty)
            }
            return cells
        }
        let target = base.result.surplus.first?.targetPercent ?? 5
        var columns = [Column("Planning area", width: 30), Column("Phase"), Column("Academic year", width: 14)]
        columns.append(Column("\(base.name) %", width: 12))
        for run in runs.dropFirst() {
            columns.append(Column("\(run.name) %", width: max(12, Double(run.name.count) + 4)))
            columns.append(Column("Δ points", width: 10))
        }
        let scenarioColumns = stride(from: 3, to: columns.count, by: 1).filter { $0 == 3 || ($0 - 4) % 2 == 0 }
        return Sheet(
            name: "Scenarios", columns: columns, rows: rows, frozenColumns: 1,
            highlights: scenarioColumns.flatMap { column in
                [
                    Highlight(columns: column...column, .below(0), fill: 0xF4CCCC),
                    Highlight(columns: column...column, .between(0, target - 0.000_001), fill: 0xFCE5CD),
                ]
            },
            notes: [
                "Surplus % of capacity under each scenario, against the base (Δ: scenario − base, in percentage "
                    + "points)",
                "Red: short of places; amber: under the \(CSVWriter.number(target))% target. LA rows never offset one "
                    + "area's shortfall with another's spare places.",
            ])
    }

    /// `scenarios.xlsx`: the Scenarios sheet as a workbook; nil without runs.
    public static func workbook(_ runs: [ScenarioOutcome], areas: [PlanningArea]) throws -> Data? {
        guard let sheet = sheet(runs, areas: areas) else { return nil }
        return try XLSXWriter.workbook([sheet], title: "PlacePlanning scenarios")
    }

    /// `scenarios.html`: the scenario comparison as a one-file page in the report's template: what each scenario
    /// changes in words, then the LA surplus % of each phase by year under every scenario (a line each) and the
    /// side-by-side table.
    public static func html(_ runs: [ScenarioOutcome], areas: [PlanningArea]) throws -> String? {
        guard let base = runs.first else { return nil }
        let laCodes = Set(areas.map(\.laCode))
        let colours = ["#444444", "#1f5fa8", "#b03a2e", "#2e7d32", "#d98c1f", "#6a3d9a", "#00838f", "#8d6e63"]
        let charts = [Phase.primary, .secondary].compactMap { phase -> String? in
            let series = runs.enumerated().map { index, run in
                Series(
                    label: run.name,
                    points: run.result.surplus.filter { laCodes.contains($0.areaCode) && $0.phase == phase }
                        .sorted { $0.year < $1.year }.compactMap { row in
                            row.surplusPercent.map { (x: Double(row.year.startYear), y: $0) }
                        },
                    colour: colours[index % colours.count], dashed: index == 0)
            }.filter { !$0.points.isEmpty }
            guard !series.isEmpty else { return nil }
            var chart = LineChart(
                title: "LA \(phase.rawValue) surplus % of capacity under each scenario", yLabel: "surplus %",
                series: series, xLabel: { AcademicYear(Int($0)).description })
            chart.height = 340
            chart.margin.bottom = 96
            return chart.svg
        }
        // One finding per scenario: its areas, then its schools.
        var lines: [String] = []
        for line in differences(runs, areas: areas).split(separator: "\n").map(String.init) {
            if line.hasPrefix("    schools: "), let last = lines.popLast() {
                lines.append(last + "; " + line.trimmingCharacters(in: .whitespaces))
            } else {
                lines.append(line)
            }
        }
        let header = ["Scenario", "short", "below", "within", "excess", "build £m", "high risk"]
        let rows = runs.map { run -> [String] in
            let areaRows = run.result.surplus.filter { $0.isForecast && !laCodes.contains($0.areaCode) }
            func count(_ status: SurplusStatus) -> String { String(areaRows.filter { $0.status == status }.count) }
            let cost = run.result.buildNeeds.reduce(0) { $0 + $1.costExpansion } / 1e6
            let high = Set(run.result.deficitRisk.filter { $0.level == .high }.map(\.school.id)).count
            return [
                run.name, count(.shortfall), count(.belowTarget), count(.withinBand), count(.excess),
                String(format: "%.1f", cost), String(high),
            ]
        }
        let years = base.result.surplus.filter(\.isForecast).map(\.year)
        let view: [String: Any] = [
            "title": "Scenarios against the base",
            "subtitle": "Forecast years \(years.min()?.description ?? "") to \(years.max()?.description ?? ""). "
                + "Made by PlacePlanning.",
            "findings": lines.dropFirst().map { $0.trimmingCharacters(in: .whitespaces) },
            "definitions": (lines.first ?? "")
                + " Surplus % of capacity; spare places = capacity − pupils. Primary = Reception to Year 6; "
                + "secondary = Years 7 to 13.",
            "style": ReportTemplates.style,
            "sections": [
                ["heading": "LA surplus by scenario", "figures": charts.map { ["svg": $0] }],
                [
                    "heading": "Side by side",
                    "text": [
                        "Planning-area-years over the forecast by status; build cost at permanent-expansion rates; "
                            + "schools at high deficit risk in any year."
                    ],
                    "table": HTMLReport.table(header, rows),
                ],
            ],
            "footer": "Scenario files: models/scenarios/. Sources as in the forecast's report.",
        ]
        return try MustacheTemplate(string: ReportTemplates.page).render(view)
    }

    /// `scenarios_early_years.csv`: `scenario,area_code,year,age_band,total_children,demand_places,places,surplus,
    /// surplus_pct,status,demand_vs_base,places_vs_base` — each scenario's early-years rows and their difference
    /// from the base (the first run); nil when no run has early years.
    public static func earlyYearsCSV(_ runs: [ScenarioOutcome]) -> String? {
        guard let base = runs.first?.earlyYears else { return nil }
        var baseRows: [String: EarlyYearsRow] = [:]
        for row in base { baseRows["\(row.areaCode)|\(row.year.startYear)|\(row.age.rawValue)"] = row }
        var writer = CSVWriter(
            header: [
                "scenario", "area_code", "year", "age_band", "total_children", "demand_places", "places", "surplus",
                "surplus_pct", "status", "demand_vs_base", "places_vs_base",
            ], academicYearFrom: "year")
        for run in runs {
            for row in run.earlyYears ?? [] {
                let before = baseRows["\(row.areaCode)|\(row.year.startYear)|\(row.age.rawValue)"]
                writer.append([
                    run.name, row.areaCode, String(row.year.startYear), row.age.rawValue,
                    CSVWriter.number(row.totalChildren, decimals: 1), CSVWriter.number(row.demand, decimals: 1),
                    CSVWriter.number(row.places, decimals: 1), CSVWriter.number(row.surplus, decimals: 1),
                    row.surplusPercent.map { CSVWriter.number($0, decimals: 2) } ?? "", row.status.rawValue,
                    before.map { CSVWriter.number(row.demand - $0.demand, decimals: 1) } ?? "",
                    before.map { CSVWriter.number(row.places - $0.places, decimals: 1) } ?? "",
                ])
            }
        }
        return writer.text
    }

    /// Early years side by side, against the base (the first run): per age band, planning-area-years short over the
    /// horizon and, in the last year, LA demand and places short (15-hour places, never offset across areas).
    public static func earlyYearsSummary(_ runs: [ScenarioOutcome]) -> String? {
        guard let base = runs.first?.earlyYears, let last = base.map(\.year).max() else { return nil }
        func pad(_ text: String, _ width: Int) -> String {
            String(repeating: " ", count: max(0, width - text.count)) + text
        }
        var lines = [
            "Early years in \(last)".padding(toLength: 34, withPad: " ", startingAt: 0)
                + pad("age", 7) + pad("short", 7) + pad("demand", 9) + pad("Δ base", 9) + pad("places", 9)
                + pad("Δ base", 9) + pad("LA short", 10)
        ]
        for run in runs {
            guard let rows = run.earlyYears else { continue }
            for age in EarlyYearsAge.allCases {
                let areaRows = rows.filter { $0.age == age && !$0.isLATotal }
                let la = rows.filter { $0.age == age && $0.year == last && $0.isLATotal }
                let lastRows = la.isEmpty ? areaRows.filter { $0.year == last } : la
                let baseLast = base.filter { $0.age == age && $0.year == last && $0.isLATotal == !la.isEmpty }
                guard !lastRows.isEmpty else { continue }
                let demand = lastRows.reduce(0) { $0 + $1.demand }
                let places = lastRows.reduce(0) { $0 + $1.places }
                let baseDemand = baseLast.reduce(0) { $0 + $1.demand }
                let basePlaces = baseLast.reduce(0) { $0 + $1.places }
                let short = lastRows.reduce(0) { $0 + $1.placesShort }
                func signed(_ value: Double) -> String { String(format: "%+.0f", value) }
                lines.append(
                    run.name.padding(toLength: 34, withPad: " ", startingAt: 0) + pad(age.rawValue, 7)
                        + pad(String(areaRows.filter { $0.surplus < 0 }.count), 7)
                        + pad(String(format: "%.0f", demand), 9) + pad(signed(demand - baseDemand), 9)
                        + pad(String(format: "%.0f", places), 9) + pad(signed(places - basePlaces), 9)
                        + pad(String(format: "%.0f", short), 10))
            }
        }
        lines.append(
            "(15-hour places; short: planning-area-years short over the horizon; LA short: the areas' shortfalls "
                + "added, not offset)")
        return lines.joined(separator: "\n")
    }

    /// "PRI027 60->30 from 2022 (67% full in 2019, 18 entry places a year unfilled)".
    static func describe(_ proposal: PANAdvisor.Proposal, census: Int?) -> String {
        let pans = "\(CSVWriter.number(proposal.oldPAN))->\(CSVWriter.number(proposal.change.newPAN))"
        var text =
            "\(proposal.change.schoolID) \(pans) "
            + "from \(proposal.change.fromYear.startYear)"
        var why: [String] = []
        if let fill = proposal.intake.lastFill {
            why.append(String(format: "%.0f%% full", 100 * fill) + (census.map { " in \($0)" } ?? ""))
        }
        if let unfilled = proposal.intake.unfilled {
            why.append(String(format: "%.0f entry places a year unfilled", unfilled))
        }
        if !why.isEmpty { text += " (" + why.joined(separator: ", ") + ")" }
        return text
    }

    /// "PRI032 (98% full; PRI027 with a PAN at least as large 67%)".
    static func describe(_ spared: PANAdvisor.Spared) -> String {
        "\(spared.schoolID) (\(percent(spared.fill)) full; \(spared.roomierID) with a PAN at least as large "
            + "\(percent(spared.roomierFill)))"
    }

    /// A share as a whole per cent: 0.674 -> "67%".
    static func percent(_ share: Double) -> String { String(format: "%.0f", 100 * share) + "%" }

    /// The advisor's before/after table: per area the LA's changes with why each school, the schools the
    /// full-school rule spared, the own-admission-authority schools to request, and the surplus per year; then each
    /// phase's LA-wide surplus.
    public static func suggestionTable(
        _ outcomes: [PANAdvisor.AreaOutcome], margins: [PANAdvisor.LAMargin] = [], target: Double, band: Double,
        census: Int? = nil
    ) -> String {
        var lines = [
            "PAN advisor: surplus % before -> after (target \(CSVWriter.number(target))%, "
                + "band \(CSVWriter.number(band))%)"
        ]
        func pairs(_ years: [AcademicYear], _ before: [Double], _ after: [Double]) -> String {
            zip(years, zip(before, after)).map { year, values in
                "\(year.startYear) \(String(format: "%.1f", values.0))"
                    + (abs(values.0 - values.1) > 0.05 ? "->\(String(format: "%.1f", values.1))" : "")
            }.joined(separator: ", ")
        }
        for outcome in outcomes {
            let changes =
                outcome.proposals.isEmpty
                ? "no change" : outcome.proposals.map { describe($0, census: census) }.joined(separator: ", ")
            lines.append("  \(outcome.areaCode): \(changes)")
            if outcome.limitedByLAMargin { lines.append("      cut limited to keep the LA-wide margin") }
            if outcome.requestsLimitedByLAMargin { lines.append("      requests limited to keep the LA-wide margin") }
            // The full-school rule matters only where something is cut or requested.
            if !outcome.spared.isEmpty && (!outcome.proposals.isEmpty || !outcome.requests.isEmpty) {
                lines.append("      spared (full): " + outcome.spared.map(describe).joined(separator: ", "))
            }
            if !outcome.requests.isEmpty {
                lines.append(
                    "      to request (own admission authority): "
                        + outcome.requests.map { describe($0, census: census) }.joined(separator: ", "))
            }
            lines.append("      " + pairs(outcome.years, outcome.surplusBefore, outcome.surplusAfter))
            if !outcome.requests.isEmpty {
                lines.append(
                    "      with requests: " + pairs(outcome.years, outcome.surplusBefore, outcome.surplusWithRequests))
            }
        }
        for margin in margins {
            lines.append(
                "  LA \(margin.phase.rawValue)"
                    + (margin.inForce ? " (an area is short: LA-wide margin kept)" : "") + ": "
                    + pairs(margin.years, margin.before, margin.after))
            if margin.withRequests != margin.after {
                lines.append("      with requests: " + pairs(margin.years, margin.before, margin.withRequests))
            }
        }
        return lines.joined(separator: "\n")
    }
}
