import Foundation
import Testing

@testable import PlaceForecast

/// SplitMix64: a small seeded generator so synthetic tests are the same on every machine.
struct SeededGenerator: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// A standard normal draw (Box–Muller).
    mutating func normal() -> Double {
        let u = Double.random(in: Double.ulpOfOne..<1, using: &self)
        let v = Double.random(in: 0..<1, using: &self)
        return (-2 * log(u)).squareRoot() * cos(2 * .pi * v)
    }
}

/// `areaCount` areas, years `years`, year groups R..`lastGroup`; births `size` each year; reception ratio
/// 0.95 and every survival ratio 1, each multiplied by exp(noise × N(0, 1)) independently.
func syntheticInputs(
    areaCount: Int, years: ClosedRange<Int>, lastGroup: Int, noise: Double, seed: UInt64,
    size: (Int) -> Double = { 200 + 40 * Double($0) }
) -> ForecastInputs {
    var rng = SeededGenerator(seed: seed)
    var data: [String: [Int: [String: Double]]] = [:]
    var births: [String: [Int: Double]] = [:]
    for index in 0..<areaCount {
        let code = "A\(index)"
        for year in (years.lowerBound - 4)...years.upperBound { births[code, default: [:]][year] = size(index) }
        var previous: [Double] = []
        for year in years {
            var row: [Double] = [size(index) * 0.95 * exp(noise * rng.normal())]
            for group in 1...lastGroup {
                let from = previous.isEmpty ? row[0] : previous[group - 1]
                row.append(from * exp(noise * rng.normal()))
            }
            previous = row
            data[code, default: [:]][year] = Dictionary(
                uniqueKeysWithValues: row.enumerated().map {
                    ($0.offset == 0 ? "R" : String($0.offset), $0.element)
                })
        }
    }
    return ForecastInputs(pupils: cohortTable(data), births: BirthSeries(births))
}

private func lastRatioModel() -> ForecastModel {
    ForecastModel(
        name: "last", intake: .birthsRatio(RatioEstimator(.last)), progression: RatioEstimator(.last),
        transfer: RatioEstimator(.last), sixthForm: RatioEstimator(.last))
}

@Suite("Rolling-origin backtest")
struct BacktestTests {
    /// Area A, Reception and Year 1 only. Births 2012-15: 100, 110, 100, 130.
    /// Reception 2016-19: 100, 110, 120, 130; Year 1: 95, 100, 99, 132.
    private let tiny = ForecastInputs(
        pupils: cohortTable([
            "A": [
                2016: ["R": 100, "1": 95], 2017: ["R": 110, "1": 100],
                2018: ["R": 120, "1": 99], 2019: ["R": 130, "1": 132],
            ]
        ]),
        births: BirthSeries(["A": [2012: 100, 2013: 110, 2014: 100, 2015: 130]]))

