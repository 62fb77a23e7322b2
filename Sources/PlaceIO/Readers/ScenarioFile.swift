import Foundation
import PlaceForecast
import Yams

/// Reads scenario files (`models/scenarios/*.yaml`) and writes suggested ones.
///
/// ```yaml
/// name: reduce-pans-east
/// description: Cut two PANs in the East, where surplus passes 10%.
/// pan_changes:                       # from: the first intake at the new PAN (at least origin + 3)
///   - { school: PRI030, from: 2021, pan: 30 }
/// closures:                          # last_year: the last year with pupils
///   - { school: PRI041, last_year: 2023 }
/// openings:
///   - { id: NEW01, name: New Primary, phase: primary, area: P01, pan: 30, net_capacity: 210, from: 2024 }
/// capacity_changes:                  # until: last year of a temporary change (omit for permanent)
///   - { area: S02, phase: secondary, places: 150, from: 2022, until: 2025 }
/// births: { percent: 5 }             # or { replace: { P01: { 2021: 600 } } }
/// housing: { percent: -50, delay_years: 2 }
/// send_growth_points: 2              # EHC plans grow 2 points a year faster
/// model: mean3                       # a forecast method instead of the base one
/// early_years:                       # take-up per cent, entitlement take-up factor, providers' places
///   { take_up_change_pct: -5, entitlement_uptake: 0.8, provider_places: [{ provider_id: EY01, places_3_4yo: 60 }] }
/// ```
/// Every school and area must exist, PAN changes must respect the admission round, and unknown keys are errors,
/// each located by line and column.
public enum ScenarioFile {
    /// What a scenario is checked against.
    public struct Context: Sendable {
        public let schools: [School]
        public let areas: [PlanningArea]
        public let origin: AcademicYear
        /// Early-years providers (early_years_providers.csv); nil when the inputs have none.
        public let providers: [EarlyYearsProvider]?
        /// True when the inputs have early_years.csv.
        public let hasEarlyYears: Bool

        public init(
            schools: [School], areas: [PlanningArea], origin: AcademicYear, providers: [EarlyYearsProvider]? = nil,
            hasEarlyYears: Bool = false
        ) {
            self.schools = schools
            self.areas = areas
            self.origin = origin
            self.providers = providers
            self.hasEarlyYears = hasEarlyYears
        }
    }

    public static func read(_ url: URL, displayPath: String, context: Context) throws(InputError) -> Scenario {
        var isFolder: ObjCBool = false
        if FileManager.default.fileExists(atPath: url.path, isDirectory: &isFolder), isFolder.boolValue {
            throw InputError(
                file: displayPath, problem: "this is a folder, not a scenario file",
                hint: "Give scenario .yaml files (e.g. \(displayPath)/*.yaml), or none to run every file in "
                    + "models/scenarios/")
        }
        let text: String
        do {
            text = try String(contentsOf: url, encoding: .utf8)
        } catch {
            throw InputError(
                file: displayPath, problem: "cannot read the scenario file (\(error.localizedDescription))")
        }
        return try parse(text, file: displayPath, context: context)
    }

