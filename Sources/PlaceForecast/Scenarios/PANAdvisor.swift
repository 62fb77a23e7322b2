/// Proposes PAN reductions that bring planning areas with excess surplus back toward the target band.
///
/// What it optimises, per planning area (areas are independent: a primary PAN does not change secondary demand):
/// 1. feasibility: no shortfall in any forecast year, at the upper 80% (or 95%) forecast, in the area as a whole
///    or in its entry year group;
/// 2. then the distance of the surplus from the band, Σ over the chosen years of how far the surplus per cent
///    lies above `band` or below `target` (0 inside the band);
/// 3. then the fewest schools changed;
/// 4. then fairness: the smallest Σ (cut ÷ PAN)², so cuts fall in proportion to school size.
/// Every reduction is a multiple of `step` (15 = half a form of entry, 30 = a whole form), at most
/// `maxStepsPerSchool` steps at any one school (so cuts are spread rather than concentrated), applies from the
/// first intake a decision now can reach (``PlanningRules/firstChangeableIntake(origin:)``, the origin + 3:
/// consultation in the autumn after the census, determination by February, effect from the admission round after) and
/// never takes a PAN below `minimumPAN`.
///
/// How: all schools of an area take effect from the same intake, so the area's capacity in every year depends
/// only on the total cut R. The search enumerates every feasible R (a handful of multiples of `step`) and, for
/// each, distributes R over the schools by an exact dynamic programme over (school, remaining cut) minimising
/// (number of schools cut, unfairness). The optimum of the lexicographic objective is therefore exact; a test
/// checks it against brute-force enumeration of every combination of cuts.
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

        public init() {}
    }

    /// One proposed reduction, with the area's surplus before and after.
    public struct Proposal: Equatable, Sendable {
        public let change: PANChange
        public let oldPAN: Double
        public let areaCode: String
    }

    /// The result for one planning area.
    public struct AreaOutcome: Equatable, Sendable {
        public let areaCode: String
        public let totalCut: Double
        public let proposals: [Proposal]
        public let years: [AcademicYear]
        public let surplusBefore: [Double]
        public let surplusAfter: [Double]
        /// Σ distance from the band before and after (percentage points × years).
        public let distanceBefore: Double
        public let distanceAfter: Double
    }

    public let evaluator: PANEvaluator
    public let rules: Rules
    /// The first intake year a decision taken now can change.
    public let firstIntake: AcademicYear

    public init(evaluator: PANEvaluator, rules: Rules, origin: AcademicYear) {
        self.evaluator = evaluator
        self.rules = rules
        self.firstIntake = PlanningRules.firstChangeableIntake(origin: origin)
    }

    /// Distance of surplus per cent from [target, band], summed over the judged years.
    func distance(_ surplus: [Double], years: [AcademicYear]) -> Double {
        let judged = rules.years ?? firstIntake...(years.last ?? firstIntake)
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

    /// Schools of an area that may be cut, with the most each may lose (a multiple of the step).
    func candidates(area: String) -> [(school: School, maxSteps: Int)] {
        let entry = evaluator.bases[area]!.entry
        return evaluator.supply.schools.filter { school in
            school.areaCode == area && school.phase.yearGroups.contains(entry) && school.isOpen(in: firstIntake)
                && !rules.protectedSchools.contains(school.id)
        }.compactMap { school in
            let pan = evaluator.supply.pan(school, entry: entry, intakeYear: firstIntake)
            guard pan > rules.protectAtOrBelow else { return nil }
            let steps = min(rules.maxStepsPerSchool, Int(((pan - rules.minimumPAN) / rules.step).rounded(.down)))
            return steps > 0 ? (school, steps) : nil
        }
    }

    /// The best plan for one area.
    public func advise(area: String) -> AreaOutcome {
        let base = evaluator.bases[area]!
        let entry = base.entry
        let options = candidates(area: area)
        let maxSteps = options.reduce(0) { $0 + $1.maxSteps }
        let before = evaluator.surplusPercent(area: area, capacity: base.capacity)
        var best: (key: (Double, Int, Double), steps: [Int], cut: Int)? = nil
        for total in 0...maxSteps {
            guard let split = distribute(total, options, entry: entry) else { continue }
            let changes = zip(options, split.steps).filter { $0.1 > 0 }.map { option, steps in
                PANChange(
                    schoolID: option.school.id, fromYear: firstIntake, entryGroup: entry,
                    newPAN: evaluator.supply.pan(option.school, entry: entry, intakeYear: firstIntake) - Double(steps)
                        * rules.step)
            }
            let (capacity, places) = evaluator.evaluate(area: area, changes: changes)
            guard isFeasible(area: area, capacity: capacity, entryPlaces: places) else { continue }
            let score = (
                Self.rounded(distance(evaluator.surplusPercent(area: area, capacity: capacity), years: base.years)),
                split.changed, split.unfairness
            )
            if best == nil || score < best!.key { best = (score, split.steps, total) }
        }
        let steps = best?.steps ?? options.map { _ in 0 }
        let proposals = zip(options, steps).filter { $0.1 > 0 }.map { option, count -> Proposal in
            let old = evaluator.supply.pan(option.school, entry: entry, intakeYear: firstIntake)
            return Proposal(
                change: PANChange(
                    schoolID: option.school.id, fromYear: firstIntake, entryGroup: entry,
                    newPAN: old - Double(count) * rules.step), oldPAN: old, areaCode: area)
        }
        let after = evaluator.surplusPercent(
            area: area, capacity: evaluator.evaluate(area: area, changes: proposals.map(\.change)).capacity)
        return AreaOutcome(
            areaCode: area, totalCut: Double(best?.cut ?? 0) * rules.step, proposals: proposals,
            years: base.years, surplusBefore: before, surplusAfter: after,
            distanceBefore: distance(before, years: base.years), distanceAfter: distance(after, years: base.years))
    }

    /// Distances are compared to 1e-9 so that float noise never decides between plans.
    static func rounded(_ value: Double) -> Double { (value * 1e9).rounded() / 1e9 }

    /// Splits `total` steps over the schools (each at most its maxSteps) with the fewest schools cut, then the
    /// smallest Σ (cut/PAN)²: a dynamic programme over (school, steps still to place). nil if impossible.
    func distribute(
        _ total: Int, _ options: [(school: School, maxSteps: Int)],
        entry: YearGroup
    ) -> (steps: [Int], changed: Int, unfairness: Double)? {
        // best[i][r]: optimum for schools i..<n placing r steps.
        let n = options.count
        var best = Array(
            repeating: Array(repeating: (changed: Int.max, unfairness: Double.infinity, take: 0), count: total + 1),
            count: n + 1)
        best[n][0] = (0, 0, 0)
        for index in stride(from: n - 1, through: 0, by: -1) {
            let pan = evaluator.supply.pan(options[index].school, entry: entry, intakeYear: firstIntake)
            for remaining in 0...total {
                for take in 0...min(options[index].maxSteps, remaining) {
                    let next = best[index + 1][remaining - take]
                    guard next.changed != Int.max else { continue }
                    let share = Double(take) * rules.step / pan
                    let candidate = (
                        changed: next.changed + (take > 0 ? 1 : 0), unfairness: next.unfairness + share * share,
                        take: take
                    )
                    if (candidate.changed, Self.rounded(candidate.unfairness)) < (
                        best[index][remaining].changed, Self.rounded(best[index][remaining].unfairness)
                    ) {
                        best[index][remaining] = candidate
                    }
                }
            }
        }
        guard best[0][total].changed != Int.max else { return nil }
        var steps: [Int] = []
        var remaining = total
        for index in 0..<n {
            let take = best[index][remaining].take
            steps.append(take)
            remaining -= take
        }
        return (steps, best[0][total].changed, best[0][total].unfairness)
    }
}
