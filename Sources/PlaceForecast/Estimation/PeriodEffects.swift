import LinearAlgebra

/// How much of a year's common deviation of an area's survival ratios is still there one, two, three … years
/// later, split into a national part (the median over areas, common to most LAs: a pandemic census, a year of
/// arrivals) and a local part (the area's own, minus the national). Fractions, estimated by least squares; beyond
/// the horizons fitted they fade geometrically at the rate of the last two.
public struct PeriodPersistence: Equatable, Sendable {
    /// Share of the national part present `h` years ahead, at index `h − 1`.
    public let national: [Double]
    /// Share of the local part present `h` years ahead, at index `h − 1`.
    public let local: [Double]
    /// (area, year) pairs each horizon was fitted on; empty for the fixed fallback.
    public let observations: [Int]

    public init(national: [Double], local: [Double], observations: [Int]) {
        self.national = national
        self.local = local
        self.observations = observations
    }

    /// The same share for both parts at every horizon: the fixed `period_adjustment` weight.
    public static func fixed(_ weight: Double) -> PeriodPersistence {
        PeriodPersistence(national: [weight], local: [weight], observations: [])
    }

    /// The national share `step` years ahead (step ≥ 1).
    public func nationalShare(atStep step: Int) -> Double { Self.share(national, step) }
    /// The local share `step` years ahead (step ≥ 1).
    public func localShare(atStep step: Int) -> Double { Self.share(local, step) }

    private static func share(_ shares: [Double], _ step: Int) -> Double {
        guard step > shares.count else { return shares[step - 1] }
        let last = shares[shares.count - 1]
        guard shares.count >= 2, shares[shares.count - 2] > 0 else { return last }
        let fade = min(1, max(0, last / shares[shares.count - 2]))
        var value = last
        for _ in shares.count..<step { value *= fade }
        return value
    }
}

/// An area's period effect at the origin: the latest year's mean deviation of its compulsory-school survival ratios
/// from the estimates for the next year, split into national and local parts, with their persistence.
public struct PeriodEffect: Equatable, Sendable {
    /// The year of the deviation (the origin, or the latest year not set aside).
    public let year: AcademicYear
    /// The national part: the median deviation over areas that year (0 when the run has too few areas).
    public let national: Double
    /// The local part: the area's deviation minus the national part.
    public let local: Double
    public let persistence: PeriodPersistence
    /// Areas the national part is the median over (0: too few areas in the run, so the whole deviation is local).
    public let nationalAreas: Int
    /// Where the national part came from when not from the run's own areas (the national period effects file).
    public var nationalSource: String? = nil

    /// The amount added to each compulsory survival ratio `step` years ahead.
    public func shift(atStep step: Int) -> Double {
        persistence.nationalShare(atStep: step) * national + persistence.localShare(atStep: step) * local
    }
}

/// The period effects of every area of a run and their persistence, estimated on the run's own history (data up to
/// the origin only).
enum PeriodEffects {
    static let minimumAreasForNational = PlanningRules.minimumAreasForNationalPeriodEffect
    static let fittedHorizons = PlanningRules.fittedPersistenceHorizons
    static let minimumObservations = PlanningRules.minimumPersistenceObservations
    /// The stand-in estimator whose deviations and errors persistence is fitted on: weighted 3:2:1, close to
    /// what `auto` picks for most survival ratios, and cheap at every past origin.
    static let baseline = RatioMethod.weighted(weights: [3, 2, 1])

    /// Whether a transition is a compulsory-school survival step (R→1 … 10→11): the ratios a period moves together.
    static func isCompulsory(_ transition: Transition) -> Bool {
        if case .survival(let from) = transition { return from.index <= 10 }
        return false
    }

    /// The usable ratios of each compulsory transition of an area by year.
    static func ratiosByYear(
        _ series: [Transition: [RatioObservation]]
    ) -> [Transition: [AcademicYear: Double]] {
        var result: [Transition: [AcademicYear: Double]] = [:]
        for (transition, observations) in series where isCompulsory(transition) {
            for observation in observations where observation.isUsable {
                result[transition, default: [:]][observation.year] = observation.ratio
            }
        }
        return result
    }

    /// For every year t an area can be judged at: its common deviation e(t) (mean over transitions of the ratio in t
    /// minus the baseline estimate made with data up to t) and, for h = 1…`horizons`, its common error y(t, h)
    /// (mean of the ratio in t + h minus that estimate). Years set aside are already out of `series`.
    static func history(
        _ series: [Transition: [RatioObservation]], horizons: Int
    ) -> [AcademicYear: (deviation: Double, errors: [Int: Double])] {
        let byYear = ratiosByYear(series)
        var deviations: [AcademicYear: [Double]] = [:]
        var errors: [AcademicYear: [Int: [Double]]] = [:]
        // Transitions in order, so the sums below (and every number from them) are the same on every run.
        for transition in byYear.keys.sorted() {
            let ratios = byYear[transition]!
            let years = ratios.keys.sorted()
            let observations = series[transition]!.filter(\.isUsable)
            for (index, year) in years.enumerated() where index >= 2 {
                guard let estimate = baseline.estimate(Array(observations.prefix { $0.year <= year }))
                else { continue }
                let level = estimate.ratio(atStep: 1)
                deviations[year, default: []].append(ratios[year]! - level)
                for h in 1...horizons {
                    let target = year.advanced(by: h)
                    guard let actual = ratios[target] else { continue }
                    errors[year, default: [:]][h, default: []].append(actual - estimate.ratio(atStep: h))
                }
            }
        }
        var result: [AcademicYear: (deviation: Double, errors: [Int: Double])] = [:]
        for (year, values) in deviations where values.count >= 3 {
            result[year] = (mean(values), (errors[year] ?? [:]).mapValues(mean))
        }
        return result
    }

