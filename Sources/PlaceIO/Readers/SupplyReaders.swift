import Foundation
import PlaceForecast
import Yams

/// Readers of the supply inputs: planning areas, schools, PAN changes, school rolls, and the YAML settings
/// for housing yields, planning and finance. Each throws an ``InputError`` naming the file, line and column.
public enum SupplyReaders {
    /// `planning_areas.csv`: `area_code,area_name,phase,la_code`, phase `primary` or `secondary`.
    public static func planningAreas(_ table: CSVTable) throws(InputError) -> [PlanningArea] {
        let columns = try table.columns(["area_code", "area_name", "phase", "la_code"])
        var areas: [PlanningArea] = []
        var duplicates = DuplicateGuard<String>()
        for record in table.records {
            let code = try record.text("area_code", in: table, at: columns)
            try duplicates.check(
                code, record, in: table, "planning area \(code) is listed twice",
                column: "area_code", columnNumber: columns["area_code"]! + 1)
            let phaseText = try record.text("phase", in: table, at: columns)
            guard
                let phase = [Phase.primary.rawValue: Phase.primary, Phase.secondary.rawValue: .secondary][
                    phaseText.lowercased()]
            else {
                throw InputError(
                    file: table.file, line: record.line, column: "phase", columnNumber: columns["phase"]! + 1,
                    problem: "'\(phaseText)' is not a planning-area phase", hint: "Use primary or secondary")
            }
            areas.append(
                PlanningArea(
                    code: code, name: try record.text("area_name", in: table, at: columns),
                    phase: phase, laCode: try record.text("la_code", in: table, at: columns)))
        }
        return areas
    }

