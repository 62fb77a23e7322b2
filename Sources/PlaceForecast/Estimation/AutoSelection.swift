/// Automatic method choice for one ratio series, judged only on the series' own past (no leakage).
///
/// For every past origin s inside the history, each candidate method is estimated from the ratios up to s and
/// scored against the ratios actually observed 1…`scoringSteps` years later (all of them ≤ the forecast origin).
/// An area's score for a candidate is its mean absolute error shrunk toward the mean absolute error of the same
/// candidate over all areas (`priorStrength` counts how many of the area's own errors the all-area score is worth),
/// so a short or noisy series leans on what works everywhere. The forecast ratio is the average of the
/// `combine` best-scoring candidates (a forecast combination, which is steadier than any single winner).
///
/// With `robust`, a single abnormal year — one that jumps away from both its neighbours in the same direction
/// by more than 3 robust standard deviations of the year-to-year changes — is replaced by the mean of its
/// neighbours before anything is estimated, so a one-off shock (a pandemic year) does not drag later forecasts.
/// The latest year is never replaced: whether it is a shock or a new level is not yet known.
public struct AutoSelection: Equatable, Sendable {
    public var candidates: [RatioMethod]
    public var combine: Int
    public var priorStrength: Double
    public var robust: Bool
    public var scoringSteps: Int
    /// Only candidates whose score is within this fraction of the best are combined (0.1 = 10% worse at most).
    public var tolerance: Double

    public init(
        candidates: [RatioMethod], combine: Int = 3, priorStrength: Double = 10, robust: Bool = true,
        scoringSteps: Int = 3, tolerance: Double = .infinity
    ) {
        self.candidates = candidates
        self.tolerance = tolerance
        self.combine = combine
        self.priorStrength = priorStrength
        self.robust = robust
        self.scoringSteps = scoringSteps
    }

    /// Means of 2, 3 and 5 years, 3:2:1 weights, the latest ratio, exponential smoothing (α 0.4 and 0.7) and the
    /// median of 3; every candidate within 20% of the best score is averaged, scores shrunk toward the all-area
    /// score with the weight of 100 own errors. Chosen by the national backtest (README, "Accuracy"):
    /// averaging the good candidates beat picking one winner in every phase and horizon.
    public static let standard = AutoSelection(
        candidates: [
            .mean(window: 2), .mean(window: 3), .mean(window: 5), .weighted(weights: [3, 2, 1]), .last,
            .exponentialSmoothing(alpha: 0.4), .exponentialSmoothing(alpha: 0.7), .median(window: 3),
        ],
        combine: 8, priorStrength: PlanningRules.autoPriorStrength, robust: true,
        scoringSteps: PlanningRules.autoScoringSteps, tolerance: PlanningRules.autoTolerance)

    /// Absolute errors of each candidate (sum and count), over every past origin of `ratios` (oldest first).
    func errors(_ ratios: [Double]) -> [ErrorTally] {
        candidates.map { candidate in
            var sum = 0.0
            var count = 0
            guard ratios.count >= 2 else { return ErrorTally(sum: 0, count: 0) }
            for origin in 0..<(ratios.count - 1) {
                guard let path = candidate.estimate(ratios: ratios[...origin]) else { continue }
                for step in 1...scoringSteps where origin + step < ratios.count {
                    sum += abs(path.ratio(atStep: step) - ratios[origin + step])
                    count += 1
                }
            }
            return ErrorTally(sum: sum, count: count)
        }
    }

    /// The usable ratios of `observations`, oldest first, with single-year shocks replaced when `robust`.
    func cleanedRatios(_ observations: [RatioObservation]) -> [Double] {
        let ratios = observations.filter(\.isUsable).map(\.ratio)
        guard robust, ratios.count >= 4 else { return ratios }
        let changes = zip(ratios.dropFirst(), ratios).map { $0 - $1 }
        let centre = Statistics.median(changes)
        let scale = 1.4826 * Statistics.median(changes.map { abs($0 - centre) })
        guard scale > 0 else { return ratios }
        var cleaned = ratios
        for i in 1..<(ratios.count - 1) {
            let up = ratios[i] - ratios[i - 1]
            let down = ratios[i] - ratios[i + 1]
            if up * down > 0, min(abs(up), abs(down)) > 3 * scale {
                cleaned[i] = (ratios[i - 1] + ratios[i + 1]) / 2
            }
        }
        return cleaned
    }

    /// One series' cleaned ratios (unitless, oldest first) and each candidate's absolute errors on its past,
    /// worked out once and shared by the all-area score (``globalErrors(scored:)``) and the series' own ranking
    /// (``estimate(scored:globalErrors:)``), which would otherwise score every candidate twice.
    struct ScoredSeries: Sendable {
        let ratios: [Double]
        let errors: [ErrorTally]
    }

