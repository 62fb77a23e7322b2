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
public struct School: Hashable, Sendable {
    public let id: String
    public let name: String
    public let phase: SchoolPhase
    /// Planning area the school's places count toward.
    public let areaCode: String
    /// Published admission number of the entry year group (Reception for primary, Year 7 for secondary; an
    /// all-through school admits at both with the same PAN unless `secondaryPAN` is given).
    public let pan: Double
    /// Year 7 PAN of an all-through school, when it differs from the Reception PAN.
    public let secondaryPAN: Double?
    /// Net capacity: the whole school's places (DfE net capacity assessment).
    public let netCapacity: Double
    /// First academic year the school has pupils (nil = open throughout).
    public let opens: AcademicYear?
    /// Last academic year the school has pupils (nil = open throughout).
    public let closes: AcademicYear?
    /// Who sets the PAN: `.la` (the advisor may propose a change) or `.own` (the LA can only request one).
    public let admissionAuthority: AdmissionAuthority

    public init(
        id: String, name: String, phase: SchoolPhase, areaCode: String, pan: Double, secondaryPAN: Double? = nil,
        netCapacity: Double, opens: AcademicYear? = nil, closes: AcademicYear? = nil,
        admissionAuthority: AdmissionAuthority = .la
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
    }

    /// The same school with its last year of pupils brought forward to `last` (never later than it already was).
    public func closing(after last: AcademicYear) -> School {
        School(
            id: id, name: name, phase: phase, areaCode: areaCode, pan: pan, secondaryPAN: secondaryPAN,
            netCapacity: netCapacity, opens: opens, closes: min(last, closes ?? last),
            admissionAuthority: admissionAuthority)
    }

    public func isOpen(in year: AcademicYear) -> Bool {
        (opens.map { year >= $0 } ?? true) && (closes.map { year <= $0 } ?? true)
    }

    /// The PAN before any change, for the entry group.
    func basePAN(entry: YearGroup) -> Double { entry == .reception ? pan : (secondaryPAN ?? pan) }
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

    public init(schools: [School], panChanges: [PANChange] = [], capacityChanges: [CapacityChange] = []) {
        self.schools = schools.sorted { $0.id < $1.id }
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
        guard school.isOpen(in: year), school.phase.yearGroups.contains(group) else { return 0 }
        if group.phase == .sixthForm {
            let secondary =
                school.phase == .allThrough ? netCapacityShare(school, phase: .secondary) : school.netCapacity
            let mainSchool = Double(PlanningRules.yearGroupsPerFormOfEntry(.secondary))
            let sixthFormGroups = Double(PlanningRules.sixthFormYearGroups.count)
            return max(0, secondary - mainSchool * school.basePAN(entry: PlanningRules.entryYearGroup(of: .secondary)))
                / sixthFormGroups
        }
        let entry = PlanningRules.entryYearGroup(governing: group)
        return pan(school, entry: entry, intakeYear: year.advanced(by: entry.index - group.index))
    }

    /// Whole-school capacity in `year` for the year groups of `phase`: the net capacity share of that phase,
    /// adjusted by every cohort admitted at a changed PAN.
    public func capacity(_ school: School, phase: Phase, _ year: AcademicYear) -> Double {
        guard school.isOpen(in: year), school.phase.planningPhases.contains(phase) else { return 0 }
        let groups = school.phase.yearGroups.filter {
            $0.phase == phase || (phase == .secondary && $0.phase == .sixthForm)
        }
        let share = school.phase == .allThrough ? netCapacityShare(school, phase: phase) : school.netCapacity
        var adjustment = 0.0
        for group in groups where group.phase != .sixthForm {
            let entry = PlanningRules.entryYearGroup(governing: group)
            let cohortPAN = pan(school, entry: entry, intakeYear: year.advanced(by: entry.index - group.index))
            adjustment += cohortPAN - school.basePAN(entry: entry)
        }
        return max(0, share + adjustment)
    }

    /// An all-through school's net capacity split between phases in proportion to their PAN-based places.
    private func netCapacityShare(_ school: School, phase: Phase) -> Double {
        let primary = Double(PlanningRules.yearGroupsPerFormOfEntry(.primary)) * school.pan
        let secondary = Double(PlanningRules.yearGroupsPerFormOfEntry(.secondary)) * (school.secondaryPAN ?? school.pan)
        let total = primary + secondary
        guard total > 0 else { return 0 }
        return school.netCapacity * (phase == .primary ? primary : secondary) / total
    }

    /// Total capacity of a planning area for `phase` in `year`: its schools' capacity plus the capacity changes
    /// active that year (which may be negative: places removed from the area).
    public func capacity(area: String, phase: Phase, _ year: AcademicYear) -> Double {
        let schoolCapacity = schools.filter { $0.areaCode == area }.reduce(0) { $0 + capacity($1, phase: phase, year) }
        return capacityChanges.filter { $0.areaCode == area && $0.phase == phase && $0.isActive(in: year) }
            .reduce(schoolCapacity) { $0 + $1.places }
    }

    /// Places in one year group across a planning area: its schools' places plus the capacity changes' share.
    public func places(area: String, _ group: YearGroup, _ year: AcademicYear) -> Double {
        let schoolPlaces = schools.filter { $0.areaCode == area }.reduce(0) { $0 + places($1, group, year) }
        return capacityChanges.filter { $0.areaCode == area && $0.phase == group.phase && $0.isActive(in: year) }
            .reduce(schoolPlaces) { $0 + $1.placesPerYearGroup }
    }
}