    /// `schools.csv`: `school_id,school_name,phase,area_code,pan,net_capacity`, optional `secondary_pan`,
    /// `opens`, `closes` (academic years), `admission_authority` (`la` or `own`; empty or absent: `la`),
    /// `first_year_group` and `last_year_group` (the year groups taught, R–13; empty or absent: the phase's range)
    /// and `secondary_area_code` (the secondary planning area of a school teaching both phases). Phase `primary`,
    /// `secondary`, `all-through` or `special`; the planning area must exist and, for a mainstream school, serve the
    /// school's phase (a school with `secondary_area_code`: `area_code` is a primary area, it a secondary one).
    public static func schools(_ table: CSVTable, areas: [PlanningArea]) throws(InputError) -> [School] {
        let columns = try table.columns(["school_id", "school_name", "phase", "area_code", "pan", "net_capacity"])
        var all = columns
        for name in [
            "secondary_pan", "opens", "closes", "admission_authority", "first_year_group", "last_year_group",
            "secondary_area_code", "pan_secondary",
        ] where all[name] == nil {
            all[name] = table.header.firstIndex(of: name)
        }
        let areaByCode = Dictionary(uniqueKeysWithValues: areas.map { ($0.code, $0) })
        var schools: [School] = []
        var duplicates = DuplicateGuard<String>()
        for record in table.records {
            let id = try record.text("school_id", in: table, at: columns)
            try duplicates.check(
                id, record, in: table, "school \(id) is listed twice",
                column: "school_id", columnNumber: columns["school_id"]! + 1)
            let phaseText = try record.text("phase", in: table, at: columns)
            guard let phase = SchoolPhase(rawValue: phaseText.lowercased()) else {
                throw InputError(
                    file: table.file, line: record.line, column: "phase", columnNumber: columns["phase"]! + 1,
                    problem: "'\(phaseText)' is not a school phase",
                    hint: "Use primary, secondary, all-through or special")
            }
            let areaCode = try record.text("area_code", in: table, at: columns)
            guard let area = areaByCode[areaCode] else {
                throw InputError(
                    file: table.file, line: record.line, column: "area_code", columnNumber: columns["area_code"]! + 1,
                    problem: "unknown planning area '\(areaCode)'", hint: "Use an area_code from planning_areas.csv")
            }
            let secondaryAreaText = all["secondary_area_code"].map { trimmed(record.fields[$0]) } ?? ""
            if phase != .special, phase != .allThrough || !secondaryAreaText.isEmpty,
                !phase.planningPhases.contains(area.phase) || (!secondaryAreaText.isEmpty && area.phase != .primary)
            {
                throw InputError(
                    file: table.file, line: record.line, column: "area_code", columnNumber: columns["area_code"]! + 1,
                    problem:
                        "a \(phase.rawValue) school cannot be in the \(area.phase.rawValue) planning area \(areaCode)",
                    hint: "Give a \(phase == .secondary ? "secondary" : "primary") area_code from planning_areas.csv, "
                        + "or correct the school's phase")
            }
            func optionalValue(_ name: String) throws(InputError) -> String? {
                guard let index = all[name] else { return nil }
                let value = trimmed(record.fields[index])
                return value.isEmpty ? nil : value
            }
            func optionalYear(_ name: String) throws(InputError) -> AcademicYear? {
                guard let text = try optionalValue(name) else { return nil }
                guard let year = Int(text), InputReaders.plausibleYears.contains(year) else {
                    throw InputError(
                        file: table.file, line: record.line, column: name, columnNumber: all[name]! + 1,
                        problem: "'\(text)' is not a year", hint: "Give the academic year, e.g. 2024")
                }
                return AcademicYear(year)
            }
            var secondaryPAN: Double?
            if try optionalValue("secondary_pan") != nil {
                secondaryPAN = try record.count("secondary_pan", in: table, at: all)
            } else if try optionalValue("pan_secondary") != nil {
                secondaryPAN = try record.count("pan_secondary", in: table, at: all)
            }
            // Year groups taught: within the phase's range (an all-through school spans both phases).
            func optionalGroup(_ name: String) throws(InputError) -> YearGroup? {
                guard let text = try optionalValue(name) else { return nil }
                guard let group = YearGroup(label: text), group.index <= 13 else {
                    throw InputError(
                        file: table.file, line: record.line, column: name, columnNumber: all[name]! + 1,
                        problem: "'\(text)' is not a year group", hint: "Use R or a year from 1 to 13")
                }
                return group
            }
            let firstGroup = try optionalGroup("first_year_group")
            let lastGroup = try optionalGroup("last_year_group")
            if phase != .special, firstGroup != nil || lastGroup != nil {
                let range = phase.yearGroups
                let first = firstGroup ?? range.first!
                let last = lastGroup ?? range.last!
                let column = firstGroup != nil && !range.contains(first) ? "first_year_group" : "last_year_group"
                var problem: String?
                if !range.contains(first) || !range.contains(last) {
                    problem =
                        "a \(phase.rawValue) school teaches year groups \(range.first!.label)–\(range.last!.label), "
                        + "not \(first.label)–\(last.label)"
                } else if first > last {
                    problem = "first_year_group \(first.label) is after last_year_group \(last.label)"
                } else if phase == .allThrough, first.index > 6 || last.index < 7 {
                    problem = "an all-through school teaches both phases, not only \(first.label)–\(last.label)"
                }
                if let problem {
                    throw InputError(
                        file: table.file, line: record.line, column: column, columnNumber: all[column]! + 1,
                        problem: problem,
                        hint: "E.g. an infant school R and 2, a junior school 3 and 6, an all-through school R and 11")
                }
            }
            var secondaryAreaCode: String?
            if !secondaryAreaText.isEmpty {
                let column = all["secondary_area_code"]! + 1
                guard let secondaryArea = areaByCode[secondaryAreaText] else {
                    throw InputError(
                        file: table.file, line: record.line, column: "secondary_area_code", columnNumber: column,
                        problem: "unknown planning area '\(secondaryAreaText)'",
                        hint: "Use an area_code from planning_areas.csv")
                }
                guard phase == .allThrough, secondaryArea.phase == .secondary else {
                    throw InputError(
                        file: table.file, line: record.line, column: "secondary_area_code", columnNumber: column,
                        problem: phase == .allThrough
                            ? "\(secondaryAreaText) is a \(secondaryArea.phase.rawValue) planning area"
                            : "only an all-through school has a secondary planning area",
                        hint: "Give an all-through school's primary area in area_code and its secondary area here")
                }
                secondaryAreaCode = secondaryAreaText
            }
            var authority = AdmissionAuthority.la
            if let text = try optionalValue("admission_authority") {
                guard let value = AdmissionAuthority(rawValue: text.lowercased()) else {
                    throw InputError(
                        file: table.file, line: record.line, column: "admission_authority",
                        columnNumber: all["admission_authority"]! + 1,
                        problem: "'\(text)' is not an admission authority",
                        hint: "Use la (the local authority sets the PAN) or own (academy, free, voluntary-aided or "
                            + "foundation school)")
                }
                authority = value
            }
            let (opens, closes) = (try optionalYear("opens"), try optionalYear("closes"))
            if let opens, let closes, closes < opens {
                throw InputError(
                    file: table.file, line: record.line, column: "closes", columnNumber: all["closes"]! + 1,
                    problem: "school \(id) opens in \(opens) but closes (its last year with pupils) in \(closes)",
                    hint: "Give a closing year from \(opens) on, or swap the two")
            }
            schools.append(
                School(
                    id: id, name: try record.text("school_name", in: table, at: columns), phase: phase,
                    areaCode: areaCode,
                    pan: try record.count("pan", in: table, at: columns), secondaryPAN: secondaryPAN,
                    netCapacity: try record.count("net_capacity", in: table, at: columns),
                    opens: opens, closes: closes,
                    admissionAuthority: authority, firstYearGroup: firstGroup, lastYearGroup: lastGroup,
                    secondaryAreaCode: secondaryAreaCode))
        }
        return schools
    }

