/// Proposes PAN reductions that bring planning areas with excess surplus back toward the target band.
///
/// What it optimises, per planning area, lexicographically (the areas of a phase are tied together only by the
/// LA-wide margin rule, below):
/// 1. feasibility: no shortfall in any forecast year, at the upper 80% (or 95%) forecast, in the area as a whole
///    or in its entry year group;
/// 2. then the distance of the surplus from the band, Σ over the chosen years of how far the surplus per cent
///    lies above `band` or below `target` (0 inside the band);
/// 3. then the fewest filled entry places cut: Σ over the schools cut of max(0, cut − the school's unfilled entry
///    places), its PAN less its entry-year roll averaged over the last census years (a school without rolls
///    counts as full), so cuts fall first where places have been going unfilled;
/// 4. then the fewest schools changed;
/// 5. then fairness: the smallest Σ (cut ÷ PAN)², so cuts fall in proportion to school size.
///
/// Rules: every reduction is a multiple of `step` (15 = half a form of entry, 30 = a whole form), at most
/// `maxStepsPerSchool` steps at any one school, never below `minimumPAN`, from the first intake a decision now can
/// reach (``PlanningRules/firstChangeableIntake(origin:)``, origin + 3, unless `Rules.firstIntake` is later).
/// - *Full schools*: a school at least 95% full in its entry year at the last census is not cut while a same-phase
///   school in its area with a PAN at least as large was under 85% full (`protectFullSchools`).
/// - *LA-wide margin*: when an area of a phase is short in a judged year (point forecast), the phase's LA-wide
///   surplus stays at or above the target in every judged year where it was before, and is not lowered where it
///   was below (`keepLAMargin`).
/// - *Admission authorities*: only schools whose PAN the LA sets are changed (unless
///   `includeOwnAdmissionAuthority`); the best further cuts at own-admission-authority schools are found by the
///   same search on top of the LA plan and reported as requests.
///
/// How: all schools of an area take effect from the same intake, so the area's capacity in every year depends
/// only on the total cut R. The search enumerates every feasible R (a handful of multiples of `step`) and, for
/// each, distributes R over the schools by an exact dynamic programme over (school, remaining cut) minimising
/// (filled places cut, schools cut, unfairness), all sums over schools. With the LA-wide margin rule in force, a
/// second dynamic programme over (area, steps used) picks each area's R within the phase's budget of steps,
/// minimising the componentwise sum of the areas' objectives. The optimum is therefore exact; a test checks it
/// against brute-force enumeration of every combination of cuts.
public struct PANAdvisor: Sendable {
    /// What the advisor may change: step and floor of a PAN cut (pupils per year group), how many steps a school
    /// may lose, protected schools, the interval of the no-shortfall check and the judged academic years.
    public struct Rules: Equatable, Sendable {
        public var step: Double = PlanningRules.placesPerFormOfEntry
        public var minimumPAN: Double = PlanningRules.placesPerFormOfEntry
        /// Most steps one school may lose (1 = at most one step, e.g. one form of entry): spreads cuts fairly.
        public var maxStepsPerSchool: Int = 1
        /// Schools the planner protects from reductions.
        public var protectedSchools: Set<String> = []
        /// Schools with a PAN at or below this are protected (e.g. 30: keep one-form-entry schools whole).
        public var protectAtOrBelow: Double = 0
        /// The prediction interval whose upper bound the no-shortfall check uses.
        public var interval: IntervalLevel = .eighty
        /// Years whose surplus is judged (default: the first year a decision can change to the last forecast year).
        public var years: ClosedRange<AcademicYear>?
        /// Never cut a school at least `fullShare` full at the last census while a same-phase school in its area
        /// with a PAN at least as large was under `roomyShare` full.
        public var protectFullSchools = true
        public var fullShare = PlanningRules.advisorFullShare
        public var roomyShare = PlanningRules.advisorRoomyShare
        /// When an area of a phase is short, keep the phase's LA-wide surplus at or above the target in every judged
        /// year where it was (and never lower it where it was below).
        public var keepLAMargin = true
        /// Propose changes at own-admission-authority schools too (otherwise they are only requests).
        public var includeOwnAdmissionAuthority = false
        /// The intake the cuts apply from (nil: ``PlanningRules/firstChangeableIntake(origin:)``, origin + 3).
        public var firstIntake: AcademicYear?

