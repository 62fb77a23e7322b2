import Foundation
import PlaceForecast

/// One scenario's results as the scenario reports read them.
public struct ScenarioOutcome: Sendable {
    public let name: String
    public let result: PlacePlanningResult
    /// Special-school places surplus (negative: short) LA-wide in the last forecast year, when SEND is forecast.
    public let specialSchoolSurplus: Double?

    public init(name: String, result: PlacePlanningResult, specialSchoolSurplus: Double?) {
        self.name = name
        self.result = result
        self.specialSchoolSurplus = specialSchoolSurplus
    }
}

/// The scenario runner's and the PAN advisor's CSV and tables.
public enum ScenarioReport {
    /// `scenarios.csv`: `scenario,area_code,phase,year,capacity,pupils,surplus_pct,places_needed,status` for the
    /// forecast years, per planning area and LA total (places_needed: the area's, or for the LA the sum of its
    /// areas' shortfalls).
    public static func csv(_ runs: [ScenarioOutcome]) -> String {
        var writer = CSVWriter(header: [
            "scenario", "area_code", "phase", "year", "capacity", "pupils", "surplus_pct",
            "places_needed", "status",
        ])
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