    /// `pan_changes.csv`: `school_id,year,pan` (and `entry_year_group` R or 7, needed for all-through schools):
    /// the intake of `year` and later ones are admitted at the new PAN.
    public static func panChanges(_ table: CSVTable, schools: [School]) throws(InputError) -> [PANChange] {
        let columns = try table.columns(["school_id", "year", "pan"])
        let entryColumn = table.header.firstIndex(of: "entry_year_group")
        let byID = Dictionary(uniqueKeysWithValues: schools.map { ($0.id, $0) })
        var changes: [PANChange] = []
        var duplicates = DuplicateGuard<String>()
        for record in table.records {
            let id = try record.text("school_id", in: table, at: columns)
            guard let school = byID[id] else {
                throw InputError(
                    file: table.file, line: record.line, column: "school_id", columnNumber: columns["school_id"]! + 1,
                    problem: "unknown school '\(id)'", hint: "Use a school_id from schools.csv")
            }
            let year = try record.academicYear("year", in: table, at: columns)
            var entry: YearGroup = school.firstYearGroup
            if let entryColumn, !trimmed(record.fields[entryColumn]).isEmpty {
                let text = trimmed(record.fields[entryColumn])
                guard let group = YearGroup(label: text), school.entryYearGroups.contains(group) else {
                    throw InputError(
                        file: table.file, line: record.line, column: "entry_year_group", columnNumber: entryColumn + 1,
                        problem: "'\(text)' is not an entry year group of school \(id)",
                        hint: "Use " + school.entryYearGroups.map(\.label).joined(separator: " or "))
                }
                entry = group
            } else if school.entryYearGroups.count > 1 {
                throw InputError(
                    file: table.file, line: record.line, problem: "school \(id) is all-through",
                    hint: "Add an entry_year_group column saying "
                        + school.entryYearGroups.map(\.label).joined(separator: " or "))
            }
            try duplicates.check(
                "\(id)|\(year)|\(entry.label)", record, in: table, "duplicate PAN change for \(id) from \(year)")
            changes.append(
                PANChange(
                    schoolID: id, fromYear: AcademicYear(year), entryGroup: entry,
                    newPAN: try record.count("pan", in: table, at: columns)))
        }
        return changes
    }