        public init() {}
    }

    /// A school's recent entry-year intake against its PAN, from the census rolls.
    public struct Intake: Equatable, Sendable {
        /// Entry-year roll ÷ PAN at the last census (the origin year); nil without a roll that year.
        public let lastFill: Double?
        /// Mean over the last census years of max(0, PAN − entry-year roll); nil without rolls.
        public let unfilled: Double?
    }

    /// One proposed reduction (or, for an own-admission-authority school, request), with why the school.
    public struct Proposal: Equatable, Sendable {
        public let change: PANChange
        public let oldPAN: Double
        public let areaCode: String
        /// The school's recent intake (fill at the last census, unfilled entry places).
        public let intake: Intake
        public let admissionAuthority: AdmissionAuthority
    }

    /// A school the full-school rule keeps whole, and the roomier school that is cut first.
    public struct Spared: Equatable, Sendable {
        public let schoolID: String
        public let fill: Double
        public let roomierID: String
        public let roomierFill: Double
    }

    /// The result for one planning area.
    public struct AreaOutcome: Equatable, Sendable {
        public let areaCode: String
        public let phase: Phase
        public let totalCut: Double
        /// Changes at schools whose PAN the LA sets (and, when included, own-admission-authority schools).
        public let proposals: [Proposal]
        /// Further cuts at own-admission-authority schools the LA could request, on top of `proposals`.
        public let requests: [Proposal]
        /// Schools the full-school rule kept whole.
        public let spared: [Spared]
        /// True when the LA-wide margin rule held the area's cut below what the area alone would take.
        public let limitedByLAMargin: Bool
        /// True when the LA-wide margin rule held the requests below what the area alone would take.
        public let requestsLimitedByLAMargin: Bool
        public let years: [AcademicYear]
        public let surplusBefore: [Double]
        public let surplusAfter: [Double]
        /// Surplus if the requests were granted too.
        public let surplusWithRequests: [Double]
        /// Σ distance from the band before and after (percentage points × years).
        public let distanceBefore: Double
        public let distanceAfter: Double
    }

    /// A phase's LA-wide surplus per cent per year before, after the proposals, and with the requests granted.
    public struct LAMargin: Equatable, Sendable {
        public let phase: Phase
        /// Whether the rule was in force (an area of the phase short in a judged year, and `keepLAMargin`).
        public let inForce: Bool
        public let years: [AcademicYear]
        public let before: [Double]
        public let after: [Double]
        public let withRequests: [Double]
    }

    /// Every area's outcome and the LA-wide margins by phase.
    public struct Plan: Equatable, Sendable {
        public let outcomes: [AreaOutcome]
        public let margins: [LAMargin]
    }

    public let evaluator: PANEvaluator
    public let rules: Rules
    /// The first intake year the cuts apply from.
    public let firstIntake: AcademicYear
    /// The last census year (the forecast origin).
    public let origin: AcademicYear
    /// Recent intake at each school's first entry year group (Reception, Year 3 for a junior school, Year 7 for a
    /// secondary school), by school id (schools without rolls: nil fill and unfilled places).
    public let intakes: [String: Intake]
    /// Recent Year 7 intake of schools spanning both phases, by school id.
    public let secondaryIntakes: [String: Intake]

    /// A school's recent intake at `entry`.
    public func intake(_ school: School, entry: YearGroup) -> Intake? {
        entry == school.firstYearGroup ? intakes[school.id] : secondaryIntakes[school.id]
    }

