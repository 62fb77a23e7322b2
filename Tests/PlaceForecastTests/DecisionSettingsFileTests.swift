import PlaceIO
import Testing

@testable import PlaceForecast

@Suite("planning.yaml and finance.yaml: the decision settings")
struct DecisionSettingsFileTests {
    @Test("build_to is read (target by default, or zero); anything else is an error naming the setting")
    func buildTo() throws {
        let standard = try SupplyReaders.planning(YAMLDocument(text: "target_percent: 5\n", file: "planning.yaml"))
        #expect(standard.0.buildTo == .target)
        let zero = try SupplyReaders.planning(YAMLDocument(text: "build_to: zero\n", file: "planning.yaml"))
        #expect(zero.0.buildTo == .zero)
        let peak = error { try SupplyReaders.planning(YAMLDocument(text: "build_to: peak\n", file: "planning.yaml")) }
        #expect(peak?.line == 1 && peak?.columnNumber == 11, "\(String(describing: peak))")
        #expect(peak?.description.contains("peak") == true, "\(String(describing: peak))")
        let full = error {
            try SupplyReaders.planning(YAMLDocument(text: "target_percent: 100\n", file: "planning.yaml"))
        }
        #expect(full?.line == 1 && full?.problem == "target_percent must be below 100", "\(String(describing: full))")
    }

    @Test("finance.yaml: the marginal rate, the medium-term window and thresholds; rate_per_pupil as its old name")
    func finance() throws {
        let text = """
            marginal_rate_per_pupil: { primary: 4000, secondary: 5000 }
            income_loss_percent: 4
            medium_term_years: 2
            medium_term_loss_percent: { medium: 6, high: 12 }
            over_capacity_percent: 3
            """
        let settings = try SupplyReaders.finance(YAMLDocument(text: text, file: "finance.yaml"))
        #expect(settings.ratePerPupil == [.primary: 4_000, .secondary: 5_000])
        #expect(settings.incomeLossPercent == 4)
        #expect(settings.mediumTermYears == 2)
        #expect(settings.mediumTermLossPercent == LossThresholds(medium: 6, high: 12))
        #expect(settings.overCapacityPercent == 3)
        let old = try SupplyReaders.finance(
            YAMLDocument(text: "rate_per_pupil: { primary: 5300 }\n", file: "finance.yaml"))
        #expect(old.ratePerPupil[.primary] == 5_300)
        #expect(old.ratePerPupil[.secondary] == 6_147)  // the default marginal rate: 0.9 × £6,830
        let falling = error {
            try SupplyReaders.finance(
                YAMLDocument(text: "medium_term_loss_percent: { medium: 12, high: 6 }\n", file: "finance.yaml"))
        }
        #expect(falling?.line == 1 && falling?.columnNumber == 27, "\(String(describing: falling))")
        #expect(falling?.problem == "thresholds must rise: medium ≤ high (got 12, 6)")
        let unfilled = error {
            try SupplyReaders.finance(
                YAMLDocument(text: "unfilled_thresholds: { low: 20, medium: 15 }\n", file: "finance.yaml"))
        }
        #expect(unfilled?.problem == "thresholds must rise: low ≤ medium ≤ high (got 20, 15, 33)")
        let both = error {
            try SupplyReaders.finance(
                YAMLDocument(
                    text: "rate_per_pupil: { primary: 1 }\nmarginal_rate_per_pupil: { primary: 1 }\n",
                    file: "finance.yaml"))
        }
        #expect(both?.problem.contains("rate_per_pupil") == true, "\(String(describing: both))")
    }
}

/// The input error `body` throws, or nil (recorded as an issue) when it accepts the input.
private func error(_ body: () throws -> Any) -> InputError? {
    do {
        _ = try body()
        Issue.record("accepted, but an error was expected")
    } catch let error as InputError {
        return error
    } catch {
        Issue.record("threw \(error), not an InputError")
    }
    return nil
}
