import Foundation
import Testing

@testable import PlaceForecast

@Suite("Candidate scores shrunk toward the all-area score (pupils' auto and SEND's auto)")
struct SharedScoringTests {
    @Test("an area's mean error is shrunk toward the all-area mean with the weight of k own errors")
    func shrunk() {
        // Own errors sum 2 over 4 (mean 0.5); all-area mean 0.25 worth 4 errors: (2 + 4 × 0.25) / (4 + 4).
        let scores = CandidateScores.shrunk(
            own: [ErrorTally(sum: 2, count: 4)], allArea: [0.25], priorStrength: 4,
            unscored: 0)
        #expect(isClose(scores[0], 0.375))
        // Weight 0: the area's own mean; a huge weight: close to the all-area mean.
        #expect(
            isClose(
                CandidateScores.shrunk(
                    own: [ErrorTally(sum: 2, count: 4)], allArea: [0.25],
                    priorStrength: 0, unscored: 0)[0], 0.5))
        #expect(
            isClose(
                CandidateScores.shrunk(
                    own: [ErrorTally(sum: 2, count: 4)], allArea: [0.25],
                    priorStrength: 1e9, unscored: 0)[0], 0.25, 1e-6))
    }

    @Test("without an all-area score: the own mean, or the unscored value when there are no errors")
    func noAllArea() {
        let own = [ErrorTally(sum: 3, count: 2), ErrorTally(sum: 0, count: 0)]
        let scores = CandidateScores.shrunk(own: own, allArea: nil, priorStrength: 10, unscored: .infinity)
        #expect(scores == [1.5, .infinity])
        #expect(CandidateScores.shrunk(own: own, allArea: [.nan, .nan], priorStrength: 10, unscored: 0) == [1.5, 0])
    }

    @Test("the all-area score pools sums and counts over areas, NaN where no area has an error")
    func allArea() {
        let means = CandidateScores.allAreaMeans(
            [
                [ErrorTally(sum: 1, count: 1), ErrorTally(sum: 0, count: 0)],
                [ErrorTally(sum: 5, count: 3), ErrorTally(sum: 0, count: 0)],
            ], candidates: 2)
        #expect(isClose(means[0], 1.5))  // (1 + 5) / (1 + 3)
        #expect(means[1].isNaN)
    }

    @Test("SEND auto picks the candidate with the lowest shrunk score")
    func sendChoosesLowest() {
        // A grows exactly 10% a year, B is flat: each area's own growth is exact, the pooled rate of both is not.
        func series(_ rate: Double) -> [AcademicYear: Double] {
            Dictionary(
                uniqueKeysWithValues: (2010...2016).map {
                    (AcademicYear($0), 100 * pow(1 + rate, Double($0 - 2010)))
                })
        }
        let caseload = EHCPCaseload(bands: [:], totals: ["A": series(0.1), "B": series(0)])
        let chosen = SendAutoChoice(candidates: [.pooledGrowth(window: 1, weight: 1), .growth(window: 1)])
            .choose(caseload, origin: AcademicYear(2016), pupils: { _, _ in nil })
        #expect(chosen["A"] == .growth(window: 1))
        #expect(chosen["B"] == .growth(window: 1))
    }
}