    public init(evaluator: PANEvaluator, rules: Rules, origin: AcademicYear, rolls: SchoolRolls? = nil) {
        self.evaluator = evaluator
        self.rules = rules
        self.origin = origin
        self.firstIntake = rules.firstIntake ?? PlanningRules.firstChangeableIntake(origin: origin)
        var intakes: [String: Intake] = [:]
        var secondaryIntakes: [String: Intake] = [:]
        for school in evaluator.supply.schools {
            // Each entry year group's own roll: a junior school's intake is its Year 3, never a Reception of 0.
            for entry in school.entryYearGroups {
                let censusYears = (0..<PlanningRules.advisorIntakeCensusYears).map { origin.advanced(by: -$0) }
                var unfilled: [Double] = []
                var lastFill: Double?
                for year in censusYears {
                    guard let roll = rolls?.pupils(school.id, year, entry) else { continue }
                    let pan = evaluator.supply.pan(school, entry: entry, intakeYear: year)
                    unfilled.append(max(0, pan - roll))
                    if year == origin, pan > 0 { lastFill = roll / pan }
                }
                let intake = Intake(
                    lastFill: lastFill,
                    unfilled: unfilled.isEmpty ? nil : unfilled.reduce(0, +) / Double(unfilled.count))
                if entry == school.firstYearGroup {
                    intakes[school.id] = intake
                } else {
                    secondaryIntakes[school.id] = intake
                }
            }
        }
        self.secondaryIntakes = secondaryIntakes
        self.intakes = intakes
    }

    /// The judged years: `rules.years`, or the first intake to the last forecast year.
    func judged(_ years: [AcademicYear]) -> ClosedRange<AcademicYear> {
        rules.years ?? firstIntake...max(firstIntake, years.last ?? firstIntake)
    }

    /// Distance of surplus per cent from [target, band], summed over the judged years.
    func distance(_ surplus: [Double], years: [AcademicYear]) -> Double {
        let judged = judged(years)
        return zip(years, surplus).filter { judged.contains($0.0) }.reduce(0) { sum, pair in
            let value = pair.1
            return sum + max(0, value - evaluator.settings.bandPercent)
                + max(0, evaluator.settings.targetPercent - value)
        }
    }

    /// No shortfall at the upper bound, for the area and its entry year group, in every forecast year.
    func isFeasible(area: String, capacity: [Double], entryPlaces: [Double]) -> Bool {
        let base = evaluator.bases[area]!
        let upper = rules.interval == .ninetyFive ? base.pupilsUpper95 : base.pupilsUpper80
        let entryUpper = rules.interval == .ninetyFive ? base.entryUpper95 : base.entryUpper80
        // A cut may not create (or deepen) a shortfall: where a year's capacity fell, it must still cover the bound.
        for index in base.years.indices {
            if capacity[index] < base.capacity[index] - 1e-9 && capacity[index] + 1e-9 < upper[index] { return false }
            if entryPlaces[index] < base.entryPlaces[index] - 1e-9 && entryPlaces[index] + 1e-9 < entryUpper[index] {
                return false
            }
        }
        return true
    }

    /// Places cut at a school that its recent intake filled: max(0, cut − unfilled entry places); a school
    /// without rolls counts as full.
    func filledCut(_ school: School, cut: Double, entry: YearGroup) -> Double {
        max(0, cut - (intake(school, entry: entry)?.unfilled ?? 0))
    }

    /// The PAN of the entry year group in force at the last census.
    func censusPAN(_ school: School, entry: YearGroup) -> Double {
        evaluator.supply.pan(school, entry: entry, intakeYear: origin)
    }