    /// The cleaned ratios of `observations` with every candidate's errors on them.
    func scored(_ observations: [RatioObservation]) -> ScoredSeries {
        let ratios = cleanedRatios(observations)
        return ScoredSeries(ratios: ratios, errors: errors(ratios))
    }

    /// The combined ratio path for one series; `globalErrors` are the all-area mean absolute errors of each
    /// candidate (nil: judge on the series alone).
    func estimate(_ observations: [RatioObservation], globalErrors: [Double]?) -> RatioPath? {
        estimate(ratios: cleanedRatios(observations), globalErrors: globalErrors)
    }

    /// As ``estimate(_:globalErrors:)`` for ratios already cleaned.
    func estimate(ratios: [Double], globalErrors: [Double]?) -> RatioPath? {
        guard !ratios.isEmpty else { return nil }
        return estimate(scored: ScoredSeries(ratios: ratios, errors: errors(ratios)), globalErrors: globalErrors)
    }

    /// As ``estimate(_:globalErrors:)`` for a series already scored (the same numbers, bit for bit).
    func estimate(scored: ScoredSeries, globalErrors: [Double]?) -> RatioPath? {
        guard !scored.ratios.isEmpty else { return nil }
        let chosen = ranking(errors: scored.errors, globalErrors: globalErrors).prefix(max(1, combine))
        return RatioPath.average(chosen.compactMap { candidates[$0].estimate(ratios: scored.ratios[...]) })
    }

    /// Indices of the candidates that qualify (score within `tolerance` of the best), best first.
    public func ranking(_ observations: [RatioObservation], globalErrors: [Double]? = nil) -> [Int] {
        ranking(ratios: cleanedRatios(observations), globalErrors: globalErrors)
    }

    func ranking(ratios: [Double], globalErrors: [Double]?) -> [Int] {
        ranking(errors: errors(ratios), globalErrors: globalErrors)
    }

    /// As ``ranking(ratios:globalErrors:)`` from the candidates' errors already tallied.
    func ranking(errors own: [ErrorTally], globalErrors: [Double]?) -> [Int] {
        let scores = CandidateScores.shrunk(
            own: own, allArea: globalErrors, priorStrength: priorStrength,
            unscored: 0)
        let best = scores.min() ?? 0
        return candidates.indices.sorted { (scores[$0], $0) < (scores[$1], $1) }
            .filter { scores[$0] <= best * (1 + tolerance) }
    }

    /// Mean absolute error of each candidate over all the series given (one per area).
    func globalErrors(_ seriesByArea: [[RatioObservation]]) -> [Double] {
        CandidateScores.allAreaMeans(seriesByArea.map { errors(cleanedRatios($0)) }, candidates: candidates.count)
    }

    /// As ``globalErrors(_:)`` for series already scored, in the same (area) order.
    func globalErrors(scored seriesByArea: [ScoredSeries]) -> [Double] {
        CandidateScores.allAreaMeans(seriesByArea.map(\.errors), candidates: candidates.count)
    }
}

/// A candidate's errors over past origins: their sum and how many.
public struct ErrorTally: Equatable, Sendable {
    public var sum: Double
    public var count: Int

    public init(sum: Double, count: Int) {
        self.sum = sum
        self.count = count
    }
}

/// Scoring of candidate methods shared by the pupil `auto` (``AutoSelection``, absolute ratio errors) and the SEND
/// `auto` (absolute percentage errors of plan totals): an area's mean error of each candidate, shrunk toward the
/// same candidate's mean error over all areas.
public enum CandidateScores {
    /// The all-area mean error of each of `candidates` candidates: sums and counts pooled over `tallies` (one
    /// array per area, in candidate order), NaN for a candidate no area has an error for.
    public static func allAreaMeans(_ tallies: [[ErrorTally]], candidates: Int) -> [Double] {
        var sums = Array(repeating: 0.0, count: candidates)
        var counts = Array(repeating: 0, count: candidates)
        for area in tallies {
            for (index, error) in area.enumerated() {
                sums[index] += error.sum
                counts[index] += error.count
            }
        }
        return zip(sums, counts).map { $1 > 0 ? $0 / Double($1) : .nan }
    }

    /// Each candidate's score: (own sum + k × all-area mean) / (own count + k), k = `priorStrength` (how many own
    /// errors the all-area mean is worth). Without a finite all-area mean, the own mean; with no own errors
    /// either, `unscored` (pupils: 0, SEND: infinity).
    public static func shrunk(
        own: [ErrorTally], allArea: [Double]?, priorStrength: Double,
        unscored: Double
    ) -> [Double] {
        own.indices.map { index -> Double in
            let (sum, count) = (own[index].sum, own[index].count)
            guard let global = allArea?[index], global.isFinite else {
                return count > 0 ? sum / Double(count) : unscored
            }
            return (sum + priorStrength * global) / (Double(count) + priorStrength)
        }
    }
}