    @Test("a hand-computed backtest of the 'last ratio' method")
    func handComputed() throws {
        let cells = try Backtest.run(
            tiny, methods: [.fixed(lastRatioModel())],
            origins: [AcademicYear(2017), AcademicYear(2018)], horizons: 1...2)
        func total(_ origin: Int, _ horizon: Int) -> BacktestCell? {
            cells.first {
                $0.level == .phaseTotal(.primary) && $0.origin == AcademicYear(origin) && $0.horizon == horizon
            }
        }
        // Origin 2017: reception ratio 110/110 = 1, survival 100/100 = 1.
        // 2018: R = births 2014 × 1 = 100, Y1 = 110 × 1 = 110 (actual 120 + 99 = 219).
        #expect(total(2017, 1)?.forecast == 210)
        #expect(total(2017, 1)?.actual == 219)
        // 2019: R = 130 × 1, Y1 = forecast R 2018 (100) × 1 (actual 130 + 132 = 262).
        #expect(total(2017, 2)?.forecast == 230)
        // Origin 2018: reception ratio 120/100 = 1.2, survival 99/110 = 0.9. 2019: R = 156, Y1 = 108.
        #expect(isClose(total(2018, 1)?.forecast, 264))
        #expect(total(2018, 2) == nil)  // 2020 is not observed
        #expect(isClose(total(2017, 1)?.percentError, 100 * (210 - 219) / 219.0))

        let summary = try #require(
            AccuracySummary.summarise(cells).first {
                $0.granularity == .areaTotal && $0.phase == .primary && $0.horizon == 1
            })
        let errors = [100 * (210 - 219) / 219.0, 100 * (264 - 262) / 262.0]
        #expect(summary.errors.count == 2)
        #expect(isClose(summary.errors.medianAbsolute, (abs(errors[0]) + abs(errors[1])) / 2))
        #expect(isClose(summary.errors.bias, (errors[0] + errors[1]) / 2))
        #expect(summary.errors.withinOne == 0.5)
        #expect(summary.errors.withinTwo == 0.5)
        let reception = AccuracySummary.summarise(cells).first {
            $0.granularity == .yearGroup && $0.phase == .primary && $0.horizon == 2
        }
        // Year groups at 2 years: R (130 vs 130, 0%) and Y1 (100 vs 132, -24.24%).
        #expect(isClose(reception?.errors.medianAbsolute, 100 * 32 / 132.0 / 2))
    }

    @Test("leakage is impossible: changing anything after the origin leaves that origin's forecast unchanged")
    func noLeakage() throws {
        let inputs = syntheticInputs(areaCount: 6, years: 2011...2019, lastGroup: 6, noise: 0.03, seed: 7)
        let regression = ForecastModel(
            name: "regression", intake: .regression(IntakeRegression(pooled: true)),
            progression: RatioEstimator(.mean(window: 3), shrinkageStrength: 100),
            transfer: RatioEstimator(.last), sixthForm: RatioEstimator(.last))
        for origin in (2013...2018).map(AcademicYear.init) {
            // Every pupil and birth count after the origin multiplied by a different factor.
            let later = CohortTable(
                histories: inputs.pupils.histories.map { history in
                    CohortTable.AreaHistory(
                        area: history.area, firstYear: history.firstYear,
                        counts: history.counts.enumerated().map { offset, row in
                            history.firstYear.advanced(by: offset) > origin ? row.map { $0.map { $0 * 1.7 + 3 } } : row
                        })
                })
            let laterBirths = BirthSeries(
                inputs.births.byArea.mapValues {
                    Dictionary(
                        uniqueKeysWithValues: $0.map { ($0.key, $0.key > origin.startYear ? $0.value * 0.5 : $0.value) }
                    )
                })
            let changed = ForecastInputs(pupils: later, births: laterBirths)
            for model in [ForecastModel.standard, .auto, regression] {
                let method = ForecastMethod.fixed(model)
                let original = try method.forecast(inputs, origin: origin, horizon: 3)
                let altered = try method.forecast(changed, origin: origin, horizon: 3)
                let differing = zip(original.rows, altered.rows).filter { $0 != $1 }.map {
                    "\($0.area.code) \($0.year) \($0.yearGroup.label): \($0.pupils) vs \($1.pupils)"
                }
                #expect(
                    original.rows.count == altered.rows.count && differing.isEmpty,
                    "\(model.name) from \(origin): \(differing.prefix(3))")
            }
        }
        // Control: a change at the origin itself does reach the forecast.
        let origin = AcademicYear(2016)
        let atOrigin = CohortTable(
            histories: inputs.pupils.histories.map { history in
                CohortTable.AreaHistory(
                    area: history.area, firstYear: history.firstYear,
                    counts: history.counts.enumerated().map { offset, row in
                        history.firstYear.advanced(by: offset) == origin ? row.map { $0.map { $0 + 10 } } : row
                    })
            })
        let method = ForecastMethod.fixed(.auto)
        let before = try method.forecast(inputs, origin: origin, horizon: 3).rows.map(\.pupils)
        let after = try method.forecast(
            ForecastInputs(pupils: atOrigin, births: inputs.births), origin: origin, horizon: 3
        ).rows.map(\.pupils)
        #expect(before != after)
    }

    @Test("80% and 95% intervals cover about 80% and 95% on synthetic data with known noise")
    func intervalCoverage() throws {
        let inputs = syntheticInputs(areaCount: 120, years: 2000...2019, lastGroup: 3, noise: 0.02, seed: 11)
        let model = ForecastModel(
            name: "mean5", intake: .birthsRatio(RatioEstimator(.mean(window: 5))),
            progression: RatioEstimator(.mean(window: 5)), transfer: RatioEstimator(.mean(window: 5)),
            sixthForm: RatioEstimator(.mean(window: 5)))
        let cells = try Backtest.run(
            inputs, methods: [.fixed(model)],
            origins: (2004...2018).map(AcademicYear.init), horizons: 1...3)
        let checks = Backtest.intervalChecks(cells, firstDataYear: AcademicYear(2000))
        let yearGroups = checks.filter { if case .yearGroup = $0.cell.level { return true } else { return false } }
        #expect(yearGroups.count > 10_000)
        let inside80 =
            Double(yearGroups.filter { $0.interval80.contains($0.cell.actual) }.count) / Double(yearGroups.count)
        let inside95 =
            Double(yearGroups.filter { $0.interval95.contains($0.cell.actual) }.count) / Double(yearGroups.count)
        #expect(abs(inside80 - 0.80) < 0.03, "80% interval covered \(inside80)")
        #expect(abs(inside95 - 0.95) < 0.02, "95% interval covered \(inside95)")
        // Intervals widen with the horizon.
        let width = { (h: Int) in
            let some = yearGroups.filter { $0.cell.horizon == h && $0.cell.level == .yearGroup(.reception) }
            return some.map { log($0.interval80.upperBound / $0.interval80.lowerBound) }.reduce(0, +)
                / Double(some.count)
        }
        #expect(width(3) > width(1))
    }

    @Test("intervals scale with the size of the area: relatively wider for small areas")
    func intervalsScaleWithSize() {
        var rng = SeededGenerator(seed: 3)
        // Count noise: sd of the log error is 1/sqrt(f), as for Poisson counts.
        let cells = (0..<4000).map { index -> BacktestCell in
            let forecast = index % 2 == 0 ? 50.0 : 5000.0
            let actual = forecast * exp(rng.normal() / forecast.squareRoot())
            return BacktestCell(
                method: "m", area: Area(code: "A\(index)", name: ""), level: .yearGroup(.reception),
                origin: AcademicYear(2015), horizon: 1, forecast: forecast, actual: actual)
        }
        let model = IntervalModel(cells: cells)
        let small = model.interval(forecast: 50, level: .yearGroup(.reception), horizon: 1, at: .ninetyFive)!
        let large = model.interval(forecast: 5000, level: .yearGroup(.reception), horizon: 1, at: .ninetyFive)!
        // Theory: ±1.96/sqrt(f) in log terms: about ±27.7% at 50 and ±2.8% at 5,000.
        #expect(abs(log(small.upperBound / 50) - 1.96 / 50.0.squareRoot()) < 0.03)
        #expect(abs(log(large.upperBound / 5000) - 1.96 / 5000.0.squareRoot()) < 0.005)
        #expect(model.interval(forecast: 50, level: .yearGroup(.reception), horizon: 3, at: .eighty) != nil)
        #expect(model.interval(forecast: 50, level: .phaseTotal(.primary), horizon: 1, at: .eighty) == nil)
    }
}

