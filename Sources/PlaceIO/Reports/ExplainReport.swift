import Foundation
import PlaceForecast

/// "How was this number made?": the chain from the census through every ratio, the housing added, and the
/// places it is set against — for one area, year and year group, and optionally one school.
public enum ExplainReport {
    /// The explanation as text; throws a readable message when the number is not in the forecast. A known intake
    /// (read from `knownIntakesFile`) is named as such with the projection it replaced; a later year of its cohort
    /// says the cohort starts from it.
    public static func explain(
        area: String, year: AcademicYear, group: YearGroup, forecast: Forecast, inputs: ForecastInputs,
        planning: (planner: PlacePlanner, result: PlacePlanningResult)?, school: String?,
        knownIntakesFile: String? = nil
    ) throws(ExplainError) -> String {
        guard let row = forecast.rows.first(where: { $0.area.code == area && $0.year == year && $0.yearGroup == group })
        else {
            throw ExplainError(
                area: area, year: year, group: group, school: nil,
                problem: "no forecast for area \(area), \(year), \(group)",
                hint: "Forecast years are \(forecast.years.lowerBound) to \(forecast.years.upperBound); "
                    + "the area must be a planning area that teaches the year group")
        }
        let file = knownIntakesFile ?? "the known intakes"
        var lines = [
            "\(group) in \(area) (\(row.area.name)), \(year): \(number(row.pupils)) pupils"
                + (row.isKnownIntake
                    ? " (a known intake from \(file), in place of the projected "
                        + "\(number(row.replacedProjection ?? 0)))"
                    : " (trend \(number(row.trendPupils)) + housing \(number(row.housingPupils)))")
        ]
        if row.isKnownIntake {
            lines.append(
                "  No interval: the number is given, not forecast. No housing pupils are added: an admissions "
                    + "number already counts the children in new homes.")
        } else if let entry = row.knownEntry {
            let known = forecast.rows.first {
                $0.area.code == entry.areaCode && $0.year == entry.year && $0.yearGroup == entry.yearGroup
            }
            lines.append(
                "  The cohort starts from the known intake of \(entry.yearGroup) in \(entry.year): "
                    + "\(known.map { number($0.pupils) } ?? "-") pupils (\(file)), rolled on by the survival ratios.")
        }
        if !row.isKnownIntake, let i80 = row.interval80, let i95 = row.interval95 {
            lines.append(
                "  80% interval \(number(i80.lowerBound))–\(number(i80.upperBound)), "
                    + "95% interval \(number(i95.lowerBound))–\(number(i95.upperBound)) "
                    + "(from the model's own backtest errors)"
            )
        }
        lines.append("")
        lines.append("How the trend number was made (model '\(forecast.modelName)', origin \(forecast.origin)):")
        lines += trace(
            area: area, year: year, group: group, forecast: forecast, inputs: inputs,
            knownIntakesFile: knownIntakesFile)

        if row.housingPupils != 0 {
            lines.append("")
            if row.housingPupils > 0 {
                lines.append(
                    "Housing: \(number(row.housingPupils)) pupils from dwellings completed after \(forecast.origin) "
                        + "(housing.csv × yields.yaml pupils per dwelling × phase-in), added on top of the trend"
                        + (row.knownEntry != nil
                            ? ", less those its known intake already counts (only the pupils the cohort gains from "
                                + "new homes after its entry)." : "."))
            } else {
                lines.append(
                    "Housing: \(number(row.housingPupils)) pupils: fewer dwellings are planned after "
                        + "\(forecast.origin) than the usual rate of building the trend already carries, so the "
                        + "forecast is lowered by \(number(-row.housingPupils)) (never below zero pupils).")
            }
            if group.phase == .sixthForm {
                let ratio = forecast.stayingOnRatio(area: area, group: group, year: year)
                let steps = group.index == 12 ? "11→12" : "11→12 × 12→13"
                lines.append(
                    "  Post-16 yield × staying-on ratio \(String(format: "%.4f", ratio)) "
                        + "(\(area)'s fitted \(steps)): only the "
                        + "share of 16–17-year-olds who stay in a school sixth form is counted.")
            }
            if let completions = inputs.housing?.byArea[area] {
                let planned = completions.filter { $0.key > forecast.origin && $0.key <= year }.sorted {
                    $0.key < $1.key
                }
                if !planned.isEmpty {
                    lines.append(
                        "  Completions in \(area): "
                            + planned.map { "\($0.key.startYear) \(number($0.value))" }.joined(separator: ", "))
                }
            }
        }

        if let (planner, result) = planning {
            lines.append("")
            let places = planner.supply.places(area: area, group, year)
            lines.append(
                "Places: \(number(places)) in \(group) across \(area)'s schools in \(year) "
                    + "(each school's PAN for this cohort)."
            )
            if let surplus = result.surplus.first(where: { $0.areaCode == area && $0.year == year }) {
                lines.append(
                    "  Area capacity \(number(surplus.capacity)), pupils \(number(surplus.pupils)): surplus "
                        + "\(surplus.surplusPercent.map { String(format: "%.1f%%", $0) } ?? "-") "
                        + "(\(surplus.status.rawValue); "
                        + "target \(number(surplus.targetPercent))%, band \(number(surplus.bandPercent))%)")
                if let la = result.surplus.first(where: {
                    $0.isLATotal && $0.phase == surplus.phase && $0.year == year
                }), la.areasShort > 0 {
                    lines.append(
                        "  LA \(la.phase.rawValue) total \(la.areaCode): \(la.areasShort) area(s) short by "
                            + "\(number(la.placesShort)) places in \(year), not offset by other areas' spare places")
                }
            }
            for need in result.buildNeeds where need.areaCode == area && need.placesToBuild == 0 {
                lines.append("  Build need: none in the forecast years (the area keeps its target margin)")
            }
            for need in result.buildNeeds where need.areaCode == area && need.placesToBuild > 0 {
                let what =
                    need.kind == .bulge
                    ? "Bulge class: \(Int(need.formsOfEntry)) × \(Int(PlanningRules.placesPerFormOfEntry)) in "
                        + (need.yearGroup.map(\.description) ?? "the entry year")
                        + " \(need.firstNeedYear.map(\.description) ?? "")"
                    : "Build need: \(CSVWriter.number(need.formsOfEntry)) FE (\(number(need.placesToBuild)) places) "
                        + "from \(need.firstNeedYear.map(\.description) ?? "-")"
                lines.append(
                    "  \(what); decision \(need.decisionYear.map(\.description) ?? "-") "
                        + "(\(need.decisionStatus?.rawValue ?? "-")); surplus "
                        + "\(need.surplusPercentAfterBuild.map { String(format: "%.1f%%", $0) } ?? "-") at the peak "
                        + "after it"
                )
            }
            if let school {
                guard let chosen = planner.supply.schools.first(where: { $0.id == school }) else {
                    throw ExplainError(
                        area: area, year: year, group: group, school: school,
                        problem: "unknown school \(school)",
                        hint: "Use a school_id from schools.csv, or leave out --school")
                }
                guard chosen.isIn(area: area) else {
                    throw ExplainError(
                        area: area, year: year, group: group, school: school,
                        problem: "school \(school) is in planning area \(chosen.areaCode), not \(area)",
                        hint: "Use --area \(chosen.areaCode), or a school of \(area)")
                }
                guard chosen.serves(area: area, group) else {
                    let taught = "\(chosen.firstYearGroup.label)–\(chosen.lastYearGroup.label)"
                    throw ExplainError(
                        area: area, year: year, group: group, school: school,
                        problem: "school \(school) teaches year groups \(taught) in this area, not \(group)",
                        hint: "Give a --year-group the school teaches (its entry year groups: "
                            + chosen.entryYearGroups.map(\.label).joined(separator: ", ") + ")")
                }
                let allocation = result.allocations[area]
                let share = allocation?.pupils(year, group)[chosen.id] ?? 0
                let unplaced = allocation?.unplaced(year, group) ?? 0
                let rule: String
                switch planner.allocator.rule {
                case .respectPANs:
                    let entry = chosen.entryYearGroup(governing: group)
                    if group == entry {
                        rule =
                            "\(group) is an entry year group of this school: its intake, shared by preference and "
                            + "never above its PAN"
                            + (group == .reception || group.index == 7
                                ? ""
                                : " (first from the pupils whose school ends at \(group.previous?.description ?? ""))")
                    } else {
                        rule =
                            "its cohort carried on from its \(entry) intake (admitted "
                            + (entry.index < group.index
                                ? "in \(year.advanced(by: entry.index - group.index))" : "") + "), "
                            + "never above the PAN it was admitted at"
                    }
                case .historical: rule = "its share of the area's \(group) over the last census years"
                case .historicalCapped:
                    rule = "its share of the area's \(group) over the last census years, capped at its places"
                }
                lines.append("")
                lines.append(
                    "School \(chosen.id) (\(chosen.name)) teaches \(chosen.firstYearGroup.label)–"
                        + "\(chosen.lastYearGroup.label), entry year groups "
                        + chosen.entryYearGroups.map(\.label).joined(separator: " and "))
                lines.append(
                    "School \(chosen.id) (\(chosen.name)): \(number(share)) of the area's "
                        + "\(number(row.pupils)) in \(group) — \(rule)")
                if unplaced > 0 {
                    lines.append(
                        "  \(number(unplaced)) of the area's \(group) have no place at any of its schools "
                            + "(unplaced demand)")
                }
                lines.append(
                    "  Places in \(group): \(number(planner.supply.places(chosen, group, year))) (PAN of this cohort)")
                if let risk = result.deficitRisk.first(where: { $0.school.id == chosen.id && $0.year == year }) {
                    lines.append(
                        "  Whole-school roll \(number(risk.roll)) against capacity \(number(risk.capacity)) "
                            + "(census \(number(risk.censusRoll))); funded roll R–11 \(number(risk.fundedRoll)); "
                            + "pupil-led income change \(PlanningReport.pounds(risk.incomeChange)) on the year before, "
                            + "\(PlanningReport.pounds(risk.incomeChangeMediumTerm)) over the medium term; "
                            + "risk \(risk.level.rawValue)"
                            + (risk.reasons.isEmpty
                                ? "" : ": " + risk.reasons.map(PlanningReport.text).joined(separator: "; ")))
                }
            }
        }
        return lines.joined(separator: "\n")
    }

