import Foundation
import PlaceForecast

/// Supply-side results as files and as lines of the stdout summary.
public enum PlanningReport {
    private static func year(_ value: AcademicYear?) -> String { value.map { String($0.startYear) } ?? "" }
    private static func percent(_ value: Double?) -> String { value.map { CSVWriter.number($0, decimals: 2) } ?? "" }

    /// Whole pounds with thousands separators and the sign before the £: `−£34,013`, `£4,770`.
    public static func pounds(_ value: Double) -> String {
        let whole = Int(abs(value).rounded())
        var digits = String(whole)
        var grouped = ""
        while digits.count > 3 {
            grouped = "," + digits.suffix(3) + grouped
            digits = String(digits.dropLast(3))
        }
        return (value < 0 && whole > 0 ? "−£" : "£") + digits + grouped
    }

    /// `surplus.csv`: `area_code,phase,year,capacity,pupils,surplus_places,surplus_pct,target_pct,status,
    /// housing_pupils,basis,areas_short,places_short` — per planning area and the LA total (area_code = the LA's
    /// code), phase and year; `basis` is `census` for the origin year and `forecast` after it. `areas_short` is 1 or
    /// 0 for an area and the number of areas short for the LA row; `places_short` is the area's shortfall, or the
    /// sum of the areas' shortfalls (never offset by spare places elsewhere); an LA row with an area short has the
    /// status `areas short`.
    public static func surplusCSV(_ rows: [SurplusRow]) -> String {
        var writer = CSVWriter(
            header: [
                "area_code", "phase", "year", "capacity", "pupils", "surplus_places",
                "surplus_pct", "target_pct", "status", "housing_pupils", "basis", "areas_short", "places_short",
            ], academicYearFrom: "year")
        for row in rows {
            writer.append([
                row.areaCode, row.phase.rawValue, year(row.year), CSVWriter.number(row.capacity),
                CSVWriter.number(row.pupils), CSVWriter.number(row.surplusPlaces), percent(row.surplusPercent),
                CSVWriter.number(row.targetPercent), row.status.rawValue, CSVWriter.number(row.housingPupils),
                row.isForecast ? "forecast" : "census", String(row.areasShort), CSVWriter.number(row.placesShort),
            ])
        }
        return writer.text
    }

