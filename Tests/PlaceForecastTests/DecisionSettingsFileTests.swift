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
        #expect(throws: InputError.self) {
            try SupplyReaders.planning(YAMLDocument(text: "build_to: peak\n", file: "planning.yaml"))
        }
        #expect(throws: InputError.self) {
            try SupplyReaders.planning(YAMLDocument(text: "target_percent: 100\n", file: "planning.yaml"))
        }
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
        #expect(settings.mediumTermLossPercent == (6, 12))
        #expect(settings.overCapacityPercent == 3)
        let old = try SupplyReaders.finance(
            YAMLDocument(text: "rate_per_pupil: { primary: 5300 }\n", file: "finance.yaml"))
        #expect(old.ratePerPupil[.primary] == 5_300)
        #expect(old.ratePerPupil[.secondary] == 6_147)  // the default marginal rate: 0.9 × £6,830
        #expect(throws: InputError.self) {
            try SupplyReaders.finance(
                YAMLDocument(text: "medium_term_loss_percent: { medium: 12, high: 6 }\n", file: "finance.yaml"))
        }
        #expect(throws: InputError.self) {
            try SupplyReaders.finance(
                YAMLDocument(
                    text: "rate_per_pupil: { primary: 1 }\nmarginal_rate_per_pupil: { primary: 1 }\n",
                    file: "finance.yaml"))
        }
    }
}