    /// Lines from the census value forward to (area, year, group).
    private static func trace(
        area: String, year: AcademicYear, group: YearGroup, forecast: Forecast,
        inputs: ForecastInputs, knownIntakesFile: String?
    ) -> [String] {
        let step = forecast.origin.distance(to: year)
        guard step > 0 else {
            let census = inputs.pupils[area]?.pupils(year, group).map(number) ?? "-"
            return ["  \(group) in \(year): \(census) on roll (census, \(area))"]
        }
        let row = forecast.rows.first { $0.area.code == area && $0.year == year && $0.yearGroup == group }
        let value = row?.trendPupils
        if let row, let replaced = row.replacedProjection {
            return [
                "  \(group) in \(year) = known intake \(number(row.pupils)) (\(knownIntakesFile ?? "given")), in place "
                    + "of the projected \(number(replaced)) (\(projectionMethod(area, group, forecast)))"
            ]
        }
        guard let fitted = forecast.ratios.first(where: { $0.area.code == area && $0.transition.target == group })
        else {
            return [
                "  \(group) in \(year): \(value.map(number) ?? "-") (\(forecastMethod(area, year, group, forecast)))"
            ]
        }
        let ratio = fitted.estimate.path.ratio(atStep: step)
        let detail = ratioDetail(fitted, step: step)
        switch fitted.transition {
        case .intake:
            let wanted = year.receptionBirthsYear
            let used = inputs.births.carriedForward(area, to: wanted)
            let held: String
            switch used?.year {
            case wanted?, nil: held = ""
            case let from? where from < wanted: held = ", last known births held"
            case let from?: held = ", births start in \(from): the first known births used"
            }
            return [
                "  Reception in \(year) = births \(wanted) (\(number(used?.births ?? 0))\(held))"
                    + " × reception ratio \(format(ratio)) = \(value.map(number) ?? "-")", "      ratio: \(detail)",
            ]
        case .survival(let from):
            return trace(
                area: area, year: year.advanced(by: -1), group: from, forecast: forecast, inputs: inputs,
                knownIntakesFile: knownIntakesFile)
                + [
                    "  \(group) in \(year) = \(from) in \(year.advanced(by: -1)) × \(fitted.transition.label) ratio "
                        + "\(format(ratio)) = \(value.map(number) ?? "-")", "      ratio: \(detail)",
                ]
        case .feederTransfer:
            let feeders = inputs.transfers?.feeders[area] ?? []
            let parts = feeders.map { feeder -> String in
                let six =
                    forecast.rows.first {
                        $0.area.code == feeder.primaryArea && $0.year == year.advanced(by: -1)
                            && $0.yearGroup.index == 6
                    }?.trendPupils ?? inputs.pupils[feeder.primaryArea]?.pupils(
                        year.advanced(by: -1), YearGroup(index: 6)!) ?? 0
                return "\(format(feeder.share)) × \(number(six)) (\(feeder.primaryArea))"
            }
            return [
                "  Year 7 in \(year) = transfer ratio \(format(ratio)) × Year 6 of feeders in "
                    + "\(year.advanced(by: -1)): "
                    + parts.joined(separator: " + ") + " = \(value.map(number) ?? "-")", "      ratio: \(detail)",
            ]
        }
    }

