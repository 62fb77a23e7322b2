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

    /// The advisor's before/after table.
    public static func suggestionTable(_ outcomes: [PANAdvisor.AreaOutcome], target: Double, band: Double) -> String {
        var lines = [
            "PAN advisor: surplus % before -> after (target \(CSVWriter.number(target))%, "
                + "band \(CSVWriter.number(band))%)"
        ]
        for outcome in outcomes {
            let pairs = zip(outcome.years, zip(outcome.surplusBefore, outcome.surplusAfter)).map { year, values in
                "\(year.startYear) \(String(format: "%.1f", values.0))"
                    + (abs(values.0 - values.1) > 0.05 ? "->\(String(format: "%.1f", values.1))" : "")
            }
            let changes =
                outcome.proposals.isEmpty
                ? "no change"
                : outcome.proposals.map {
                    "\($0.change.schoolID) \(CSVWriter.number($0.oldPAN))->\(CSVWriter.number($0.change.newPAN)) "
                        + "from \($0.change.fromYear.startYear)"
                }.joined(separator: ", ")
            lines.append("  \(outcome.areaCode): \(changes)")
            lines.append("      " + pairs.joined(separator: ", "))
        }
        return lines.joined(separator: "\n")
    }
}