    /// `places_needed.csv`: `area_code,phase,year,year_group,pupils,planned_pupils,capacity,places_needed` —
    /// per planning area, year group (`total` for the area) and year, plus LA-total rows whose places_needed adds
    /// up the areas' shortfalls only; positive = places short. `planned_pupils` is the point forecast or its upper
    /// 80% bound (planning.yaml `plan_on`).
    public static func placesNeededCSV(_ rows: [PlacesNeededRow]) -> String {
        var writer = CSVWriter(
            header: [
                "area_code", "phase", "year", "year_group", "pupils", "planned_pupils",
                "capacity", "places_needed",
            ], academicYearFrom: "year")
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
    /// places_to_build,decision_year,decision_status,cost_expansion_gbp,cost_new_school_gbp,cost_temporary_gbp,kind,
    /// year_group,first_need_year,places_to_margin,surplus_pct_after_build` — one `permanent` row per planning area
    /// (years blank and zeros where no need is forecast), then one `bulge` row per entry-year shortfall that
    /// permanent places do not cover. `decision_status` is `overdue` when the decision year is before the census
    /// year, `due now` in it, `open` after it.
    public static func buildNeedsCSV(_ needs: [BuildNeed]) -> String {
        var writer = CSVWriter(header: [
            "area_code", "phase", "first_shortfall_year", "peak_year", "peak_shortfall_places",
            "forms_of_entry", "places_to_build", "decision_year", "decision_status", "cost_expansion_gbp",
            "cost_new_school_gbp", "cost_temporary_gbp", "kind", "year_group", "first_need_year", "places_to_margin",
            "surplus_pct_after_build",
        ])
        for need in needs {
            writer.append([
                need.areaCode, need.phase.rawValue, year(need.firstShortfallYear), year(need.peakYear),
                CSVWriter.number(need.peakShortfall), CSVWriter.number(need.formsOfEntry),
                CSVWriter.number(need.placesToBuild), year(need.decisionYear),
                need.decisionStatus?.rawValue ?? "",
                CSVWriter.number(need.costExpansion, decimals: 0), CSVWriter.number(need.costNewSchool, decimals: 0),
                CSVWriter.number(need.costTemporary, decimals: 0), need.kind.rawValue, need.yearGroup?.label ?? "",
                year(need.firstNeedYear), CSVWriter.number(need.placesToMargin),
                percent(need.surplusPercentAfterBuild),
            ])
        }
        return writer.text
    }

    /// `deficit_risk.csv`: `school_id,school_name,area_code,phase,year,roll,housing_pupils,census_roll,roll_change,
    /// capacity,unfilled_pct,intake_per_fe,income_change_gbp,risk,reasons,funded_roll,income_change_medium_term_gbp,
    /// pan_change_places,roll_fall_from_pan_change` — per school and forecast year; reasons separated by "; ".
    /// `income_change_gbp` is the funded (R–11) income against the year before, `income_change_medium_term_gbp`
    /// against the start of the medium-term window, both at the marginal rate with the census lag.
    public static func deficitRiskCSV(_ risks: [DeficitRisk]) -> String {
        var writer = CSVWriter(
            header: [
                "school_id", "school_name", "area_code", "phase", "year", "roll", "housing_pupils",
                "census_roll", "roll_change", "capacity", "unfilled_pct", "intake_per_fe",
                "income_change_gbp", "risk", "reasons", "funded_roll", "income_change_medium_term_gbp",
                "pan_change_places", "roll_fall_from_pan_change",
            ], academicYearFrom: "year")
        for risk in risks {
            writer.append([
                risk.school.id, risk.school.name, risk.school.areaCode, risk.school.phase.rawValue,
                year(risk.year), CSVWriter.number(risk.roll, decimals: 1),
                CSVWriter.number(risk.housingPupils, decimals: 1),
                CSVWriter.number(risk.censusRoll, decimals: 1), CSVWriter.number(risk.rollChange, decimals: 1),
                CSVWriter.number(risk.capacity), CSVWriter.number(100 * risk.unfilledShare, decimals: 2),
                risk.intakePerFormOfEntry.map { CSVWriter.number($0, decimals: 1) } ?? "",
                CSVWriter.number(risk.incomeChange, decimals: 0), risk.level.rawValue,
                risk.reasons.map(text).joined(separator: "; "), CSVWriter.number(risk.fundedRoll, decimals: 1),
                CSVWriter.number(risk.incomeChangeMediumTerm, decimals: 0), CSVWriter.number(risk.panChangePlaces),
                CSVWriter.number(risk.rollFallFromPANChange, decimals: 1),
            ])
        }
        return writer.text
    }

    /// The words for a deficit-risk reason, e.g. `unfilled 23.8% ≥ 15.0%`, `intake 22.9 per form of entry < 25`,
    /// `pupil-led income (R–11) down 12.5% (£4,770) on the year before, with a 1-year census lag`,
    /// `over capacity by 12 pupils (5.7%)`, `12 of the fall of 20 pupils is a planned PAN cut (15 places)`.
    public static func text(_ reason: DeficitRiskReason) -> String {
        func percent(_ value: Double) -> String { String(format: "%.1f%%", value) }
        func whole(_ value: Double) -> String { String(Int(value.rounded())) }
        switch reason {
        case .unfilled(let share, let threshold):
            return "unfilled \(percent(share)) ≥ \(percent(threshold))"
        case .lowIntake(let perFormOfEntry, let minimum):
            // Rounded down to a tenth, so an intake just under the minimum never reads as the minimum (24.98 → 24.9).
            let shown = (perFormOfEntry * 10).rounded(.down) / 10
            return "intake \(String(format: "%.1f", shown)) per form of entry < \(whole(minimum))"
        case .incomeLoss(let amount, let share, let years, let lag):
            let window = years == 1 ? "on the year before" : "over \(years) years"
            return "pupil-led income (R–11) down \(percent(share)) (\(pounds(amount))) \(window), "
                + "with a \(lag)-year census lag"
        case .overCapacity(let pupils, let share):
            return "over capacity by \(whole(pupils)) pupils (\(percent(share)))"
        case .panReduction(let pupils, let fall, let places):
            return
                "\(whole(pupils)) of the fall of \(whole(fall)) pupils is a planned PAN cut (\(whole(places)) places)"
        }
    }

    /// A reason in a few words for the printed summary, e.g. `unfilled 31%`, `income −16% over 3 years`.
    static func brief(_ reason: DeficitRiskReason) -> String? {
        func whole(_ value: Double) -> String { String(Int(value.rounded())) }
        switch reason {
        case .unfilled(let share, _): return "unfilled \(whole(share))%"
        case .lowIntake(let perFormOfEntry, _): return "intake \(whole(perFormOfEntry)) per FE"
        case .incomeLoss(_, let share, let years, _):
            return "income −\(whole(share))% " + (years == 1 ? "on the year" : "over \(years) years")
        case .overCapacity(_, let share): return "over capacity \(whole(share))%"
        case .panReduction: return nil
        }
    }

    /// The planning areas of `phase` short of places in `year`, by code: "P02", "P02 and P05", "3 areas (P01, …)".
    static func shortAreas(_ surplus: [SurplusRow], phase: Phase, year: AcademicYear, laCodes: Set<String>) -> String {
        let codes = surplus.filter {
            $0.phase == phase && $0.year == year && !laCodes.contains($0.areaCode) && $0.status == .shortfall
        }.map(\.areaCode).sorted()
        switch codes.count {
        case 0: return "no area"
        case 1: return codes[0]
        case 2: return codes.joined(separator: " and ")
        default: return "\(codes.count) areas (\(listed(codes, file: "surplus.csv")))"
        }
    }

    /// How many items a summary line lists before it points to the file with all of them.
    static let listedItems = 12

    /// `items` joined by `separator`, or "none"; beyond ``listedItems``, the first of them and "and N more in
    /// `file`" (a national run has 2,000 areas: a line a planner can read).
    static func listed(_ items: [String], file: String, separator: String = ", ") -> String {
        guard !items.isEmpty else { return "none" }
        guard items.count > listedItems else { return items.joined(separator: separator) }
        return items.prefix(listedItems).joined(separator: separator)
            + "\(separator)and \(items.count - listedItems) more in \(file)"
    }

    /// The words of a build decision's timing.
    private static func decision(_ need: BuildNeed, needed: AcademicYear) -> String {
        guard let decided = need.decisionYear else { return "" }
        switch need.decisionStatus {
        case .overdue:
            return "decision overdue since \(decided): needed within the \(needed.startYear - decided.startYear)-year "
                + "lead time"
        case .dueNow: return "decision due now, \(decided)"
        default: return "decide by \(decided)"
        }
    }

    /// Summary lines: LA surplus by phase and year (with the areas short), the areas in excess or short, build needs
    /// and bulge classes, the schools at high deficit risk by year.
    public static func summary(_ result: PlacePlanningResult, areas: [PlanningArea], years: Int? = nil) -> String {
        let years = years ?? Set(result.surplus.filter(\.isForecast).map(\.year)).count
        let laCodes = Set(areas.map(\.laCode))
        let defaults = PlanningSettings()
        let target = result.surplus.first?.targetPercent ?? defaults.targetPercent
        let band = result.surplus.first?.bandPercent ?? defaults.bandPercent
        var lines = [
            "Surplus places against capacity (target: at least \(CSVWriter.number(target))% spare; over "
                + "\(CSVWriter.number(band))% spare is excess; LA rows never offset an area's shortfall):"
        ]
        let laRows = result.surplus.filter { laCodes.contains($0.areaCode) }
        for phase in [Phase.primary, .secondary] where laCodes.count > 1 {
            // Many LAs (a national run): how many are short, under the target and in excess each year.
            let byYear = Dictionary(grouping: laRows.filter { $0.phase == phase }, by: \.year)
            guard !byYear.isEmpty else { continue }
            lines.append(
                "  LAs, \(phase.rawValue) (\(phase == .primary ? "R–6" : "7–13")), \(laCodes.count) LAs: "
                    + byYear.keys.sorted().prefix(years + 1).map { year in
                        let rows = byYear[year]!
                        let short = rows.filter { $0.areasShort > 0 }.count
                        let under = rows.filter { $0.areasShort == 0 && $0.status == .belowTarget }.count
                        let excess = rows.filter { $0.areasShort == 0 && $0.status == .excess }.count
                        return "\(year) \(short) with areas short, \(under) under target, \(excess) in excess"
                    }.joined(separator: "; "))
        }
        for phase in [Phase.primary, .secondary] where laCodes.count == 1 {
            let rows = laRows.filter { $0.phase == phase }.sorted { $0.year < $1.year }.prefix(years + 1)
            guard !rows.isEmpty else { continue }
            lines.append(
                "  LA \(phase.rawValue) (\(phase == .primary ? "R–6" : "7–13")): "
                    + rows.map {
                        "\($0.year) \($0.surplusPercent.map { CSVWriter.number($0, decimals: 1) } ?? "")%"
                            + ($0.areasShort > 0
                                ? " (\(shortAreas(result.surplus, phase: phase, year: $0.year, laCodes: laCodes)) "
                                    + "short by \(Int($0.placesShort.rounded())))" : "")
                    }.joined(separator: ", "))
        }
        let forecastRows = result.surplus.filter { $0.isForecast && !laCodes.contains($0.areaCode) }
        let horizonYears = Set(Set(forecastRows.map(\.year)).sorted().prefix(years))
        let soon = forecastRows.filter { horizonYears.contains($0.year) }
        let excess = Set(soon.filter { $0.status == .excess }.map(\.areaCode)).sorted()
        let short = Set(soon.filter { $0.status == .shortfall }.map(\.areaCode)).sorted()
        lines.append(
            "  Planning areas above the band in the forecast years: "
                + listed(excess, file: "surplus.csv"))
        lines.append(
            "  Planning areas short of places in the forecast years: "
                + listed(short, file: "surplus.csv"))
        let below = Set(soon.filter { $0.status == .belowTarget }.map(\.areaCode)).subtracting(short).sorted()
        lines.append(
            "  Planning areas with places but under the \(CSVWriter.number(target))% target: "
                + listed(below, file: "surplus.csv"))
        let allBuilds = result.buildNeeds.filter { $0.kind == .permanent && $0.formsOfEntry > 0 }
        // Beyond a screenful, the largest first (what the property team looks at), the rest in build_needs.csv.
        let builds =
            allBuilds.count > listedItems
            ? Array(allBuilds.sorted { $0.placesToBuild > $1.placesToBuild }.prefix(listedItems)) : allBuilds
        lines.append(
            "  Build needs (places to keep \(CSVWriter.number(target))% spare at the peak, whole forms of entry"
                + (allBuilds.count > listedItems ? "; the \(listedItems) largest of \(allBuilds.count)" : "") + "): "
                + (builds.isEmpty
                    ? "none within the horizon"
                    : builds.map { need in
                        let from = need.firstNeedYear ?? need.peakYear!
                        let why =
                            need.firstShortfallYear.map { "short of places from \($0)" }
                            ?? "under the target from \(from), never short"
                        return "\(need.areaCode) \(CSVWriter.number(need.formsOfEntry)) FE "
                            + "(\(CSVWriter.number(need.placesToBuild)) places, needed from \(from); \(why); "
                            + "\(need.surplusPercentAfterBuild.map { CSVWriter.number($0, decimals: 1) } ?? "")% "
                            + "spare at the \(need.peakYear!) peak with them; \(decision(need, needed: from)))"
                    }.joined(separator: "; "))
                + (allBuilds.count > listedItems ? "; all in build_needs.csv" : ""))
        let bulges = result.buildNeeds.filter { $0.kind == .bulge }
        if !bulges.isEmpty {
            lines.append(
                "  Bulge classes: "
                    + listed(
                        bulges.map { need in
                            let group = need.yearGroup.map { $0.index == 0 ? "Reception" : "Year \($0.label)" } ?? ""
                            return "\(need.areaCode) \(group)"
                                + " \(need.peakYear!) (\(CSVWriter.number(need.formsOfEntry)) × 30, "
                                + "\(decision(need, needed: need.peakYear!)))"
                        }, file: "build_needs.csv", separator: "; "))
        }
        let high = Set(result.deficitRisk.filter { $0.level == .high }.map(\.school.id))
        let medium = Set(result.deficitRisk.filter { $0.level == .medium }.map(\.school.id)).subtracting(high)
        lines.append("  Schools at deficit risk in any forecast year: \(high.count) high, \(medium.count) medium")
        let riskYears = Set(result.deficitRisk.map(\.year)).sorted().prefix(years)
        let shown = 4
        for year in riskYears {
            let inYear = result.deficitRisk.filter { $0.year == year }
            // The largest falls in pupil-led income first (what finance acts on), then by school.
            let highs = inYear.filter { $0.level == .high }.sorted {
                ($0.incomeChange, $0.school.id) < ($1.incomeChange, $1.school.id)
            }
            guard !highs.isEmpty else { continue }
            let share = Int((100 * Double(highs.count) / Double(max(1, inYear.count))).rounded())
            let names = highs.prefix(shown).map { risk in
                // Income first: it is what finance acts on, and the usual reason a school is high.
                let ordered =
                    risk.reasons.filter { if case .incomeLoss = $0 { true } else { false } }
                    + risk.reasons.filter { if case .incomeLoss = $0 { false } else { true } }
                let why = ordered.compactMap(brief).prefix(2).joined(separator: ", ")
                return "\(risk.school.id) \(risk.school.name) (\(why))"
            }
            lines.append(
                "  High deficit risk (\(year), \(highs.count) of \(inYear.count) schools, \(share)%): "
                    + names.joined(separator: ", ")
                    + (highs.count > shown ? ", and \(highs.count - shown) more in deficit_risk.csv" : ""))
        }
        return lines.joined(separator: "\n")
    }
}