    /// How `group` of `area` is projected where it is not known: the transition and estimator of its fitted ratio.
    private static func projectionMethod(_ area: String, _ group: YearGroup, _ forecast: Forecast) -> String {
        forecast.ratios.first { $0.area.code == area && $0.transition.target == group }.map {
            "\($0.transition.label): \($0.method)"
        } ?? "projection"
    }

    private static func forecastMethod(
        _ area: String, _ year: AcademicYear, _ group: YearGroup, _ forecast: Forecast
    ) -> String {
        forecast.rows.first { $0.area.code == area && $0.year == year && $0.yearGroup == group }?.method ?? ""
    }

    private static func ratioDetail(_ fitted: FittedRatio, step: Int) -> String {
        let usable = fitted.observations.filter(\.isUsable)
        var text = fitted.method
        if let first = usable.first, let last = usable.last {
            text +=
                "; observed \(usable.count) years \(first.year.startYear)-\(last.year.startYear), latest "
                + usable.suffix(5).map { format($0.ratio) }.joined(separator: ", ")
        } else {
            text += "; no history of its own"
        }
        if let own = fitted.estimate.own, let pooled = fitted.estimate.pooled, fitted.estimate.ownWeight < 1 {
            text +=
                "; own \(format(own.ratio(atStep: step))) × \(format(fitted.estimate.ownWeight)) + pooled "
                + "\(format(pooled.ratio(atStep: step))) × \(format(1 - fitted.estimate.ownWeight))"
        }
        if let effect = fitted.estimate.periodEffect {
            let persistence = effect.persistence
            let signed = { (value: Double) in String(format: "%+.4f", value) }
            let local = "local \(signed(effect.local)) × \(format(persistence.localShare(atStep: step))) persisting"
            text += "; period effect of \(effect.year): "
            if effect.nationalAreas > 0 {
                text +=
                    "national \(signed(effect.national)) (median of \(effect.nationalAreas) "
                    + (effect.nationalSource.map { "LAs, from \($0)" } ?? "areas") + ") × "
                    + "\(format(persistence.nationalShare(atStep: step))) persisting + \(local)"
            } else {
                text +=
                    "\(local) (no national part: fewer than 20 areas in the run, and no national period effects "
                    + "for \(effect.year))"
            }
            text +=
                " = \(signed(effect.shift(atStep: step))) at \(step) year(s) ahead ("
                + (persistence.observations.isEmpty
                    ? "the model's shares"
                    : "shares fitted on \(persistence.observations.map(String.init).joined(separator: "/")) "
                        + "area-years at 1/2/3 years") + ")"
        } else if fitted.estimate.periodShift != 0 {
            text += "; period adjustment \(String(format: "%+.4f", fitted.estimate.periodShift))"
        }
        return text
    }

    private static func number(_ value: Double) -> String { CSVWriter.number(value, decimals: 1) }
    private static func format(_ value: Double) -> String { String(format: "%.4f", value) }
}

/// Why `explain` cannot explain the number asked for: which area, year, year group (and school), what is wrong and
/// what to do. (``InputError`` is for problems in input files.)
public struct ExplainError: Error, Equatable, Sendable, CustomStringConvertible {
    public let area: String
    public let year: AcademicYear
    public let group: YearGroup
    public let school: String?
    public let problem: String
    public let hint: String

    public init(area: String, year: AcademicYear, group: YearGroup, school: String?, problem: String, hint: String) {
        self.area = area
        self.year = year
        self.group = group
        self.school = school
        self.problem = problem
        self.hint = hint
    }

    /// `cannot explain GROUP in AREA, YEAR[, school SCHOOL]: PROBLEM. HINT`.
    public var description: String {
        "cannot explain \(group) in \(area), \(year)\(school.map { ", school \($0)" } ?? ""): \(problem). \(hint)"
    }
}