    /// `school_rolls.csv`: `school_id,year,year_group,pupils` — school census rolls, used to share each
    /// planning area's forecast out to its schools.
    public static func schoolRolls(_ table: CSVTable, schools: [School]) throws(InputError) -> SchoolRolls {
        let columns = try table.columns(["school_id", "year", "year_group", "pupils"])
        let byID = Dictionary(uniqueKeysWithValues: schools.map { ($0.id, $0) })
        var rolls: [String: [AcademicYear: [YearGroup: Double]]] = [:]
        /// A row's school, year and year group (1.5 million rows for England: no string made per row).
        struct Cell: Hashable {
            let school: String
            let year: Int
            let group: YearGroup
        }
        var duplicates = DuplicateGuard<Cell>()
        for record in table.records {
            let id = try record.text("school_id", in: table, at: columns)
            guard let school = byID[id] else {
                throw InputError(
                    file: table.file, line: record.line, column: "school_id", columnNumber: columns["school_id"]! + 1,
                    problem: "unknown school '\(id)'", hint: "Use a school_id from schools.csv")
            }
            let year = try record.academicYear("year", in: table, at: columns)
            let label = try record.text("year_group", in: table, at: columns)
            guard let group = YearGroup(label: label) else {
                throw InputError(
                    file: table.file, line: record.line, column: "year_group", columnNumber: columns["year_group"]! + 1,
                    problem: "'\(label)' is not a year group", hint: "Use R for Reception or 1 to 14")
            }
            try duplicates.check(
                Cell(school: id, year: year, group: group), record, in: table,
                "duplicate row for school \(id), year \(year), year group \(group.label)")
            let pupils = try record.count("pupils", in: table, at: columns)
            guard pupils == 0 || school.teaches(group) else {
                throw InputError(
                    file: table.file, line: record.line, column: "year_group", columnNumber: columns["year_group"]! + 1,
                    problem: "school \(id) teaches \(school.firstYearGroup) to \(school.lastYearGroup) (schools.csv), "
                        + "but this row puts \(CSVWriter.number(pupils)) pupils in \(group)",
                    hint: "Check the school_id, or the school's first_year_group and last_year_group in schools.csv")
            }
            rolls[id, default: [:]][AcademicYear(year), default: [:]][group] = pupils
        }
        return SchoolRolls(rolls)
    }

    /// `yields.yaml`: `pupils_per_dwelling` by phase (`primary`, `secondary`, `sixth_form`, spread evenly over the
    /// phase's year groups) or `by_year_group`; `phase_in` (shares of the eventual yield 0, 1, 2 … years after
    /// completion); `trend_allowance_years`; `trend_allowance` (`symmetric` or `above_only`). Missing keys keep
    /// ``HousingYields/standard``.
    public static func yields(_ document: YAMLDocument) throws(InputError) -> HousingYields {
        let reader = YAMLReader(file: document.file)
        let node = document.root
        let settings = try reader.mapping(
            node,
            allowed: ["pupils_per_dwelling", "by_year_group", "phase_in", "trend_allowance_years", "trend_allowance"])
        var yields = HousingYields.standard
        if let perPhase = settings["pupils_per_dwelling"] {
            let values = try reader.mapping(perPhase, allowed: ["primary", "secondary", "sixth_form"])
            func value(_ key: String, _ fallback: Double) throws(InputError) -> Double {
                try reader.optional(values, key) { n throws(InputError) in try reader.nonNegative(n) } ?? fallback
            }
            let defaults = PlanningRules.defaultYieldPerDwelling
            yields.perDwelling = HousingYields.perPhase(
                primary: try value("primary", defaults[.primary]!),
                secondary: try value("secondary", defaults[.secondary]!),
                sixthForm: try value("sixth_form", defaults[.sixthForm]!))
        }
        if let byGroup = settings["by_year_group"] {
            for (key, value) in try reader.pairs(byGroup) {
                guard let group = YearGroup(label: key.string ?? ""), group.index <= 13 else {
                    throw reader.error(key, "'\(key.string ?? "")' is not a year group", hint: "Use R or 1 to 13")
                }
                yields.perDwelling[group] = try reader.nonNegative(value)
            }
        }
        if let phaseIn = settings["phase_in"] {
            guard case .sequence(let items) = phaseIn, !items.isEmpty else {
                throw reader.error(phaseIn, "phase_in must be a list of shares, e.g. [0.25, 0.5, 0.75, 1.0]")
            }
            var shares: [Double] = []
            for item in items { shares.append(try reader.nonNegative(item)) }
            yields.phaseIn = shares
        }
        yields.trendAllowanceYears =
            try reader.optional(settings, "trend_allowance_years") { n throws(InputError) in
                try reader.integer(n, in: 0...20)
            } ?? yields.trendAllowanceYears
        if let allowance = settings["trend_allowance"] {
            let text = try reader.string(allowance)
            guard let rule = HousingYields.TrendAllowance(rawValue: text) else {
                throw reader.error(
                    allowance, "unknown trend_allowance '\(text)'", hint: "Use symmetric or above_only")
            }
            yields.trendAllowance = rule
        }
        return yields
    }

