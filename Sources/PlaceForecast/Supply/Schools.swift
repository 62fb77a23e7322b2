/// The phase a school or planning area serves.
public enum SchoolPhase: String, CaseIterable, Sendable {
    case primary, secondary
    case allThrough = "all-through"
    case special

    /// Year groups a school of this phase teaches (special schools are planned separately, with SEND).
    public var yearGroups: [YearGroup] {
        switch self {
        case .primary: return PlanningRules.primaryYearGroups
        case .secondary: return PlanningRules.secondaryYearGroups + PlanningRules.sixthFormYearGroups
        case .allThrough:
            return PlanningRules.primaryYearGroups + PlanningRules.secondaryYearGroups
                + PlanningRules.sixthFormYearGroups
        case .special: return []
        }
    }

    /// The mainstream phases whose places this school provides (an all-through school provides both).
    public var planningPhases: [Phase] {
        switch self {
        case .primary: return [.primary]
        case .secondary: return [.secondary]
        case .allThrough: return [.primary, .secondary]
        case .special: return []
        }
    }
}

/// Who decides a school's admission arrangements (its PAN): the local authority for community and voluntary
/// controlled schools; the school itself (its trust or governing body) for academies, free schools,
/// voluntary-aided and foundation schools, which the LA can only ask to change a PAN.
public enum AdmissionAuthority: String, CaseIterable, Sendable {
    case la
    case own
}

/// A school's places: its admission number (PAN) in each entry year group and its net capacity.
///
/// A school teaches the year groups `firstYearGroup` to `lastYearGroup` (by default its phase's: R–6 primary, 7–13
/// secondary, R–13 all-through): an infant school R–2, a junior school 3–6, an all-through school without a sixth
/// form R–11. Its entry year groups are its first year group and, when its range spans both phases, Year 7 too.
public struct School: Hashable, Sendable {
    public let id: String
    public let name: String
    public let phase: SchoolPhase
    /// Planning area the school's places count toward (its primary places, when `secondaryAreaCode` is given).
    public let areaCode: String
    /// Planning area of the secondary (7–13) places of a school spanning both phases; nil = `areaCode`.
    public let secondaryAreaCode: String?
    /// Published admission number of the first entry year group (Reception for primary and infant schools, Year 3
    /// for junior schools, Year 7 for secondary); an all-through school admits at Year 7 with the same PAN unless
    /// `secondaryPAN` is given.
    public let pan: Double
    /// Year 7 PAN of a school spanning both phases, when it differs from its first entry year's PAN.
    public let secondaryPAN: Double?
    /// Net capacity: the whole school's places (DfE net capacity assessment).
    public let netCapacity: Double
    /// First academic year the school has pupils (nil = open throughout).
    public let opens: AcademicYear?
    /// Last academic year the school has pupils (nil = open throughout).
    public let closes: AcademicYear?
    /// Who sets the PAN: `.la` (the advisor may propose a change) or `.own` (the LA can only request one).
    public let admissionAuthority: AdmissionAuthority
    /// First and last year groups taught.
    public let firstYearGroup: YearGroup
    public let lastYearGroup: YearGroup

    public init(
        id: String, name: String, phase: SchoolPhase, areaCode: String, pan: Double, secondaryPAN: Double? = nil,
        netCapacity: Double, opens: AcademicYear? = nil, closes: AcademicYear? = nil,
        admissionAuthority: AdmissionAuthority = .la, firstYearGroup: YearGroup? = nil,
        lastYearGroup: YearGroup? = nil, secondaryAreaCode: String? = nil
    ) {
        self.id = id
        self.name = name
        self.phase = phase
        self.areaCode = areaCode
        self.pan = pan
        self.secondaryPAN = secondaryPAN
        self.netCapacity = netCapacity
        self.opens = opens
        self.closes = closes
        self.admissionAuthority = admissionAuthority
        self.firstYearGroup = firstYearGroup ?? phase.yearGroups.first ?? .reception
        self.lastYearGroup = lastYearGroup ?? phase.yearGroups.last ?? .reception
        self.secondaryAreaCode = secondaryAreaCode
    }

    /// The same school with its last year of pupils brought forward to `last` (never later than it already was).
    public func closing(after last: AcademicYear) -> School {
        School(
            id: id, name: name, phase: phase, areaCode: areaCode, pan: pan, secondaryPAN: secondaryPAN,
            netCapacity: netCapacity, opens: opens, closes: min(last, closes ?? last),
            admissionAuthority: admissionAuthority, firstYearGroup: firstYearGroup, lastYearGroup: lastYearGroup,
            secondaryAreaCode: secondaryAreaCode)
    }

    public func isOpen(in year: AcademicYear) -> Bool {
        (opens.map { year >= $0 } ?? true) && (closes.map { year <= $0 } ?? true)
    }

    /// Year groups the school teaches (none for a special school, planned with SEND).
    public var yearGroups: [YearGroup] {
        guard phase != .special, firstYearGroup <= lastYearGroup else { return [] }
        return (firstYearGroup.index...lastYearGroup.index).map { YearGroup(index: $0)! }
    }