    /// Schools of an area that may be cut (those `allowed` passes), with the most each may lose (a multiple of the
    /// step), and the schools the full-school rule spares.
    func candidates(
        area: String, allowed: (School) -> Bool = { _ in true }
    )
        -> (options: [(school: School, maxSteps: Int)], spared: [Spared])
    {
        let entry = evaluator.bases[area]!.entry
        // Schools admitting at the area's entry year group: a junior school (entry Year 3) is not cut on Reception.
        let inArea = evaluator.supply.schools(in: area, phase: entry.phase).filter {
            $0.teaches(entry) && $0.entryYearGroups.contains(entry)
        }
        var spared: [Spared] = []
        let options = inArea.filter { school in
            school.isOpen(in: firstIntake) && !rules.protectedSchools.contains(school.id) && allowed(school)
        }.compactMap { school -> (school: School, maxSteps: Int)? in
            let pan = evaluator.supply.pan(school, entry: entry, intakeYear: firstIntake)
            guard pan > rules.protectAtOrBelow else { return nil }
            let steps = min(rules.maxStepsPerSchool, Int(((pan - rules.minimumPAN) / rules.step).rounded(.down)))
            guard steps > 0 else { return nil }
            if rules.protectFullSchools, let fill = intake(school, entry: entry)?.lastFill,
                fill >= rules.fullShare - 1e-9
            {
                let roomier = inArea.filter { other in
                    other.id != school.id && other.isOpen(in: origin)
                        && censusPAN(other, entry: entry) >= censusPAN(school, entry: entry)
                        && (intake(other, entry: entry)?.lastFill ?? 1) < rules.roomyShare
                }.min { (intake($0, entry: entry)?.lastFill ?? 1) < (intake($1, entry: entry)?.lastFill ?? 1) }
                if let roomier {
                    spared.append(
                        Spared(
                            schoolID: school.id, fill: fill, roomierID: roomier.id,
                            roomierFill: intake(roomier, entry: entry)?.lastFill ?? 1))
                    return nil
                }
            }
            return (school, steps)
        }
        return (options, spared)
    }

    /// The lexicographic objective of a plan (or a sum of plans): distance, filled places cut, schools changed,
    /// unfairness. Compared with every term rounded to 1e-9, so float noise never decides.
    struct Score: Comparable {
        var distance: Double = 0
        var filled: Double = 0
        var changed: Int = 0
        var unfairness: Double = 0

        static func + (lhs: Score, rhs: Score) -> Score {
            Score(
                distance: lhs.distance + rhs.distance, filled: lhs.filled + rhs.filled,
                changed: lhs.changed + rhs.changed, unfairness: lhs.unfairness + rhs.unfairness)
        }

        static func < (lhs: Score, rhs: Score) -> Bool {
            (rounded(lhs.distance), rounded(lhs.filled), lhs.changed, rounded(lhs.unfairness))
                < (rounded(rhs.distance), rounded(rhs.filled), rhs.changed, rounded(rhs.unfairness))
        }

        static func == (lhs: Score, rhs: Score) -> Bool { !(lhs < rhs) && !(rhs < lhs) }
    }

    /// One feasible total cut of an area (in steps) with its best split.
    struct Choice {
        let steps: Int
        let score: Score
        let proposals: [Proposal]
    }

    /// Every feasible total cut of `area` on top of `fixed` changes, cutting only schools `allowed` passes, each
    /// with its exact best split; the first choice is no further cut.
    func choices(area: String, fixed: [PANChange], allowed: (School) -> Bool) -> (choices: [Choice], spared: [Spared]) {
        let base = evaluator.bases[area]!
        let entry = base.entry
        let (options, spared) = candidates(area: area, allowed: allowed)
        let maxSteps = options.reduce(0) { $0 + $1.maxSteps }
        var result: [Choice] = []
        for total in 0...maxSteps {
            guard let split = distribute(total, options, entry: entry) else { continue }
            let proposals = zip(options, split.steps).filter { $0.1 > 0 }.map { option, steps -> Proposal in
                let old = evaluator.supply.pan(option.school, entry: entry, intakeYear: firstIntake)
                return Proposal(
                    change: PANChange(
                        schoolID: option.school.id, fromYear: firstIntake, entryGroup: entry,
                        newPAN: old - Double(steps) * rules.step),
                    oldPAN: old, areaCode: area,
                    intake: intake(option.school, entry: entry) ?? Intake(lastFill: nil, unfilled: nil),
                    admissionAuthority: option.school.admissionAuthority)
            }
            let (capacity, places) = evaluator.evaluate(area: area, changes: fixed + proposals.map(\.change))
            guard total == 0 || isFeasible(area: area, capacity: capacity, entryPlaces: places) else { continue }
            let score = Score(
                distance: distance(evaluator.surplusPercent(area: area, capacity: capacity), years: base.years),
                filled: split.filled, changed: split.changed, unfairness: split.unfairness)
            result.append(Choice(steps: total, score: score, proposals: proposals))
        }
        return (result, spared)
    }