    /// `planning.yaml`: `target_percent`, `band_percent`, `plan_on` (`point` or `upper_80`), `lead_time_years`,
    /// `half_forms_of_entry`, `build_to` (`target` or `zero`), `school_shares` (`respect_pans`, `historical`,
    /// `historical_capped`; the older `cap_to_capacity: false | true` means `historical | historical_capped`),
    /// `cost_per_place` by phase
    /// (`expansion`, `new_school`, `temporary`, pounds). Returns the settings and how pupils are shared to schools.
    public static func planning(
        _ document: YAMLDocument
    ) throws(InputError) -> (PlanningSettings, schoolShares: SchoolShareRule) {
        let reader = YAMLReader(file: document.file)
        let node = document.root
        let settings = try reader.mapping(
            node,
            allowed: [
                "target_percent", "band_percent", "plan_on", "lead_time_years",
                "half_forms_of_entry", "build_to", "school_shares", "cap_to_capacity", "cost_per_place",
                "early_years_target_percent",
            ])
        var result = PlanningSettings()
        result.targetPercent =
            try reader.optional(settings, "target_percent") { n throws(InputError) in try reader.nonNegative(n) }
            ?? result.targetPercent
        guard result.targetPercent < 100 else {
            throw reader.error(settings["target_percent"] ?? node, "target_percent must be below 100")
        }
        result.bandPercent =
            try reader.optional(settings, "band_percent") { n throws(InputError) in try reader.nonNegative(n) }
            ?? result.bandPercent
        guard result.bandPercent >= result.targetPercent else {
            throw reader.error(settings["band_percent"] ?? node, "band_percent must be at least target_percent")
        }
        if let planOn = settings["plan_on"] {
            let text = try reader.string(planOn)
            guard let basis = PlanningBasis(rawValue: text) else {
                throw reader.error(planOn, "unknown plan_on '\(text)'", hint: "Use point or upper_80")
            }
            result.basis = basis
        }
        result.earlyYearsTargetPercent =
            try reader.optional(settings, "early_years_target_percent") { n throws(InputError) in
                try reader.nonNegative(n)
            } ?? result.earlyYearsTargetPercent
        guard result.earlyYearsTargetPercent < 100 else {
            throw reader.error(settings["early_years_target_percent"]!, "early_years_target_percent must be below 100")
        }
        result.leadTimeYears =
            try reader.optional(settings, "lead_time_years") { n throws(InputError) in
                try reader.integer(n, in: 0...15)
            } ?? result.leadTimeYears
        result.allowHalfFormsOfEntry =
            try reader.optional(settings, "half_forms_of_entry") { n throws(InputError) in
                try reader.boolean(n)
            } ?? false
        if let buildTo = settings["build_to"] {
            let text = try reader.string(buildTo)
            guard let value = BuildTo(rawValue: text) else {
                throw reader.error(buildTo, "unknown build_to '\(text)'", hint: "Use target or zero")
            }
            result.buildTo = value
        }
        if let costs = settings["cost_per_place"] {
            for (key, value) in try reader.pairs(costs) {
                guard
                    let phase = [Phase.primary.rawValue: Phase.primary, Phase.secondary.rawValue: .secondary][
                        key.string ?? ""]
                else {
                    throw reader.error(key, "unknown phase '\(key.string ?? "")'", hint: "Use primary or secondary")
                }
                let perPlace = try reader.mapping(value, allowed: ["expansion", "new_school", "temporary"])
                let current = result.costPerPlace[phase]!
                func cost(_ key: String, _ fallback: Double) throws(InputError) -> Double {
                    try reader.optional(perPlace, key) { n throws(InputError) in try reader.nonNegative(n) } ?? fallback
                }
                result.costPerPlace[phase] = PlaceCosts(
                    expansion: try cost("expansion", current.expansion),
                    newSchool: try cost("new_school", current.newSchool),
                    temporary: try cost("temporary", current.temporary))
            }
        }
        var shares = PlanningRules.defaultSchoolShareRule
        if let node = settings["school_shares"] {
            let text = try reader.string(node)
            guard let rule = SchoolShareRule(rawValue: text) else {
                throw reader.error(
                    node, "unknown school_shares '\(text)'", hint: "Use respect_pans, historical or historical_capped")
            }
            shares = rule
        }
        if let node = settings["cap_to_capacity"] {
            guard settings["school_shares"] == nil else {
                throw reader.error(
                    node, "cap_to_capacity and school_shares both given",
                    hint: "Keep school_shares (cap_to_capacity: false is historical, true is historical_capped)")
            }
            shares = try reader.boolean(node) ? .historicalCapped : .historical
        }
        return (result, shares)
    }