    public func teaches(_ group: YearGroup) -> Bool {
        phase != .special && group >= firstYearGroup && group <= lastYearGroup
    }

    /// Whether the school teaches year groups of both phases (R–6 and 7 on).
    public var spansPhases: Bool { phase != .special && firstYearGroup.index <= 6 && lastYearGroup.index >= 7 }

    /// Entry year groups: the first year group taught and, for a school spanning both phases, Year 7.
    public var entryYearGroups: [YearGroup] {
        guard phase != .special else { return [] }
        return spansPhases ? [firstYearGroup, PlanningRules.secondaryYearGroups[0]] : [firstYearGroup]
    }

    /// The entry year group whose PAN governs `group` at this school (the latest entry year at or below it).
    public func entryYearGroup(governing group: YearGroup) -> YearGroup {
        entryYearGroups.last { $0 <= group } ?? firstYearGroup
    }

    /// The school's entry year group in `phase` (sixth form: none), e.g. Year 3 for a junior school.
    public func entryYearGroup(of phase: Phase) -> YearGroup? {
        entryYearGroups.first { $0.phase == phase }
    }

    /// The mainstream phases whose places this school provides (from the year groups taught).
    public var planningPhases: [Phase] {
        guard phase != .special else { return [] }
        return (firstYearGroup.index <= 6 ? [.primary] : []) + (lastYearGroup.index >= 7 ? [.secondary] : [])
    }

    /// The planning area of the school's places in `phase` (the sixth form's is the secondary one).
    public func areaCode(for phase: Phase) -> String {
        phase == .primary ? areaCode : (secondaryAreaCode ?? areaCode)
    }

    /// Whether the school's places in `group` count in planning area `area`.
    public func serves(area: String, _ group: YearGroup) -> Bool {
        teaches(group) && areaCode(for: group.phase) == area
    }

    /// Whether any of the school's places count in `area`.
    public func isIn(area: String) -> Bool { areaCode == area || secondaryAreaCode == area }

    /// The PAN of an entry year group as in schools.csv: `pan`, or `secondaryPAN` at an all-through school's Year 7.
    public func basePAN(entry: YearGroup) -> Double { entry == firstYearGroup ? pan : (secondaryPAN ?? pan) }
}

/// A change of a school's PAN for the intakes from `fromYear` on (a consultation's outcome).
public struct PANChange: Hashable, Sendable {
    public let schoolID: String
    /// First academic year whose intake is admitted at the new PAN.
    public let fromYear: AcademicYear
    /// Entry year group affected (Reception or Year 7).
    public let entryGroup: YearGroup
    public let newPAN: Double

    public init(schoolID: String, fromYear: AcademicYear, entryGroup: YearGroup, newPAN: Double) {
        self.schoolID = schoolID
        self.fromYear = fromYear
        self.entryGroup = entryGroup
        self.newPAN = newPAN
    }
}

/// Places added to (or, negative, removed from) a planning area as a whole from `from` until `until` (temporary)
/// or for good: a scenario's bulge classes or temporary places, not a school. They count in the area's capacity
/// and in the places of each of the phase's year groups (spread evenly over the groups a form of entry fills), but
/// no pupils are allocated to them and they have no deficit risk.
public struct CapacityChange: Hashable, Sendable {
    public let areaCode: String
    public let phase: Phase
    public let places: Double
    public let from: AcademicYear
    /// Last year of a temporary change; nil = permanent.
    public let until: AcademicYear?

    public init(areaCode: String, phase: Phase, places: Double, from: AcademicYear, until: AcademicYear?) {
        self.areaCode = areaCode
        self.phase = phase
        self.places = places
        self.from = from
        self.until = until
    }

    public func isActive(in year: AcademicYear) -> Bool { year >= from && (until.map { year <= $0 } ?? true) }

    /// Places in one year group of the phase (sixth-form groups get none).
    public var placesPerYearGroup: Double { places / Double(PlanningRules.yearGroupsPerFormOfEntry(phase)) }
}

/// Places by school, year group and year, with PAN changes working through one cohort a year.
///
/// A year group's places at a school are the PAN its cohort was admitted at: the cohort in year group g in year
/// Y entered (g − entry) years earlier. A school's capacity in year Y is its net capacity plus, for each year
/// group, the difference between that cohort's PAN and the base PAN — so a PAN cut from 2022 removes places in
/// Reception in 2022, in R and Year 1 in 2023, and so on, while the net capacity of untouched cohorts stays.
public struct SupplyPlan: Sendable {
    public let schools: [School]
    public let panChanges: [PANChange]
    /// Area-level places (a scenario's `capacity_changes`), counted in `capacity(area:…)` and `places(area:…)`.
    public let capacityChanges: [CapacityChange]
    private let changesBySchool: [String: [PANChange]]
    /// Each phase's schools by the planning area of their places in it (``School/areaCode(for:)``), in id order:
    /// the area sums look up their schools here rather than scan every school (England has 20,000).
    private let schoolsByArea: [Phase: [String: [School]]]