    /// The median over areas of each year's deviation, when there are enough areas; else nil.
    static func national(_ deviations: [String: [AcademicYear: Double]]) -> [AcademicYear: Double]? {
        guard deviations.count >= minimumAreasForNational else { return nil }
        var byYear: [AcademicYear: [Double]] = [:]
        for area in deviations.keys.sorted() {
            for (year, value) in deviations[area]! { byYear[year, default: []].append(value) }
        }
        return byYear.filter { $0.value.count >= minimumAreasForNational / 2 }.mapValues(median)
    }

    /// Fits, for each horizon h, y(t, h) = φn(h)·N(t) + φl(h)·L(t) by least squares over areas and years with
    /// t + h up to the last observed year (no intercept); shares are kept within 0…1. With no national series only
    /// φl is fitted and φn = φl. Horizons with too few pairs use `fallback`; nil when none could be fitted.
    static func persistence(
        _ histories: [String: [AcademicYear: (deviation: Double, errors: [Int: Double])]],
        national: [AcademicYear: Double]?, fallback: Double
    ) -> PeriodPersistence {
        var nationalShares: [Double] = []
        var localShares: [Double] = []
        var counts: [Int] = []
        for h in 1...fittedHorizons {
            var rows: [[Double]] = []
            var response: [Double] = []
            for area in histories.keys.sorted() {
                for (year, entry) in histories[area]!.sorted(by: { $0.key < $1.key }) {
                    guard let error = entry.errors[h] else { continue }
                    let common = national?[year] ?? 0
                    rows.append(national == nil ? [entry.deviation] : [common, entry.deviation - common])
                    response.append(error)
                }
            }
            guard response.count >= minimumObservations, let design = try? Matrix(rows: rows),
                let fit = try? leastSquares(design: design, response: response)
            else {
                nationalShares.append(nationalShares.last.map { $0 * fallback } ?? fallback)
                localShares.append(localShares.last.map { $0 * fallback } ?? fallback)
                counts.append(response.count)
                continue
            }
            let clamp = { (value: Double) in min(1, max(0, value)) }
            let local = clamp(fit.coefficients[fit.coefficients.count - 1])
            nationalShares.append(national == nil ? local : clamp(fit.coefficients[0]))
            localShares.append(local)
            counts.append(response.count)
        }
        return PeriodPersistence(national: nationalShares, local: localShares, observations: counts)
    }

    /// National one-year shocks: years (never the latest) whose national level of compulsory survival ratios — the
    /// median over areas of each area's mean ratio — jumps away from both neighbours in the same direction by more
    /// than 3 robust standard deviations of the year-to-year changes (and at least 0.2%). A year like that (a
    /// census taken in a pandemic) is set aside as a base for every area's ratios. Needs a national series (enough
    /// areas); empty otherwise.
    static func nationalShocks(_ series: [String: [Transition: [RatioObservation]]]) -> Set<AcademicYear> {
        guard series.count >= minimumAreasForNational else { return [] }
        var byYear: [AcademicYear: [Double]] = [:]
        for area in series.keys.sorted() {
            var sums: [AcademicYear: [Double]] = [:]
            let byTransition = ratiosByYear(series[area]!)
            for transition in byTransition.keys.sorted() {  // in order: the same sums on every run
                for (year, ratio) in byTransition[transition]! { sums[year, default: []].append(ratio) }
            }
            for (year, values) in sums where values.count >= 3 { byYear[year, default: []].append(mean(values)) }
        }
        let levels = byYear.filter { $0.value.count >= minimumAreasForNational / 2 }.mapValues(median)
        let years = levels.keys.sorted()
        guard years.count >= 4 else { return [] }
        let changes = zip(years, years.dropFirst()).map { levels[$1]! - levels[$0]! }
        let center = median(changes)
        let spread = 1.4826 * median(changes.map { abs($0 - center) })
        let threshold = max(0.002, 3 * spread)
        var shocks: Set<AcademicYear> = []
        for index in 1..<(years.count - 1) {
            let (before, value, after) = (levels[years[index - 1]]!, levels[years[index]]!, levels[years[index + 1]]!)
            let (up, down) = (value - before, value - after)
            if up * down > 0, min(abs(up), abs(down)) > threshold { shocks.insert(years[index]) }
        }
        return shocks
    }

    static func mean(_ values: [Double]) -> Double { values.reduce(0, +) / Double(values.count) }

    static func median(_ values: [Double]) -> Double {
        let sorted = values.sorted()
        let middle = sorted.count / 2
        return sorted.count % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2
    }
}

extension NationalPeriodEffects {
    /// The national period effect a forecast of `model` from each of `origins` sees on `inputs` (many LAs): the
    /// median over LAs of the latest year's mean deviation of compulsory survival ratios from the estimates, with
    /// data up to that origin only. What `models/national_period_effects.csv` holds, for runs of one LA.
    public static func computed(
        from inputs: ForecastInputs, model: ForecastModel, origins: [AcademicYear], source: String
    ) throws(ForecastError) -> NationalPeriodEffects {
        var byYear: [AcademicYear: Entry] = [:]
        var withoutFile = inputs
        withoutFile.nationalPeriodEffects = nil
        for origin in origins {
            let forecast = try CohortSurvivalForecaster(model: model)
                .forecast(withoutFile.asKnown(at: origin), horizon: 1)
            if let effect = forecast.ratios.lazy.compactMap(\.estimate.periodEffect).first(where: {
                $0.nationalAreas > 0 && $0.year == origin
            }) {
                byYear[origin] = Entry(deviation: effect.national, areas: effect.nationalAreas)
            }
        }
        return NationalPeriodEffects(byYear: byYear, source: source)
    }
}
