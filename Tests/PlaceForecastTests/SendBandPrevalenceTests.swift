import Foundation
import Testing

@testable import PlaceForecast

private func years<Value>(_ values: [Int: Value]) -> [AcademicYear: Value] {
    Dictionary(uniqueKeysWithValues: values.map { (AcademicYear($0.key), $0.value) })
}

@Suite("SEND: prevalence by age band and the damping φ estimated by least squares")
struct SendBandPrevalenceTests {
    /// Ages 5–10 grow 10% a year on 600 pupils (100 in each of Years 1–11); 16–19 stay at 50. From 2019 every year
    /// group has 120 pupils. Births: 200 a year.
    private let caseload = EHCPCaseload(
        bands: [
            "A": years([
                2015: [.age5to10: 100, .age16to19: 50], 2016: [.age5to10: 110, .age16to19: 50],
                2017: [.age5to10: 121, .age16to19: 50], 2018: [.age5to10: 133.1, .age16to19: 50],
            ])
        ],
        totals: ["A": years([2015: 150, 2016: 160, 2017: 171, 2018: 183.1])])
    private let population = SendPopulation(
        pupils: { _, year, _ in year.startYear <= 2018 ? 100 : 120 }, births: { _, _ in 200 })

    @Test("the bases: Years 1–6, Years 7–11, births of the five years to the academic year's start, none post-16")
    func bases() {
        #expect(population.base("A", AcademicYear(2018), .age5to10) == 600)
        #expect(population.base("A", AcademicYear(2018), .age11to15) == 500)
        #expect(population.base("A", AcademicYear(2018), .under5) == 1000)
        #expect(SendPopulation.birthsYears(for: AcademicYear(2018)) == 2014...2018)
        #expect(population.base("A", AcademicYear(2018), .age16to19) == nil)
        // Known at 2018: later pupils are held at 2018's, later births at the latest births year's.
        let known = population.known(at: AcademicYear(2018))
        #expect(known.base("A", AcademicYear(2019), .age5to10) == nil)
        #expect(known.baseHeld("A", AcademicYear(2020), .age5to10) == 600)
        #expect(known.baseHeld("A", AcademicYear(2020), .under5) == 1000)
    }

    @Test("hand-computed: damped prevalence growth × population by band, summed")
    func handComputed() throws {
        let plans = try #require(
            SendForecaster(method: .bandPrevalence(window: 3, damping: 0.5))
                .totals(
                    caseload, origin: AcademicYear(2018), horizon: 2, pupils: { _, _ in nil },
                    population: population)["A"])
        // Total prevalence per pupil of Years 1–11 (1,100 pupils to 2018): mean log change 2016–2018.
        let total = log(183.1 / 150) / 3
        let weight = PlanningRules.sendBandGrowthTotalWeight  // 0.5
        let young = (1 - weight) * log(1.1) + weight * total
        let post16 = (1 - weight) * 0 + weight * total
        // Step 1: cumulative damping 0.5; step 2: 0.5 + 0.25. 5–10 base 720 from 2019.
        let step1 = 133.1 / 600 * exp(young * 0.5) * 720 + 50 * exp(post16 * 0.5)
        let step2 = 133.1 / 600 * exp(young * 0.75) * 720 + 50 * exp(post16 * 0.75)
        #expect(isClose(plans[0], step1, 1e-9))
        #expect(isClose(plans[1], step2, 1e-9))
        // Undamped (φ = 1): cumulative 1 and 2.
        let undamped = try #require(
            SendForecaster(method: .bandPrevalence(window: 3, damping: 1))
                .totals(
                    caseload, origin: AcademicYear(2018), horizon: 2, pupils: { _, _ in nil },
                    population: population)["A"])
        #expect(isClose(undamped[1], 133.1 / 600 * exp(young * 2) * 720 + 50 * exp(post16 * 2), 1e-9))
        #expect(SendMethod.bandPrevalence(window: 3, damping: nil).name == "band_prevalence3")
        #expect(SendMethod.candidates.contains(.bandPrevalence(window: 3, damping: nil)))
    }

    /// 40 areas whose log plans change by g(t) = φ × mean(g(t−1), g(t−2), g(t−3)) exactly, from different starts.
    private func synthetic(phi: Double, noise: Double = 0) -> EHCPCaseload {
        var totals: [String: [AcademicYear: Double]] = [:]
        for area in 0..<40 {
            var changes = [0.02 + 0.003 * Double(area), 0.10 - 0.002 * Double(area), 0.05]
            var level = log(500 + 10 * Double(area))
            var series = [AcademicYear(2009): exp(level)]
            for year in 2010...2020 {
                let change: Double
                if year <= 2012 {
                    change = changes[year - 2010]
                } else {
                    // Deterministic ± noise alternating by area and year.
                    let wiggle = noise * (((area + year) % 2 == 0) ? 1 : -1)
                    change = phi * changes.suffix(3).reduce(0, +) / 3 + wiggle
                    changes.append(change)
                }
                level += change
                series[AcademicYear(year)] = exp(level)
            }
            totals["L\(area)"] = series
        }
        return EHCPCaseload(bands: [:], totals: totals)
    }

    @Test("φ = 0.8 used to generate the history is recovered by the LAPACK fit to 1e-6")
    func dampingRecovered() {
        let estimate = SendDamping.estimate(synthetic(phi: 0.8), population: nil, origin: AcademicYear(2020), window: 3)
        #expect(abs(estimate.phi - 0.8) < 1e-6)
        #expect(estimate.standardError < 1e-6)
        // Pairs: 40 areas × changes of 2013–2020 (each needs the three changes before it).
        #expect(estimate.observations == 40 * 8)
        #expect(estimate.through == AcademicYear(2020))
        // Only data known at the origin: at 2014, changes of 2013–2014 only.
        let early = SendDamping.estimate(synthetic(phi: 0.8), population: nil, origin: AcademicYear(2014), window: 3)
        #expect(early.observations == 40 * 2 && abs(early.phi - 0.8) < 1e-6)
    }

    @Test("with noise φ is estimated near the truth with a standard error; too few pairs: the fallback")
    func dampingNoiseAndFallback() {
        let noisy = SendDamping.estimate(
            synthetic(phi: 0.6, noise: 0.005), population: nil, origin: AcademicYear(2020), window: 3)
        #expect(abs(noisy.phi - 0.6) < 0.1 && noisy.standardError > 0 && noisy.standardError < 0.1)
        // One area with a short history: fewer than 30 pairs, the national constant.
        let single = EHCPCaseload(bands: [:], totals: ["A": years([2015: 100, 2016: 110, 2017: 121, 2018: 133])])
        let fallback = SendDamping.estimate(single, population: nil, origin: AcademicYear(2018), window: 3)
        #expect(fallback.isFallback && fallback.phi == PlanningRules.sendDampingFallback)
    }

    @Test("a backtest of the band method uses neither pupils nor births after its origin")
    func noLeak() {
        let later = SendPopulation(
            pupils: { _, year, _ in year.startYear <= 2017 ? 100 : 500 },
            births: { _, year in year <= 2017 ? 200 : 900 })
        let earlier = SendPopulation(pupils: { _, _, _ in 100 }, births: { _, _ in 200 })
        func forecasts(_ population: SendPopulation) -> [Double] {
            SendBacktest.run(
                caseload, methods: [.bandPrevalence(window: 2, damping: 0.8)], origins: [AcademicYear(2017)],
                horizons: 1...1, pupils: { _, _ in nil }, population: population
            ).map(\.forecast)
        }
        #expect(!forecasts(earlier).isEmpty)
        #expect(forecasts(earlier) == forecasts(later))
    }
}