    /// Picks one choice per area minimising the summed score with at most `budget` steps in all (nil: no limit):
    /// a dynamic programme over (area, steps used). Returns the index of the choice per area.
    func pick(_ choices: [[Choice]], budget: Int?) -> [Int] {
        var states: [Int: (score: Score, picks: [Int])] = [0: (Score(), [])]
        for areaChoices in choices {
            var next: [Int: (score: Score, picks: [Int])] = [:]
            for (used, state) in states.sorted(by: { $0.key < $1.key }) {
                for (index, choice) in areaChoices.enumerated() {
                    let total = used + choice.steps
                    if let budget, total > budget { continue }
                    let score = state.score + choice.score
                    if let current = next[total], !(score < current.score) { continue }
                    next[total] = (score, state.picks + [index])
                }
            }
            states = next
        }
        let best = states.sorted { $0.key < $1.key }.min { $0.value.score < $1.value.score }
        return best?.value.picks ?? choices.map { _ in 0 }
    }

    /// A phase's LA-wide capacity and pupils per year, with `changes` by area applied.
    func laTotals(phase: Phase, changes: [String: [PANChange]]) -> (capacity: [Double], pupils: [Double]) {
        let bases = evaluator.bases.values.filter { $0.area.phase == phase }
        guard let years = bases.first?.years else { return ([], []) }
        var capacity = Array(repeating: 0.0, count: years.count)
        var pupils = capacity
        for base in bases {
            let areaCapacity =
                changes[base.area.code].map { evaluator.evaluate(area: base.area.code, changes: $0).capacity }
                ?? base.capacity
            for index in years.indices {
                capacity[index] += areaCapacity[index]
                pupils[index] += base.pupils[index]
            }
        }
        return (capacity, pupils)
    }

    /// Whether the LA-wide margin rule is in force for a phase: `keepLAMargin` and an area of the phase short
    /// (point forecast) in a judged year.
    func marginInForce(phase: Phase) -> Bool {
        guard rules.keepLAMargin else { return false }
        return evaluator.bases.values.contains { base in
            base.area.phase == phase
                && base.years.indices.contains {
                    judged(base.years).contains(base.years[$0]) && base.pupils[$0] > base.capacity[$0] + 1e-9
                }
        }
    }

    /// Whether `changes` keep the phase's LA-wide surplus at or above the target in every judged year where it was
    /// without any change, and no lower than it was elsewhere.
    func keepsMargin(phase: Phase, changes: [String: [PANChange]]) -> Bool {
        let before = laTotals(phase: phase, changes: [:])
        let after = laTotals(phase: phase, changes: changes)
        guard let years = evaluator.bases.values.first(where: { $0.area.phase == phase })?.years else { return true }
        let share = 1 - evaluator.settings.targetPercent / 100
        for index in years.indices where judged(years).contains(years[index]) {
            let needed =
                before.capacity[index] * share >= before.pupils[index] - 1e-9
                ? before.pupils[index] / share : before.capacity[index]
            if after.capacity[index] < needed - 1e-9 && after.capacity[index] < before.capacity[index] - 1e-9 {
                return false
            }
        }
        return true
    }

