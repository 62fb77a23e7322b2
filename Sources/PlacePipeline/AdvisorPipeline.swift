import Dispatch
import Foundation
import PlaceForecast
import PlaceIO

/// The PAN advisor over a forecast: proposals per planning area, and a throughput benchmark of the evaluator.
public enum AdvisorPipeline {
    /// What the advisor proposed, and the settings it judged surplus against.
    public struct Advice: Sendable {
        public let outcomes: [PANAdvisor.AreaOutcome]
        /// Each phase's LA-wide surplus before and after, and whether the margin rule was in force.
        public let margins: [PANAdvisor.LAMargin]
        /// Surplus target and upper band, per cent of places.
        public let target: Double
        public let band: Double
        /// Seconds spent searching (the forecast excluded).
        public let searchSeconds: Double
    }

    /// Proposes PAN reductions area by area on `base` (`supply`'s settings, with `target` and `band` in per cent
    /// overriding planning.yaml's when given), judging each school's recent intake from `supply`'s school rolls.
    public static func advise(
        base: PipelineRun, supply: InputSet.SupplyInputs, rules: PANAdvisor.Rules,
        target: Double? = nil, band: Double? = nil
    ) -> Advice {
        var settings = supply.settings
        if let target { settings.targetPercent = target }
        if let band { settings.bandPercent = band }
        let started = DispatchTime.now()
        let evaluator = PANEvaluator(
            forecast: base.forecast, areas: supply.areas, supply: supply.plan,
            settings: settings)
        let advisor = PANAdvisor(evaluator: evaluator, rules: rules, origin: base.forecast.origin, rolls: supply.rolls)
        let plan = advisor.advise(areas: supply.areas.map(\.code))
        let seconds = Double(DispatchTime.now().uptimeNanoseconds - started.uptimeNanoseconds) / 1e9
        return Advice(
            outcomes: plan.outcomes, margins: plan.margins, target: settings.targetPercent,
            band: settings.bandPercent, searchSeconds: seconds)
    }

    /// A benchmark's result: scenarios evaluated, seconds taken, and a checksum of the surpluses (so the work
    /// cannot be optimised away).
    public struct BenchResult: Sendable {
        public let count: Int
        public let seconds: Double
        public let checksum: Double
    }

    /// Evaluates `count` random one-school PAN cuts (15 or 30 places, from an intake a decision now can change
    /// or up to three years later) on `base`'s fixed forecast, re-evaluating only the school's area.
    public static func bench(base: PipelineRun, supply: InputSet.SupplyInputs, count: Int) -> BenchResult {
        let evaluator = PANEvaluator(
            forecast: base.forecast, areas: supply.areas, supply: supply.plan,
            settings: supply.settings)
        let entrySchools = supply.plan.schools.filter { $0.phase == .primary || $0.phase == .secondary }
        var generator = SystemRandomNumberGenerator()
        let first = PlanningRules.firstChangeableIntake(origin: base.forecast.origin)
        let scenarios =
            entrySchools.isEmpty
            ? []
            : (0..<1000).map { _ -> PANChange in
                let school = entrySchools.randomElement(using: &generator)!
                let entry = school.firstYearGroup
                return PANChange(
                    schoolID: school.id,
                    fromYear: first.advanced(by: Int.random(in: 0...3, using: &generator)),
                    entryGroup: entry,
                    newPAN: max(0, school.pan - [15, 30].randomElement(using: &generator)!))
            }
        let areaOf = Dictionary(uniqueKeysWithValues: entrySchools.map { ($0.id, $0.areaCode) })
        var checksum = 0.0
        let start = DispatchTime.now()
        for index in 0..<(scenarios.isEmpty ? 0 : count) {
            let change = scenarios[index % scenarios.count]
            let area = areaOf[change.schoolID]!
            let capacity = evaluator.evaluate(area: area, changes: [change]).capacity
            checksum += evaluator.surplusPercent(area: area, capacity: capacity).last ?? 0
        }
        let seconds = Double(DispatchTime.now().uptimeNanoseconds - start.uptimeNanoseconds) / 1e9
        return BenchResult(count: count, seconds: seconds, checksum: checksum)
    }

    /// The run record of `placeplan scenario suggest`.
    public static func record(
        rules: PANAdvisor.Rules, interval: Int, loaded: InputSet, version: String
    )
        -> [String: Any]
    {
        var record: [String: Any] = [
            "command": "scenario suggest", "placeplan_version": version,
            "step": rules.step, "min_pan": rules.minimumPAN, "interval": interval, "inputs": loaded.filesRecord,
            "protect_full_schools": rules.protectFullSchools, "keep_la_margin": rules.keepLAMargin,
            "include_own_admission_authority": rules.includeOwnAdmissionAuthority,
        ]
        if let first = rules.firstIntake { record["first_intake"] = first.startYear }
        return record
    }
}
