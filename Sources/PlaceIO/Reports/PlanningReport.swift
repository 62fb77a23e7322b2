import Foundation
import PlaceForecast

/// Supply-side results as files and as lines of the stdout summary.
public enum PlanningReport {
    private static func year(_ value: AcademicYear?) -> String { value.map { String($0.startYear) } ?? "" }
    private static func percent(_ value: Double?) -> String { value.map { CSVWriter.number($0, decimals: 2) } ?? "" }

    /// `surplus.csv`: `area_code,phase,year,capacity,pupils,surplus_places,surplus_pct,target_pct,status,
    /// housing_pupils,basis` — per planning area and the LA total (area_code = the LA's code), phase and year;
    /// `basis` is `census` for the origin year and `forecast` after it.
    public static func surplusCSV(_ rows: [SurplusRow]) -> String {
        var writer = CSVWriter(header: [
            "area_code", "phase", "year", "capacity", "pupils", "surplus_places",
            "surplus_pct", "target_pct", "status", "housing_pupils", "basis",
        ])
        for row in rows {
            writer.append([
                row.areaCode, row.phase.rawValue, year(row.year), CSVWriter.number(row.capacity),
                CSVWriter.number(row.pupils), CSVWriter.number(row.surplusPlaces), percent(row.surplusPercent),
                CSVWriter.number(row.targetPercent), row.status.rawValue, CSVWriter.number(row.housingPupils),
                row.isForecast ? "forecast" : "census",
            ])
        }
        return writer.text
    }

    /// `places_needed.csv`: `area_code,phase,year,year_group,pupils,planned_pupils,capacity,places_needed` —
    /// per planning area, year group (`total` for the area) and year, plus LA-total rows whose places_needed adds
    /// up the areas' shortfalls only; positive = places short. `planned_pupils` is the point forecast or its upper
    /// 80% bound (planning.yaml `plan_on`).
    public static func placesNeededCSV(_ rows: [PlacesNeededRow]) -> String {
        var writer = CSVWriter(header: [
            "area_code", "phase", "year", "year_group", "pupils", "planned_pupils",
            "capacity", "places_needed",
        ])
        for row in rows {
            writer.append([
                row.areaCode, row.phase.rawValue, year(row.year), row.yearGroup?.label ?? "total",
                CSVWriter.number(row.pupils), CSVWriter.number(row.plannedPupils),
                CSVWriter.number(row.capacity), CSVWriter.number(row.placesNeeded),
            ])
        }
        return writer.text
    }

    /// `build_needs.csv`: `area_code,phase,first_shortfall_year,peak_year,peak_shortfall_places,forms_of_entry,
    /// places_to_build,decision_year,decision_status,cost_expansion_gbp,cost_new_school_gbp,cost_temporary_gbp` —
    /// one row per planning area (years blank and zeros where no shortfall is forecast); `decision_status` is
    /// `overdue` when the decision year is the census year or earlier, `open` otherwise.
    public static func buildNeedsCSV(_ needs: [BuildNeed]) -> String {
        var writer = CSVWriter(header: [
            "area_code", "phase", "first_shortfall_year", "peak_year", "peak_shortfall_places",
            "forms_of_entry", "places_to_build", "decision_year", "decision_status", "cost_expansion_gbp",
            "cost_new_school_gbp", "cost_temporary_gbp",
        ])
        for need in needs {
            writer.append([
                need.areaCode, need.phase.rawValue, year(need.firstShortfallYear), year(need.peakYear),
                CSVWriter.number(need.peakShortfall), CSVWriter.number(need.formsOfEntry),
                CSVWriter.number(need.placesToBuild), year(need.decisionYear),
                need.decisionYear == nil ? "" : (need.isOverdue ? "overdue" : "open"),
                CSVWriter.number(need.costExpansion, decimals: 0), CSVWriter.number(need.costNewSchool, decimals: 0),
                CSVWriter.number(need.costTemporary, decimals: 0),
            ])
        }
        return writer.text
    }

