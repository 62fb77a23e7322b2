import Foundation
import TestSupport
import Testing

@testable import PlaceForecast
@testable import PlaceIO

@Suite("Model configuration files")
struct ModelFileTests {
    @Test("models/standard.yaml and models/auto.yaml are the built-in standard and auto models")
    func builtInFiles() throws {
        let standard = try ModelFile.read(
            repositoryRoot.appendingPathComponent("models/standard.yaml"), displayPath: "standard.yaml")
        #expect(standard == ForecastModel.standard)
        let auto = try ModelFile.read(
            repositoryRoot.appendingPathComponent("models/auto.yaml"), displayPath: "auto.yaml")
        #expect(auto == ForecastModel.auto)
    }

    @Test("every estimator and the regression intake parse")
    func everyEstimator() throws {
        let model = try ModelFile.parse(
            """
            name: all
            horizon: 10
            intake: { method: regression, window: 6, housing: true, pooled: true, fallback: { estimator: last } }
            progression: { estimator: trend, window: 6, damping: 0.5, shrinkage: 150 }
            progression_overrides:
              R: { estimator: exponential, alpha: 0.3 }
              "5": { estimator: median, window: 5 }
            transfer: { estimator: geometric, window: 4 }
            sixth_form: { estimator: weighted, weights: [5, 4, 3, 2, 1] }
            """, file: "all.yaml")
        #expect(model.horizon == 10)
        #expect(
            model.intake
                == .regression(
                    IntakeRegression(
                        window: 6, useHousing: true, pooled: true,
                        fallback: RatioEstimator(.last))))
        #expect(model.progression == RatioEstimator(.linearTrend(window: 6, damping: 0.5), shrinkageStrength: 150))
        #expect(model.stepOverrides[.reception] == RatioEstimator(.exponentialSmoothing(alpha: 0.3)))
        #expect(model.stepOverrides[YearGroup(index: 5)!] == RatioEstimator(.median(window: 5)))
        #expect(model.transfer == RatioEstimator(.geometricMean(window: 4)))
        #expect(model.sixthForm == RatioEstimator(.weighted(weights: [5, 4, 3, 2, 1])))
    }

    @Test("a misspelt setting is located by line and column")
    func unknownKey() {
        do {
            _ = try ModelFile.parse(
                "name: x\nintake: { estimator: mean }\nprogression:\n  estimator: mean\n  windw: 3\n",
                file: "m.yaml")
            Issue.record("expected an error")
        } catch {
            #expect(error.line == 5)
            #expect(error.columnNumber == 3)
            #expect(error.problem == "unknown setting 'windw'")
        }
    }

    /// The error `ModelFile.parse` throws for `text`, or nil (recorded as an issue) when it accepts it.
    private func parseError(_ text: String, sourceLocation: SourceLocation = #_sourceLocation) -> InputError? {
        do {
            _ = try ModelFile.parse(text, file: "m.yaml")
            Issue.record("accepted:\n\(text)", sourceLocation: sourceLocation)
            return nil
        } catch {
            return error
        }
    }

    @Test("bad values and missing sections are errors at the offending value, naming it")
    func badValues() throws {
        // Columns counted by hand: "progression: { estimator: " is 26 characters, so 'average' starts at 27.
        let unknown = try #require(parseError("intake: { estimator: mean }\nprogression: { estimator: average }\n"))
        #expect(unknown.file == "m.yaml")
        #expect(unknown.line == 2 && unknown.columnNumber == 27)
        #expect(unknown.problem == "unknown estimator 'average'")
        #expect(unknown.hint?.contains("mean, weighted, median") == true)

        // "progression: { estimator: mean, window: " is 40 characters: the 0 is at column 41.
        let windowText = "intake: { estimator: mean }\nprogression: { estimator: mean, window: 0 }\n"
        let window = try #require(parseError(windowText))
        #expect(window.line == 2 && window.columnNumber == 41)
        #expect(window.problem.contains("from 1 to 50") && window.problem.contains("'0'"), "\(window.problem)")
        #expect(window.problem.hasPrefix("window: "), "\(window)")

        // "horizon: " is 9 characters: the 20 is at line 1, column 10; the horizon is at most 15 years.
        let horizonText = "horizon: 20\nintake: { estimator: mean }\nprogression: { estimator: mean }\n"
        let horizon = try #require(parseError(horizonText))
        #expect(horizon.line == 1 && horizon.columnNumber == 10)
        #expect(horizon.problem.contains("from 1 to 15") && horizon.problem.contains("'20'"), "\(horizon.problem)")
        #expect(horizon.problem.hasPrefix("horizon: "), "\(horizon)")

        // alpha 2 is outside (0, 1]: "intake: { estimator: exponential, alpha: " is 41 characters.
        let alphaText = "intake: { estimator: exponential, alpha: 2 }\nprogression: { estimator: mean }\n"
        let alpha = try #require(parseError(alphaText))
        #expect(alpha.line == 1)
        #expect(alpha.problem.contains("alpha must be in (0, 1]"), "\(alpha.problem)")
        // Located at the 2 itself, in words rather than a Swift enum dump.
        #expect(alpha.columnNumber == 42, "\(alpha)")
        #expect(alpha.problem == "exponential: alpha must be in (0, 1] (got 2.0)", "\(alpha.problem)")

        // No progression section: located at the top of the document, naming the missing setting.
        let missing = try #require(parseError("intake: { estimator: mean }\n"))
        #expect(missing.line == 1 && missing.columnNumber == 1)
        #expect(missing.problem == "missing setting 'progression'")

        // Not YAML (an unclosed flow sequence): in plain words, located, with the parser's words after them.
        let notYAML = try #require(parseError("intake: [1, 2\n"))
        #expect(notYAML.problem.hasPrefix("a list [ ] or group { } that is not closed"), "\(notYAML)")
        #expect(notYAML.problem.contains("(YAML: did not find expected ','") && notYAML.line == 2)
        let empty = try #require(parseError(""))
        #expect(empty.problem == "the file is empty" && empty.line == nil && empty.columnNumber == nil)
    }
}

