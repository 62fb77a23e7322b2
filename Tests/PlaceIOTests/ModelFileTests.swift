import Foundation
import Testing
@testable import PlaceForecast
@testable import PlaceIO
import TestSupport

@Suite("Model configuration files")
struct ModelFileTests {
    @Test("models/standard.yaml and models/auto.yaml are the built-in standard and auto models")
    func builtInFiles() throws {
        let standard = try ModelFile.read(repositoryRoot.appendingPathComponent("models/standard.yaml"), displayPath: "standard.yaml")
        #expect(standard == ForecastModel.standard)
        let auto = try ModelFile.read(repositoryRoot.appendingPathComponent("models/auto.yaml"), displayPath: "auto.yaml")
        #expect(auto == ForecastModel.auto)
    }

    @Test("every estimator and the regression intake parse")
    func everyEstimator() throws {
        let model = try ModelFile.parse("""
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
        #expect(model.intake == .regression(IntakeRegression(window: 6, useHousing: true, pooled: true,
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
            _ = try ModelFile.parse("name: x\nintake: { estimator: mean }\nprogression:\n  estimator: mean\n  windw: 3\n",
                                    file: "m.yaml")
            Issue.record("expected an error")
        } catch {
            #expect(error.line == 5)
            #expect(error.columnNumber == 3)
            #expect(error.problem == "unknown setting 'windw'")
        }
    }

    @Test("bad values and missing sections are errors")
    func badValues() {
        let cases = [
            "intake: { estimator: mean }\nprogression: { estimator: average }\n",          // unknown estimator
            "intake: { estimator: mean }\nprogression: { estimator: mean, window: 0 }\n",  // window out of range
            "intake: { estimator: exponential, alpha: 2 }\nprogression: { estimator: mean }\n",
            "horizon: 20\nintake: { estimator: mean }\nprogression: { estimator: mean }\n",
            "intake: { estimator: mean }\n",                                               // no progression
            "intake: [1, 2\n",                                                             // not YAML
            "",
        ]
        for text in cases {
            #expect(throws: InputError.self, "\(text)") { _ = try ModelFile.parse(text, file: "m.yaml") }
        }
    }
}

@Suite("Shipped models")
struct ShippedModelTests {
    @Test("every models/*.yaml parses and validates, with its file name as its name")
    func allShippedModelsParse() throws {
        let folder = repositoryRoot.appendingPathComponent("models")
        let files = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasSuffix(".yaml") }
        #expect(files.count >= 8)
        for file in files {
            let model = try ModelFile.read(folder.appendingPathComponent(file), displayPath: file)
            #expect(model.name + ".yaml" == file)
        }
    }
}