    public static func parse(_ text: String, file: String, context: Context) throws(InputError) -> Scenario {
        let root = try YAMLReader.root(text, file: file)
        let reader = YAMLReader(file: file)
        let top = try reader.mapping(
            root,
            allowed: [
                "name", "description", "pan_changes", "closures", "openings",
                "capacity_changes", "births", "housing", "send_growth_points", "model", "early_years",
            ])
        let defaultName = ((file as NSString).lastPathComponent as NSString).deletingPathExtension
        var scenario = Scenario(
            name: try reader.optional(top, "name") { n throws(InputError) in try reader.string(n) } ?? defaultName,
            description: try reader.optional(top, "description") { n throws(InputError) in try reader.string(n) } ?? "")
        guard scenario.name != "base" else {
            throw reader.error(
                top["name"] ?? root, "'base' is reserved for the scenario with no changes", hint: "Choose another name")
        }
        let schools = Dictionary(uniqueKeysWithValues: context.schools.map { ($0.id, $0) })
        let areas = Dictionary(uniqueKeysWithValues: context.areas.map { ($0.code, $0) })
        let firstIntake = PlanningRules.firstChangeableIntake(origin: context.origin)

        func items(_ key: String) throws(InputError) -> [Node] {
            guard let node = top[key] else { return [] }
            guard case .sequence(let list) = node else { throw reader.error(node, "\(key) must be a list") }
            return Array(list)
        }
        func school(_ node: Node, in item: Node) throws(InputError) -> School {
            let id = try reader.string(node)
            guard let found = schools[id] else {
                throw reader.error(node, "unknown school '\(id)'", hint: "Use a school_id from schools.csv")
            }
            return found
        }
        func year(_ node: Node) throws(InputError) -> AcademicYear {
            AcademicYear(try reader.integer(node, in: 1900...2200))
        }

        var basePANs: [String: Double] = [:]
        for item in try items("pan_changes") {
            let fields = try reader.mapping(item, allowed: ["school", "from", "pan", "entry_year_group"])
            let target = try school(try reader.required(fields, "school", in: item), in: item)
            let fromNode = try reader.required(fields, "from", in: item)
            let from = try year(fromNode)
            guard from >= firstIntake else {
                throw reader.error(
                    fromNode,
                    "a PAN decided now first applies to the \(firstIntake.startYear) intake, not \(from.startYear)",
                    hint:
                        "After the census a consultation runs October to January, is determined by 28 February "
                        + "and first applies to the admissions of the September after: "
                        + "use from: \(firstIntake.startYear) or later"
                )
            }
            var entry: YearGroup = target.firstYearGroup
            if let entryNode = fields["entry_year_group"] {
                guard let group = YearGroup(label: try reader.string(entryNode)),
                    target.entryYearGroups.contains(group)
                else {
                    let entries = target.entryYearGroups.map(\.label).joined(separator: " or ")
                    throw reader.error(
                        entryNode,
                        "entry_year_group: \(target.id) admits at \(entries) only, not \(try reader.string(entryNode))",
                        hint: target.entryYearGroups.count == 1
                            ? "Leave entry_year_group out: a school with one entry year changes the PAN of that year"
                            : "Use one of its entry year groups")
                }
                entry = group
            }
            let newPAN = try reader.required(fields, "pan", in: item) { n throws(InputError) in
                try reader.nonNegative(n)
            }
            basePANs[target.id + "|" + entry.label] = target.basePAN(entry: entry)
            scenario.panChanges.append(
                PANChange(schoolID: target.id, fromYear: from, entryGroup: entry, newPAN: newPAN))
        }
        // A change to the PAN already in force the year before (the latest earlier change in the file, else the
        // school's own) changes nothing; a return to the school's PAN after a cut is a change.
        for change in scenario.panChanges {
            let earlier = scenario.panChanges.filter {
                $0.schoolID == change.schoolID && $0.entryGroup == change.entryGroup && $0.fromYear < change.fromYear
            }.max { $0.fromYear < $1.fromYear }
            if change.newPAN == earlier?.newPAN ?? basePANs[change.schoolID + "|" + change.entryGroup.label] {
                scenario.warnings.append(
                    "pan_changes: \(change.schoolID) already has PAN \(CSVWriter.number(change.newPAN)) before "
                        + "\(change.fromYear), so this change changes nothing")
            }
        }
        for item in try items("closures") {
            let fields = try reader.mapping(item, allowed: ["school", "last_year"])
            let target = try school(try reader.required(fields, "school", in: item), in: item)
            scenario.closures.append(
                SchoolClosure(
                    schoolID: target.id, lastYear: try year(try reader.required(fields, "last_year", in: item))))
        }
        for item in try items("openings") {
            let fields = try reader.mapping(
                item, allowed: ["id", "name", "phase", "area", "pan", "net_capacity", "from"])
            let idNode = try reader.required(fields, "id", in: item)
            let id = try reader.string(idNode)
            guard schools[id] == nil, !scenario.openings.contains(where: { $0.id == id }) else {
                throw reader.error(idNode, "school id '\(id)' is already used")
            }
            let phaseNode = try reader.required(fields, "phase", in: item)
            guard let phase = SchoolPhase(rawValue: try reader.string(phaseNode)) else {
                throw reader.error(phaseNode, "unknown phase", hint: "Use primary, secondary, all-through or special")
            }
            let areaNode = try reader.required(fields, "area", in: item)
            let areaCode = try reader.string(areaNode)
            guard areas[areaCode] != nil else {
                throw reader.error(
                    areaNode, "unknown planning area '\(areaCode)'", hint: "Use an area_code from planning_areas.csv")
            }
            scenario.openings.append(
                School(
                    id: id,
                    name: try reader.optional(fields, "name") { n throws(InputError) in try reader.string(n) } ?? id,
                    phase: phase, areaCode: areaCode,
                    pan: try reader.required(fields, "pan", in: item) { n throws(InputError) in
                        try reader.nonNegative(n)
                    },
                    netCapacity: try reader.required(fields, "net_capacity", in: item) { n throws(InputError) in
                        try reader.nonNegative(n)
                    },
                    opens: try year(try reader.required(fields, "from", in: item))))
        }
        for item in try items("capacity_changes") {
            let fields = try reader.mapping(item, allowed: ["area", "phase", "places", "from", "until"])
            let areaNode = try reader.required(fields, "area", in: item)
            let areaCode = try reader.string(areaNode)
            guard let area = areas[areaCode] else {
                throw reader.error(
                    areaNode, "unknown planning area '\(areaCode)'", hint: "Use an area_code from planning_areas.csv")
            }
            let from = try year(try reader.required(fields, "from", in: item))
            let until = try reader.optional(fields, "until") { n throws(InputError) in try year(n) }
            if let until, until < from { throw reader.error(fields["until"]!, "until is before from") }
            scenario.capacityChanges.append(
                CapacityChange(
                    areaCode: areaCode, phase: area.phase,
                    places: try reader.number(try reader.required(fields, "places", in: item)),
                    from: from, until: until))
        }
        if let births = top["births"] {
            let fields = try reader.mapping(births, allowed: ["percent", "replace"])
            scenario.birthsPercent = try reader.optional(fields, "percent") { n throws(InputError) in
                try reader.number(n)
            }
            if let replace = fields["replace"] {
                for (areaNode, seriesNode) in try reader.pairs(replace) {
                    let code = try reader.string(areaNode)
                    for (yearNode, valueNode) in try reader.pairs(seriesNode) {
                        scenario.birthsReplacement[code, default: [:]][try reader.integer(yearNode, in: 1900...2200)] =
                            try reader.nonNegative(valueNode)
                    }
                }
            }
        }
        if let housing = top["housing"] {
            let fields = try reader.mapping(housing, allowed: ["percent", "delay_years"])
            scenario.housingPercent = try reader.optional(fields, "percent") { n throws(InputError) in
                try reader.number(n)
            }
            scenario.housingDelayYears =
                try reader.optional(fields, "delay_years") { n throws(InputError) in
                    try reader.integer(n, in: -10...10)
                } ?? 0
        }
        scenario.sendGrowthPoints = try reader.optional(top, "send_growth_points") { n throws(InputError) in
            try reader.number(n)
        }
        scenario.model = try reader.optional(top, "model") { n throws(InputError) in
            ModelReference(try reader.string(n))
        }
        if let node = top["early_years"] {
            try earlyYears(node, reader: reader, context: context, into: &scenario)
        }
        return scenario
    }

