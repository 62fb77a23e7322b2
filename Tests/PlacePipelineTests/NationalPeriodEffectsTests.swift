import Foundation
import PlaceForecast
import PlaceIO
import PlacePipeline
import TestSupport
import Testing

/// `models/national_period_effects.csv` is what the national data give: the national part of the period effect a
/// forecast of `auto` from each origin 2014–2022 sees on the 146 stable LAs. After new national data, regenerate it:
/// `UPDATE_NATIONAL_EFFECTS=1 swift test --filter NationalPeriodEffects`.
@Suite("The national period effects file")
struct NationalPeriodEffectsTests {
    @Test(
        "models/national_period_effects.csv equals the national data's, origin by origin",
        .enabled(if: nationalData != nil, Comment(rawValue: nationalDataMissing)))
    func fileMatchesData() throws {
        let data = try #require(nationalData)
        let loaded = try InputSet.load(
            InputLocations(
                pupils: data.appendingPathComponent("pupils.csv").path,
                births: data.appendingPathComponent("births.csv").path))
        let stable = try #require(
            try InputSet.stableAreas(areasFile: nil, pupilsFile: data.appendingPathComponent("pupils.csv").path))
        let computed = try NationalPeriodEffects.computed(
            from: loaded.forecastInputs.restricted(to: stable), model: .auto,
            origins: (2014...2022).map(AcademicYear.init), source: NationalPeriodEffectsFile.path)
        let file = repositoryRoot.appendingPathComponent(NationalPeriodEffectsFile.path)
        let text = NationalPeriodEffectsFile.text(computed)
        if ProcessInfo.processInfo.environment["UPDATE_NATIONAL_EFFECTS"] != nil {
            try text.write(to: file, atomically: true, encoding: .utf8)
        }
        #expect(try String(contentsOf: file, encoding: .utf8) == text)
        // 2020 (the lockdown census) is set aside by auto, so a forecast from it takes 2019's effect.
        #expect(computed.byYear.keys.map(\.startYear).sorted() == [2014, 2015, 2016, 2017, 2018, 2019, 2021, 2022])
        #expect(computed.byYear.values.allSatisfy { $0.areas == 146 })
    }
}