    /// `deficit_risk.csv`: `school_id,school_name,area_code,phase,year,roll,housing_pupils,census_roll,roll_change,
    /// capacity,unfilled_pct,intake_per_fe,income_change_gbp,risk,reasons` — per school and forecast year;
    /// reasons separated by "; ".
    public static func deficitRiskCSV(_ risks: [DeficitRisk]) -> String {
        var writer = CSVWriter(header: [
            "school_id", "school_name", "area_code", "phase", "year", "roll", "housing_pupils",
            "census_roll", "roll_change", "capacity", "unfilled_pct", "intake_per_fe",
            "income_change_gbp", "risk", "reasons",
        ])
        for risk in risks {
            writer.append([
                risk.school.id, risk.school.name, risk.school.areaCode, risk.school.phase.rawValue,
                year(risk.year), CSVWriter.number(risk.roll, decimals: 1),
                CSVWriter.number(risk.housingPupils, decimals: 1),
                CSVWriter.number(risk.censusRoll, decimals: 1), CSVWriter.number(risk.rollChange, decimals: 1),
                CSVWriter.number(risk.capacity), CSVWriter.number(100 * risk.unfilledShare, decimals: 2),
                risk.intakePerFormOfEntry.map { CSVWriter.number($0, decimals: 1) } ?? "",
                CSVWriter.number(risk.incomeChange, decimals: 0), risk.level.rawValue,
                risk.reasons.map(text).joined(separator: "; "),
            ])
        }
        return writer.text
    }

    /// The words for a deficit-risk reason, e.g. `unfilled 23.8% ≥ 15.0%`, `intake 22.86 per form of entry < 25`,
    /// `pupil-led income down 12.5% (£5300) with a 1-year census lag`.
    public static func text(_ reason: DeficitRiskReason) -> String {
        func percent(_ value: Double) -> String { String(format: "%.1f%%", value) }
        func whole(_ value: Double) -> String { String(Int(value.rounded())) }
        switch reason {
        case .unfilled(let share, let threshold):
            return "unfilled \(percent(share)) ≥ \(percent(threshold))"
        case .lowIntake(let perFormOfEntry, let minimum):
            return "intake \(String(format: "%.2f", perFormOfEntry)) per form of entry < \(whole(minimum))"
        case .incomeLoss(let amount, let share, let lag):
            return "pupil-led income down \(percent(share)) (£\(whole(amount))) with a \(lag)-year census lag"
        }
    }

    /// Summary lines: LA surplus by phase and year, the areas in excess or short, build needs, schools at risk.
    public static func summary(_ result: PlacePlanningResult, areas: [PlanningArea], years: Int = 5) -> String {
        let laCodes = Set(areas.map(\.laCode))
        let defaults = PlanningSettings()
        let target = result.surplus.first?.targetPercent ?? defaults.targetPercent
        let band = result.surplus.first?.bandPercent ?? defaults.bandPercent
        var lines = [
            "Surplus places against capacity (target \(CSVWriter.number(target))%, "
                + "band \(CSVWriter.number(band))%):"
        ]
        let laRows = result.surplus.filter { laCodes.contains($0.areaCode) }
        for phase in [Phase.primary, .secondary] {
            let rows = laRows.filter { $0.phase == phase }.sorted { $0.year < $1.year }.prefix(years + 1)
            guard !rows.isEmpty else { continue }
            lines.append(
                "  LA \(phase.rawValue): "
                    + rows.map {
                        "\($0.year) \(percent($0.surplusPercent))%"
                    }.joined(separator: ", "))
        }
        let forecastRows = result.surplus.filter { $0.isForecast && !laCodes.contains($0.areaCode) }
        let horizonYears = Set(Set(forecastRows.map(\.year)).sorted().prefix(years))
        let soon = forecastRows.filter { horizonYears.contains($0.year) }
        let excess = Set(soon.filter { $0.status == .excess }.map(\.areaCode)).sorted()
        let short = Set(soon.filter { $0.status == .shortfall }.map(\.areaCode)).sorted()
        lines.append(
            "  Planning areas above the band in the next \(years) years: "
                + (excess.isEmpty ? "none" : excess.joined(separator: ", "))
        )
        lines.append(
            "  Planning areas short of places in the next \(years) years: "
                + (short.isEmpty ? "none" : short.joined(separator: ", "))
        )
        let builds = result.buildNeeds.filter { $0.formsOfEntry > 0 }
        lines.append(
            "  Build needs: "
                + (builds.isEmpty
                    ? "none within the horizon"
                    : builds.map {
                        "\($0.areaCode) \(CSVWriter.number($0.formsOfEntry)) FE from \($0.firstShortfallYear!) "
                            + ($0.isOverdue
                                ? "(decision overdue: needed within the \(Int($0.firstShortfallYear!.startYear - $0.decisionYear!.startYear))-year lead time)"
                                : "(decide by \($0.decisionYear!))")
                    }.joined(separator: "; ")))
        let high = Set(result.deficitRisk.filter { $0.level == .high }.map(\.school.id))
        let medium = Set(result.deficitRisk.filter { $0.level == .medium }.map(\.school.id)).subtracting(high)
        lines.append("  Schools at deficit risk in any forecast year: \(high.count) high, \(medium.count) medium")
        return lines.joined(separator: "\n")
    }
}