    /// The most steps the phase may lose in all on top of `fixed` under the margin rule (nil: no limit). Each
    /// step lowers capacity by step × the cohorts admitted at the new PAN by a year; the result is checked
    /// against the real capacities by the caller.
    func marginBudget(phase: Phase, fixed: [String: [PANChange]]) -> Int? {
        guard marginInForce(phase: phase) else { return nil }
        let before = laTotals(phase: phase, changes: [:])
        let now = laTotals(phase: phase, changes: fixed)
        guard let years = evaluator.bases.values.first(where: { $0.area.phase == phase })?.years else { return nil }
        let share = 1 - evaluator.settings.targetPercent / 100
        let cohorts = PlanningRules.yearGroupsPerFormOfEntry(phase)
        var budget = Int.max
        for index in years.indices where judged(years).contains(years[index]) && years[index] >= firstIntake {
            let needed =
                before.capacity[index] * share >= before.pupils[index] - 1e-9
                ? before.pupils[index] / share : before.capacity[index]
            let perStep = rules.step * Double(min(cohorts, firstIntake.distance(to: years[index]) + 1))
            budget = min(budget, Int(((now.capacity[index] - needed) / perStep + 1e-9).rounded(.down)))
        }
        return max(0, budget)
    }

    /// The best plan for one area (the LA-wide margin judged over the evaluator's areas of its phase).
    public func advise(area: String) -> AreaOutcome { advise(areas: [area]).outcomes[0] }

    /// The best plan for the given areas, the areas of a phase tied by the LA-wide margin rule.
    public func advise(areas: [String]) -> Plan {
        var outcomes: [String: AreaOutcome] = [:]
        var margins: [LAMargin] = []
        let mainAllowed: (School) -> Bool = { rules.includeOwnAdmissionAuthority || $0.admissionAuthority == .la }
        var phases: [Phase] = []
        for area in areas where !phases.contains(evaluator.bases[area]!.area.phase) {
            phases.append(evaluator.bases[area]!.area.phase)
        }
        for phase in phases {
            let phaseAreas = areas.filter { evaluator.bases[$0]!.area.phase == phase }
            // Pass 1: the changes the LA can make.
            let first = phaseAreas.map { choices(area: $0, fixed: [], allowed: mainAllowed) }
            let picks = pickWithinMargin(phase: phase, areas: phaseAreas, choices: first.map(\.choices), fixed: [:])
            let unlimited = pick(first.map(\.choices), budget: nil)
            var fixed: [String: [PANChange]] = [:]
            for (index, area) in phaseAreas.enumerated() {
                fixed[area] = first[index].choices[picks[index]].proposals.map(\.change)
            }
            // Pass 2: further cuts at own-admission-authority schools, to request.
            var requests: [[Proposal]] = phaseAreas.map { _ in [] }
            var requestsLimited = phaseAreas.map { _ in false }
            var spared = first.map(\.spared)
            if !rules.includeOwnAdmissionAuthority {
                let second = phaseAreas.map {
                    choices(area: $0, fixed: fixed[$0]!, allowed: { $0.admissionAuthority == .own })
                }
                let requestPicks = pickWithinMargin(
                    phase: phase, areas: phaseAreas, choices: second.map(\.choices), fixed: fixed)
                let unlimitedRequests = pick(second.map(\.choices), budget: nil)
                for index in phaseAreas.indices {
                    requests[index] = second[index].choices[requestPicks[index]].proposals
                    requestsLimited[index] =
                        second[index].choices[unlimitedRequests[index]].steps
                        > second[index].choices[requestPicks[index]].steps
                    spared[index] += second[index].spared
                }
            }
            var withRequests: [String: [PANChange]] = [:]
            for (index, area) in phaseAreas.enumerated() {
                let base = evaluator.bases[area]!
                let proposals = first[index].choices[picks[index]].proposals
                withRequests[area] = fixed[area]! + requests[index].map(\.change)
                let before = evaluator.surplusPercent(area: area, capacity: base.capacity)
                let after = evaluator.surplusPercent(
                    area: area, capacity: evaluator.evaluate(area: area, changes: fixed[area]!).capacity)
                let requested = evaluator.surplusPercent(
                    area: area, capacity: evaluator.evaluate(area: area, changes: withRequests[area]!).capacity)
                outcomes[area] = AreaOutcome(
                    areaCode: area, phase: phase,
                    totalCut: Double(first[index].choices[picks[index]].steps) * rules.step,
                    proposals: proposals, requests: requests[index],
                    spared: spared[index].sorted { $0.schoolID < $1.schoolID },
                    limitedByLAMargin: first[index].choices[unlimited[index]].steps
                        > first[index].choices[picks[index]].steps,
                    requestsLimitedByLAMargin: requestsLimited[index],
                    years: base.years, surplusBefore: before, surplusAfter: after, surplusWithRequests: requested,
                    distanceBefore: distance(before, years: base.years),
                    distanceAfter: distance(after, years: base.years))
            }
            let percent: ((capacity: [Double], pupils: [Double])) -> [Double] = { totals in
                zip(totals.capacity, totals.pupils).map { $0 > 0 ? 100 * ($0 - $1) / $0 : -100 }
            }
            margins.append(
                LAMargin(
                    phase: phase, inForce: marginInForce(phase: phase),
                    years: evaluator.bases[phaseAreas[0]]!.years,
                    before: percent(laTotals(phase: phase, changes: [:])),
                    after: percent(laTotals(phase: phase, changes: fixed)),
                    withRequests: percent(laTotals(phase: phase, changes: withRequests))))
        }
        return Plan(outcomes: areas.map { outcomes[$0]! }, margins: margins)
    }