    /// `finance.yaml`: `marginal_rate_per_pupil` by phase (`rate_per_pupil` is read as its older name),
    /// `census_lag_years`, `unfilled_thresholds` (`low`, `medium`, `high`, per cent),
    /// `minimum_intake_per_form_of_entry`, `income_loss_percent` (year on year), `medium_term_years`,
    /// `medium_term_loss_percent` (`medium`, `high`), `over_capacity_percent`.
    public static func finance(_ document: YAMLDocument) throws(InputError) -> FinanceSettings {
        let reader = YAMLReader(file: document.file)
        let node = document.root
        let settings = try reader.mapping(
            node,
            allowed: [
                "marginal_rate_per_pupil", "rate_per_pupil", "census_lag_years", "unfilled_thresholds",
                "minimum_intake_per_form_of_entry", "income_loss_percent", "medium_term_years",
                "medium_term_loss_percent", "over_capacity_percent",
            ])
        var result = FinanceSettings()
        if settings["marginal_rate_per_pupil"] != nil, let old = settings["rate_per_pupil"] {
            throw reader.error(old, "give marginal_rate_per_pupil or rate_per_pupil, not both")
        }
        if let rates = settings["marginal_rate_per_pupil"] ?? settings["rate_per_pupil"] {
            for (key, value) in try reader.pairs(rates) {
                guard
                    let phase = [Phase.primary.rawValue: Phase.primary, Phase.secondary.rawValue: .secondary][
                        key.string ?? ""]
                else {
                    throw reader.error(key, "unknown phase '\(key.string ?? "")'", hint: "Use primary or secondary")
                }
                result.ratePerPupil[phase] = try reader.optional(["\(key.string ?? "")": value], key.string ?? "") {
                    n throws(InputError) in try reader.nonNegative(n)
                }
            }
        }
        result.censusLagYears =
            try reader.optional(settings, "census_lag_years") { n throws(InputError) in
                try reader.integer(n, in: 0...3)
            } ?? result.censusLagYears
        if let node = settings["unfilled_thresholds"] {
            let current = result.unfilledThresholds
            let values = try reader.risingThresholds(
                node, ["low": current.low, "medium": current.medium, "high": current.high])
            result.unfilledThresholds = UnfilledThresholds(low: values[0], medium: values[1], high: values[2])
        }
        result.minimumIntakePerFormOfEntry =
            try reader.optional(settings, "minimum_intake_per_form_of_entry") {
                n throws(InputError) in try reader.nonNegative(n)
            } ?? result.minimumIntakePerFormOfEntry
        result.incomeLossPercent =
            try reader.optional(settings, "income_loss_percent") { n throws(InputError) in
                try reader.nonNegative(n)
            } ?? result.incomeLossPercent
        result.mediumTermYears =
            try reader.optional(settings, "medium_term_years") { n throws(InputError) in
                try reader.integer(n, in: 1...10)
            } ?? result.mediumTermYears
        if let node = settings["medium_term_loss_percent"] {
            let current = result.mediumTermLossPercent
            let values = try reader.risingThresholds(node, ["medium": current.medium, "high": current.high])
            result.mediumTermLossPercent = LossThresholds(medium: values[0], high: values[1])
        }
        result.overCapacityPercent =
            try reader.optional(settings, "over_capacity_percent") { n throws(InputError) in
                try reader.nonNegative(n)
            } ?? result.overCapacityPercent
        return result
    }
}

extension YAMLReader {
    /// A mapping of thresholds (per cent, zero or more) named by `defaults`' keys in rising order, each one
    /// defaulting to its current value: `{ low: 10, medium: 15, high: 33 }`. The values must not fall.
    fileprivate func risingThresholds(
        _ node: Node, _ defaults: KeyValuePairs<String, Double>
    ) throws(InputError) -> [Double] {
        let values = try mapping(node, allowed: Set(defaults.map(\.key)))
        var result: [Double] = []
        for (key, current) in defaults {
            result.append(try optional(values, key) { n throws(InputError) in try nonNegative(n) } ?? current)
        }
        guard zip(result, result.dropFirst()).allSatisfy({ $0 <= $1 }) else {
            throw error(
                node,
                "thresholds must rise: " + defaults.map(\.key).joined(separator: " ≤ ") + " (got "
                    + result.map { CSVWriter.number($0) }.joined(separator: ", ") + ")")
        }
        return result
    }
}