    /// `early_years: { take_up_change_pct, entitlement_uptake, provider_places: [{ provider_id, places_under_2,
    /// places_2yo, places_3_4yo }] }`: unknown providers are errors; a change that changes nothing (0%, an uptake of
    /// 1, places as they are, or no early_years.csv in the inputs) is a warning.
    static func earlyYears(
        _ node: Node, reader: YAMLReader, context: Context, into scenario: inout Scenario
    ) throws(InputError) {
        let fields = try reader.mapping(node, allowed: ["take_up_change_pct", "entitlement_uptake", "provider_places"])
        var change = EarlyYearsChange()
        var unchanged: [String] = []
        if let value = try reader.optional(
            fields, "take_up_change_pct", { n throws(InputError) in try reader.number(n) })
        {
            guard value > -100 else {
                throw reader.error(fields["take_up_change_pct"]!, "take_up_change_pct must be above -100")
            }
            change.takeUpChangePercent = value
            if value == 0 { unchanged.append("take_up_change_pct is 0") }
        }
        if let value = try reader.optional(
            fields, "entitlement_uptake", { n throws(InputError) in try reader.nonNegative(n) })
        {
            change.entitlementUptake = value
            if value == 1 { unchanged.append("entitlement_uptake is 1 (as assumed)") }
        }
        if let list = fields["provider_places"] {
            guard case .sequence(let items) = list else { throw reader.error(list, "provider_places must be a list") }
            let providers = Dictionary(
                (context.providers ?? []).map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
            for item in items {
                let entry = try reader.mapping(
                    item, allowed: ["provider_id", "places_under_2", "places_2yo", "places_3_4yo"])
                let idNode = try reader.required(entry, "provider_id", in: item)
                let id = try reader.string(idNode)
                guard let provider = providers[id] else {
                    throw reader.error(
                        idNode, "unknown provider '\(id)'",
                        hint: context.providers == nil
                            ? "The inputs have no early_years_providers.csv"
                            : "Use a provider_id from early_years_providers.csv")
                }
                let columns: [(String, EarlyYearsAge)] = [
                    ("places_under_2", .underTwo), ("places_2yo", .two), ("places_3_4yo", .threeFour),
                ]
                var any = false
                for (key, age) in columns {
                    guard
                        let places = try reader.optional(
                            entry, key, { n throws(InputError) in try reader.nonNegative(n) })
                    else { continue }
                    any = true
                    if places == provider.places(age) {
                        unchanged.append("\(id) \(key) is already \(CSVWriter.number(places))")
                    } else {
                        change.providerPlaces[id, default: [:]][age] = places
                    }
                }
                guard any else {
                    throw reader.error(item, "give places_under_2, places_2yo or places_3_4yo for provider '\(id)'")
                }
            }
        }
        if !context.hasEarlyYears {
            scenario.warnings.append("early_years changes nothing: the inputs have no early_years.csv")
        } else if !unchanged.isEmpty {
            scenario.warnings.append("early_years: " + unchanged.joined(separator: "; ") + ": no change")
        }
        scenario.earlyYears = change
    }

    /// The advisor's plan as a scenario file: the LA's changes as `pan_changes` (with each area's surplus before and
    /// after and why each school), the schools the full-school rule spared and the own-admission-authority
    /// schools to request as comments (not changes), and each phase's LA-wide surplus.
    public static func suggestedYAML(
        _ outcomes: [PANAdvisor.AreaOutcome], margins: [PANAdvisor.LAMargin] = [], schools: [School],
        rules: PANAdvisor.Rules, target: Double, band: Double, path: String
    ) -> String {
        let names = Dictionary(uniqueKeysWithValues: schools.map { ($0.id, $0.name) })
        func percents(_ values: [Double], _ years: [AcademicYear]) -> String {
            zip(years, values).map { "\($0.0.startYear) \(String(format: "%.1f", $0.1))%" }.joined(separator: ", ")
        }
        func why(_ proposal: PANAdvisor.Proposal) -> String {
            var parts: [String] = []
            if let fill = proposal.intake.lastFill {
                parts.append(String(format: "%.0f%% full at the last census", 100 * fill))
            }
            if let unfilled = proposal.intake.unfilled {
                parts.append(String(format: "%.0f entry places a year unfilled", unfilled))
            }
            return parts.isEmpty ? "" : " (" + parts.joined(separator: ", ") + ")"
        }
        let firstGroups = Dictionary(schools.map { ($0.id, $0.firstYearGroup) }, uniquingKeysWith: { a, _ in a })
        func line(_ proposal: PANAdvisor.Proposal) -> String {
            // The entry year group, when it is not the school's first (an all-through school's Year 7).
            let entry =
                firstGroups[proposal.change.schoolID].map { $0 == proposal.change.entryGroup } ?? true
                ? "" : ", entry_year_group: \(proposal.change.entryGroup.label)"
            return "- { school: \(proposal.change.schoolID), from: \(proposal.change.fromYear.startYear), "
                + "pan: \(CSVWriter.number(proposal.change.newPAN))\(entry) }   "
                + "# \(names[proposal.change.schoolID] ?? ""): "
                + "\(CSVWriter.number(proposal.oldPAN)) -> \(CSVWriter.number(proposal.change.newPAN))" + why(proposal)
        }
        let step = CSVWriter.number(rules.step)
        let band = "\(CSVWriter.number(target))-\(CSVWriter.number(band))%"
        var lines = [
            "# Suggested by `placeplan scenario suggest`: PAN reductions in steps of \(step), never below "
                + "\(CSVWriter.number(rules.minimumPAN)),",
            "# bringing each planning area's surplus toward \(band) with no shortfall at "
                + "the upper \(rules.interval.rawValue)% forecast.",
            "# Run it with: placeplan scenario run \(path)",
        ]
        if rules.protectFullSchools {
            lines.append(
                "# A school \(CSVWriter.number(100 * rules.fullShare))% full at the last census is not cut while a "
                    + "same-phase school in its area with a PAN at least as large was under "
                    + "\(CSVWriter.number(100 * rules.roomyShare))% full.")
        }
        if !rules.includeOwnAdmissionAuthority {
            lines.append(
                "# Only schools whose PAN the LA sets are changed; own-admission-authority schools are listed as "
                    + "requests.")
        }
        for margin in margins where margin.inForce {
            lines.append(
                "# LA \(margin.phase.rawValue) surplus (an area is short, so kept at or above the target where it "
                    + "was): before \(percents(margin.before, margin.years)); "
                    + "after \(percents(margin.after, margin.years))"
            )
        }
        lines += ["name: suggested", "description: PAN reductions proposed by the advisor", "pan_changes:"]
        let changed = outcomes.filter { !$0.proposals.isEmpty }
        if changed.isEmpty { lines[lines.count - 1] = "pan_changes: []" }
        for outcome in changed {
            lines.append("  # \(outcome.areaCode): surplus before \(percents(outcome.surplusBefore, outcome.years))")
            lines.append("  #   after \(percents(outcome.surplusAfter, outcome.years))")
            if outcome.limitedByLAMargin { lines.append("  #   (cut limited to keep the LA-wide margin)") }
            for proposal in outcome.proposals { lines.append("  " + line(proposal)) }
        }
        let notes = outcomes.filter { !$0.requests.isEmpty || (!$0.spared.isEmpty && !$0.proposals.isEmpty) }
        if !notes.isEmpty {
            lines.append("# Not changes: to request from own admission authorities, and full schools spared.")
        }
        for outcome in notes {
            for request in outcome.requests {
                lines.append("# to request (\(outcome.areaCode), own admission authority): " + line(request))
            }
            if !outcome.requests.isEmpty {
                lines.append(
                    "#   \(outcome.areaCode) with the requests: \(percents(outcome.surplusWithRequests, outcome.years))"
                )
            }
            if outcome.requestsLimitedByLAMargin {
                lines.append("#   (\(outcome.areaCode) requests limited to keep the LA-wide margin)")
            }
            for spared in outcome.spared {
                let fill = String(format: "%.0f%%", 100 * spared.fill)
                let roomier = String(format: "%.0f%%", 100 * spared.roomierFill)
                lines.append(
                    "# spared (\(outcome.areaCode)): \(spared.schoolID) was \(fill) full at the last census while "
                        + "\(spared.roomierID), PAN at least as large, was \(roomier) full")
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }
}