    public init(schools: [School], panChanges: [PANChange] = [], capacityChanges: [CapacityChange] = []) {
        let sorted = schools.sorted { $0.id < $1.id }
        self.schools = sorted
        self.schoolsByArea = Dictionary(
            uniqueKeysWithValues: Phase.allCases.map { phase in
                (phase, Dictionary(grouping: sorted) { $0.areaCode(for: phase) })
            })
        self.panChanges = panChanges
        self.capacityChanges = capacityChanges
        self.changesBySchool = Dictionary(grouping: panChanges, by: \.schoolID)
            .mapValues { $0.sorted { $0.fromYear < $1.fromYear } }
    }

    /// The PAN at which `school` admitted the cohort entering `entry` in `intakeYear`.
    public func pan(_ school: School, entry: YearGroup, intakeYear: AcademicYear) -> Double {
        var value = school.basePAN(entry: entry)
        for change in changesBySchool[school.id] ?? [] where change.entryGroup == entry && change.fromYear <= intakeYear
        {
            value = change.newPAN
        }
        return value
    }

    /// Places in `group` at `school` in `year` (0 when the school is closed or does not teach the group).
    /// R–11: the PAN the cohort was admitted at. Years 12–13: the school's sixth-form places (net capacity beyond
    /// five Year 7 PANs), split evenly between the two years.
    public func places(_ school: School, _ group: YearGroup, _ year: AcademicYear) -> Double {
        guard school.isOpen(in: year), school.teaches(group) else { return 0 }
        if group.phase == .sixthForm {
            let secondary = school.spansPhases ? netCapacityShare(school, phase: .secondary) : school.netCapacity
            let mainSchool = Double(taughtCount(school, .secondary))
            let sixthFormGroups = Double(PlanningRules.sixthFormYearGroups.filter(school.teaches).count)
            let entry = school.entryYearGroup(of: .secondary) ?? PlanningRules.entryYearGroup(of: .secondary)
            return max(0, secondary - mainSchool * school.basePAN(entry: entry)) / sixthFormGroups
        }
        let entry = school.entryYearGroup(governing: group)
        return pan(school, entry: entry, intakeYear: year.advanced(by: entry.index - group.index))
    }

    /// Whole-school capacity in `year` for the year groups of `phase`: the net capacity share of that phase,
    /// adjusted by every cohort admitted at a changed PAN.
    public func capacity(_ school: School, phase: Phase, _ year: AcademicYear) -> Double {
        guard school.isOpen(in: year), school.planningPhases.contains(phase) else { return 0 }
        let groups = school.yearGroups.filter {
            $0.phase == phase || (phase == .secondary && $0.phase == .sixthForm)
        }
        let share = school.spansPhases ? netCapacityShare(school, phase: phase) : school.netCapacity
        var adjustment = 0.0
        for group in groups where group.phase != .sixthForm {
            let entry = school.entryYearGroup(governing: group)
            let cohortPAN = pan(school, entry: entry, intakeYear: year.advanced(by: entry.index - group.index))
            adjustment += cohortPAN - school.basePAN(entry: entry)
        }
        return max(0, share + adjustment)
    }

    /// Year groups of `phase` the school teaches (secondary: Years 7–11, the sixth form apart).
    private func taughtCount(_ school: School, _ phase: Phase) -> Int {
        PlanningRules.yearGroups(of: phase).filter(school.teaches).count
    }

    /// The net capacity of a school spanning both phases split between them in proportion to their PAN-based
    /// places (PAN × year groups taught in the phase; the sixth form counts with secondary).
    private func netCapacityShare(_ school: School, phase: Phase) -> Double {
        let primary = Double(taughtCount(school, .primary)) * school.pan
        let secondary = Double(taughtCount(school, .secondary)) * (school.secondaryPAN ?? school.pan)
        let total = primary + secondary
        guard total > 0 else { return 0 }
        return school.netCapacity * (phase == .primary ? primary : secondary) / total
    }

    /// The schools whose places in `phase` count in planning area `area` (whatever year groups they teach), in id
    /// order.
    public func schools(in area: String, phase: Phase) -> [School] { schoolsByArea[phase]?[area] ?? [] }

    /// Total capacity of a planning area for `phase` in `year`: its schools' capacity plus the capacity changes
    /// active that year (which may be negative: places removed from the area).
    public func capacity(area: String, phase: Phase, _ year: AcademicYear) -> Double {
        let schoolCapacity = schools(in: area, phase: phase).reduce(0) {
            $0 + capacity($1, phase: phase, year)
        }
        return capacityChanges.filter { $0.areaCode == area && $0.phase == phase && $0.isActive(in: year) }
            .reduce(schoolCapacity) { $0 + $1.places }
    }

    /// Places in one year group across a planning area: its schools' places plus the capacity changes' share.
    public func places(area: String, _ group: YearGroup, _ year: AcademicYear) -> Double {
        let schoolPlaces = schools(in: area, phase: group.phase).reduce(0) {
            $0 + places($1, group, year)
        }
        return capacityChanges.filter { $0.areaCode == area && $0.phase == group.phase && $0.isActive(in: year) }
            .reduce(schoolPlaces) { $0 + $1.placesPerYearGroup }
    }
}