    /// `pick` within the phase's margin budget, lowering the budget until the real capacities keep the margin.
    func pickWithinMargin(phase: Phase, areas: [String], choices: [[Choice]], fixed: [String: [PANChange]]) -> [Int] {
        guard var budget = marginBudget(phase: phase, fixed: fixed) else { return pick(choices, budget: nil) }
        while true {
            let picks = pick(choices, budget: budget)
            var changes = fixed
            for (index, area) in areas.enumerated() {
                changes[area, default: []] += choices[index][picks[index]].proposals.map(\.change)
            }
            if budget == 0 || keepsMargin(phase: phase, changes: changes) { return picks }
            budget -= 1
        }
    }

    /// Distances are compared to 1e-9 so that float noise never decides between plans.
    static func rounded(_ value: Double) -> Double { (value * 1e9).rounded() / 1e9 }

    /// Splits `total` steps over the schools (each at most its maxSteps) with the fewest filled places cut, then
    /// the fewest schools cut, then the smallest Σ (cut/PAN)²: a dynamic programme over (school, steps still to
    /// place). nil if impossible.
    func distribute(
        _ total: Int, _ options: [(school: School, maxSteps: Int)],
        entry: YearGroup
    ) -> (steps: [Int], filled: Double, changed: Int, unfairness: Double)? {
        // best[i][r]: optimum for schools i..<n placing r steps.
        let n = options.count
        let none = Score(distance: 0, filled: .infinity, changed: Int.max, unfairness: .infinity)
        var best = Array(repeating: Array(repeating: (score: none, take: 0), count: total + 1), count: n + 1)
        best[n][0] = (Score(), 0)
        for index in stride(from: n - 1, through: 0, by: -1) {
            let school = options[index].school
            let pan = evaluator.supply.pan(school, entry: entry, intakeYear: firstIntake)
            for remaining in 0...total {
                for take in 0...min(options[index].maxSteps, remaining) {
                    let next = best[index + 1][remaining - take].score
                    guard next.changed != Int.max else { continue }
                    let cut = Double(take) * rules.step
                    let share = cut / pan
                    let candidate =
                        next
                        + Score(
                            distance: 0, filled: filledCut(school, cut: cut, entry: entry), changed: take > 0 ? 1 : 0,
                            unfairness: share * share)
                    if candidate < best[index][remaining].score { best[index][remaining] = (candidate, take) }
                }
            }
        }
        guard best[0][total].score.changed != Int.max else { return nil }
        var steps: [Int] = []
        var remaining = total
        for index in 0..<n {
            let take = best[index][remaining].take
            steps.append(take)
            remaining -= take
        }
        let score = best[0][total].score
        return (steps, score.filled, score.changed, score.unfairness)
    }
}