@Suite("Automatic method choice")
struct AutoSelectionTests {
    private let selection = AutoSelection(
        candidates: [.mean(window: 5), .last], combine: 1, priorStrength: 0,
        robust: false, scoringSteps: 1, tolerance: 0)

    private func series(_ values: [Double]) -> [RatioObservation] {
        values.enumerated().map {
            RatioObservation(year: AcademicYear(2000 + $0.offset), numerator: $0.element, denominator: 1)
        }
    }

    /// 60 series of 15 years from each generator: a random walk (best forecast: the last value) and independent
    /// noise around a constant (best forecast: a long mean).
    private func generated(randomWalk: Bool, seed: UInt64) -> [[RatioObservation]] {
        var rng = SeededGenerator(seed: seed)
        return (0..<60).map { _ in
            var level = 1.0
            return series(
                (0..<15).map { _ in
                    if randomWalk {
                        level += 0.02 * rng.normal()
                        return level
                    }
                    return 1 + 0.02 * rng.normal()
                })
        }
    }

    @Test("picks the true generator: last for random walks, the 5-year mean for noise around a constant")
    func picksTrueGenerator() {
        for (randomWalk, expected) in [(true, 1), (false, 0)] {
            let all = generated(randomWalk: randomWalk, seed: randomWalk ? 1 : 2)
            // Judged over all series together, the choice is exact.
            let global = selection.globalErrors(all)
            #expect(global.indices.min { global[$0] < global[$1] } == expected)
            // Judged series by series (15 years each), it is right most of the time.
            let right = all.filter { selection.ranking($0).first == expected }.count
            #expect(right >= 40, "\(right) of 60 right for \(randomWalk ? "random walks" : "constant + noise")")
        }
    }

    @Test("a single abnormal year does not drag later forecasts; the latest year is never set aside")
    func robustToOneOffShock() throws {
        let shocked = series([1.00, 1.01, 0.99, 1.00, 1.01, 0.70, 1.00, 0.99, 1.01])
        let robust = AutoSelection(candidates: [.mean(window: 5)], robust: true)
        let plain = AutoSelection(candidates: [.mean(window: 5)], robust: false)
        let withCleaning = try #require(robust.estimate(shocked, globalErrors: nil))
        let without = try #require(plain.estimate(shocked, globalErrors: nil))
        #expect(abs(withCleaning.level - 1.0) < 0.01)
        #expect(without.level < 0.95)
        // A drop in the latest year may be a new level: it is kept.
        let latestDrop = series([1.00, 1.01, 0.99, 1.00, 1.01, 1.00, 0.70])
        #expect(robust.cleanedRatios(latestDrop).last == 0.70)
    }
}