@Suite("Shipped models")
struct ShippedModelTests {
    @Test("every models/*.yaml parses and validates, with its file name as its name")
    func allShippedModelsParse() throws {
        let folder = repositoryRoot.appendingPathComponent("models")
        let files = try FileManager.default.contentsOfDirectory(atPath: folder.path)
            .filter { $0.hasSuffix(".yaml") && !ModelFile.notModels.contains($0) }
        #expect(files.count >= 8)
        for file in files {
            let model = try ModelFile.read(folder.appendingPathComponent(file), displayPath: file)
            #expect(model.name + ".yaml" == file)
        }
    }
}

@Suite("Model files: period effects and abnormal years")
struct PeriodSettingsFileTests {
    private let base = "name: p\nintake: { estimator: mean }\nprogression: { estimator: mean }\n"

    @Test("shares by part and horizon, 'estimated', a plain weight, and abnormal years as printed")
    func forms() throws {
        let shares = try ModelFile.parse(
            base + "period_adjustment: { national: 1, local: [0.75, 0.5] }\nabnormal_years: [2020, 2021/22]\n",
            file: "p.yaml")
        #expect(shares.periodSplit == .shares(national: [1], local: [0.75, 0.5]))
        #expect(shares.abnormalYears == [AcademicYear(2020), AcademicYear(2021)])
        #expect(try ModelFile.parse(base + "period_adjustment: estimated\n", file: "p.yaml").periodSplit == .estimated)
        let fixed = try ModelFile.parse(base + "period_adjustment: 0.5\n", file: "p.yaml")
        #expect(fixed.periodSplit == nil && fixed.periodAdjustment == 0.5 && fixed.abnormalYears.isEmpty)
    }

    @Test("a share above 1, a word, and a year that is not one are located")
    func errors() {
        let cases: [(String, String)] = [
            (
                "period_adjustment: { national: 1.5, local: 0.75 }\n",
                "p.yaml:4: column 32: period_adjustment: national: expected a share from 0 to 1, got '1.5'"
            ),
            (
                "period_adjustment: lots\n",
                "p.yaml:4: column 20: period_adjustment: expected a weight from 0 to 1, 'estimated', or "
                    + "{ national: …, local: … }, got 'lots'"
            ),
            (
                "abnormal_years: [2020, covid]\n",
                "p.yaml:4: column 24: abnormal_years: 'covid' is not an academic year. Write e.g. 2020 or 2020/21"
            ),
        ]
        for (text, message) in cases {
            do {
                _ = try ModelFile.parse(base + text, file: "p.yaml")
                Issue.record("expected an error for \(text)")
            } catch {
                #expect(error.description == message)
            }
        }
    }

    @Test("a share given for fewer years than asked fades at the rate of the last two, or holds when one is given")
    func fading() {
        let persistence = PeriodPersistence(national: [1], local: [0.8, 0.4], observations: [])
        #expect(persistence.nationalShare(atStep: 5) == 1)
        #expect(persistence.localShare(atStep: 2) == 0.4)
        #expect(abs(persistence.localShare(atStep: 4) - 0.1) < 1e-12)  // 0.4 × 0.5 × 0.5
    }
}
