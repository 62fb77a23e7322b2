import Foundation
import PlaceForecast
import PlaceIO
import PlacePipeline
import TestSupport
import Testing

private let root = repositoryRoot
private let repoInputs = root.appendingPathComponent("inputs").path
private let autoModel = root.appendingPathComponent("models/auto.yaml").path

/// The repository's inputs, with the auto model read by absolute path (tests may run from any folder).
private func loadRepository() throws -> InputSet {
    try InputSet.load(InputLocations(inputs: repoInputs, model: autoModel))
}

/// A copy of the repository's inputs in a fresh temporary folder, `edit` applied to it; returns the folder.
private func editedInputs(_ edit: (URL) throws -> Void) throws -> String {
    let folder = FileManager.default.temporaryDirectory
        .appendingPathComponent("placepipeline-\(UUID().uuidString)")
    try FileManager.default.copyItem(at: URL(fileURLWithPath: repoInputs), to: folder)
    try edit(folder)
    return folder.path
}

/// Keeps the header and the rows of `file` whose `column`-th field satisfies `keep`.
private func filterCSV(_ file: URL, column: Int, keep: (String) -> Bool) throws {
    let lines = try String(contentsOf: file, encoding: .utf8).split(separator: "\n").map(String.init)
    let kept =
        [lines[0]]
        + lines.dropFirst().filter { line in
            let fields = line.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
            return fields.count > column && keep(fields[column])
        }
    try (kept.joined(separator: "\n") + "\n").write(to: file, atomically: true, encoding: .utf8)
}

@Suite("Forecast pipeline on the repository's inputs")
struct ForecastPipelineTests {
    @Test func laTotalsEqualTheSumOfTheirPlanningAreas() throws {
        let loaded = try loadRepository()
        let supply = try #require(loaded.supply)
        let run = try PipelineRun(loaded, horizon: nil)
        let result = try #require(run.planning?.result)
        let laOf = Dictionary(uniqueKeysWithValues: supply.areas.map { ($0.code, $0.laCode) })
        let laCodes = Set(laOf.values)
        #expect(laCodes == ["E06000045"])
        let forecastRows = result.surplus.filter(\.isForecast)
        var checked = 0
        for la in forecastRows where laCodes.contains(la.areaCode) {
            let parts = forecastRows.filter {
                laOf[$0.areaCode] == la.areaCode && $0.phase == la.phase && $0.year == la.year
            }
            #expect(parts.count >= 3)
            #expect(abs(parts.reduce(0) { $0 + $1.pupils } - la.pupils) < 1e-6)
            #expect(abs(parts.reduce(0) { $0 + $1.capacity } - la.capacity) < 1e-6)
            checked += 1
        }
        // Primary and secondary, 2023 to 2029 (origin 2022, default horizon 7).
        #expect(checked == 14)
    }

    @Test func surplusRowsForEveryPlanningAreaAndForecastYear() throws {
        let loaded = try loadRepository()
        let supply = try #require(loaded.supply)
        let run = try PipelineRun(loaded, horizon: 4)
        let result = try #require(run.planning?.result)
        #expect(run.forecast.origin == AcademicYear(2022))
        #expect(run.forecast.years == AcademicYear(2023)...AcademicYear(2026))
        #expect(supply.areas.count == 10)
        for area in supply.areas {
            for year in 2023...2026 {
                let rows = result.surplus.filter {
                    $0.areaCode == area.code && $0.phase == area.phase && $0.year == AcademicYear(year) && $0.isForecast
                }
                #expect(rows.count == 1, "\(area.code) \(year)")
            }
        }
        #expect(!result.surplus.contains { $0.isForecast && $0.year > AcademicYear(2026) })
    }

    @Test func runRecordNamesEveryInputFileWithItsChecksum() throws {
        let loaded = try loadRepository()
        let run = try PipelineRun(loaded, horizon: 2)
        let record = run.record(loaded, version: "test")
        #expect(record["origin"] as? Int == 2022)
        #expect(record["horizon"] as? Int == 2)
        let inputs = try #require(record["inputs"] as? [[String: Any]])
        let names = Set(inputs.compactMap { ($0["path"] as? String).map { ($0 as NSString).lastPathComponent } })
        #expect(names.isSuperset(of: ["pupils.csv", "births.csv", "schools.csv", "ehcp.csv", "planning_areas.csv"]))
        let pupils = try #require(inputs.first { ($0["path"] as? String)?.hasSuffix("pupils.csv") == true })
        let size = try FileManager.default.attributesOfItem(atPath: repoInputs + "/pupils.csv")[.size] as? Int
        #expect(pupils["bytes"] as? Int == size)
        #expect((pupils["sha256"] as? String)?.count == 64)
    }
}

@Suite("Scenarios")
struct ScenarioPipelineTests {
    @Test func panCutLowersOnlyItsAreaFromTheYearItApplies() throws {
        let loaded = try loadRepository()
        let supply = try #require(loaded.supply)
        let base = try PipelineRun(loaded, horizon: nil)
        let context = ScenarioFile.Context(
            schools: supply.plan.schools, areas: supply.areas,
            origin: base.forecast.origin)
        // Shirley Warren Primary (116262, P03) has PAN 60 in schools.csv: 30 fewer Reception places from the 2025
        // intake (the first a decision after the January 2023 census can change), so 30 fewer primary places in
        // 2025, 60 in 2026 (two cohorts admitted at 30), 90 in 2027, 120 in 2028, 150 in 2029.
        let scenario = try ScenarioFile.parse(
            """
            name: cut-shirley-warren
            pan_changes:
              - { school: "116262", from: 2025, pan: 30 }
            """, file: "cut.yaml", context: context)
        let runs = try ScenarioPipeline.run([Scenario(name: "base"), scenario], loaded: loaded, base: base)
        let expectedCut: [Int: Double] = [2023: 0, 2024: 0, 2025: 30, 2026: 60, 2027: 90, 2028: 120, 2029: 150]
        let before = runs[0].result.surplus.filter(\.isForecast)
        let after = runs[1].result.surplus.filter(\.isForecast)
        #expect(before.count == after.count)
        for (old, new) in zip(before, after) {
            #expect(old.areaCode == new.areaCode && old.phase == new.phase && old.year == new.year)
            #expect(old.pupils == new.pupils)
            let inP03 = (old.areaCode == "P03" || old.areaCode == "E06000045") && old.phase == .primary
            let cut = inP03 ? expectedCut[old.year.startYear]! : 0
            #expect(abs(old.capacity - new.capacity - cut) < 1e-9, "\(old.areaCode) \(old.year)")
        }
    }

    @Test func highBirthsGiveMoreReceptionPupilsThanTheBase() throws {
        let loaded = try loadRepository()
        let base = try PipelineRun(loaded, horizon: nil)
        let file = root.appendingPathComponent("models/scenarios/high-births.yaml").path
        let scenarios = try ScenarioPipeline.scenarios([file], loaded: loaded, base: base)
        #expect(scenarios.map(\.name) == ["base", "high-births"])
        let runs = try ScenarioPipeline.run(scenarios, loaded: loaded, base: base)
        func reception(_ forecast: Forecast) -> [String: ForecastRow] {
            var byKey: [String: ForecastRow] = [:]
            for row in forecast.rows where row.yearGroup == .reception {
                byKey["\(row.area.code) \(row.year)"] = row
            }
            return byKey
        }
        let basePupils = reception(runs[0].forecast)
        let highPupils = reception(runs[1].forecast)
        #expect(basePupils.count == 7 * 7)  // seven primary areas, 2023 to 2029
        #expect(Set(basePupils.keys) == Set(highPupils.keys))
        for (key, base) in basePupils {
            let high = highPupils[key]!
            // Births 5% higher raise trend Reception by at most 5%; housing-led pupils (negative where building is
            // below the trend's rate) are the same in both, so the 5% bound holds for the trend part.
            #expect(high.pupils > base.pupils, "\(key)")
            #expect(high.trendPupils <= base.trendPupils * 1.05 + 1e-6, "\(key)")
            #expect(abs(high.housingPupils - base.housingPupils) < 1e-9, "\(key)")
        }
    }
}

@Suite("SEND with short EHC plan histories")
struct ShortEHCPTests {
    @Test func twoYearsOfEHCPlansForecastWithoutIntervalsAndSayWhy() throws {
        let folder = try editedInputs { folder in
            try filterCSV(folder.appendingPathComponent("ehcp.csv"), column: 1) { $0 == "2018" || $0 == "2019" }
            try FileManager.default.removeItem(at: folder.appendingPathComponent("ehcp_new.csv"))
        }
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let loaded = try InputSet.load(InputLocations(inputs: folder, model: autoModel))
        let caseload = try #require(loaded.caseload)
        #expect(SendPipeline.calibrationOrigins(caseload, through: AcademicYear(2018)).isEmpty)
        let run = try PipelineRun(loaded, horizon: 3)
        let send = try #require(run.send)
        #expect(send.note?.contains("2018/19 to 2019/20") == true)
        #expect(send.summary.contains(send.note!))
        #expect(!send.rows.isEmpty)
        #expect(send.rows.allSatisfy { $0.interval80 == nil })
        #expect(Set(send.rows.map(\.year)) == [AcademicYear(2020), AcademicYear(2021), AcademicYear(2022)])
        // The SEND backtest declines in words instead of trapping.
        let backtest = SendPipeline.backtest(
            caseload, origins: nil, horizons: 1...3,
            pupils: { _, _ in 1000 }, areas: nil, isScored: { _ in true })
        guard case .failure(let note) = backtest else {
            Issue.record("expected the SEND backtest to decline")
            return
        }
        #expect(note.message.contains("too short"))
    }

    @Test func fullEHCPHistoryGivesIntervalsAndNoNote() throws {
        let loaded = try loadRepository()
        let caseload = try #require(loaded.caseload)
        // Counts 2009 to 2019: origins with two years behind them are 2011 onwards.
        #expect(
            SendPipeline.calibrationOrigins(caseload, through: AcademicYear(2018))
                == (2011...2018).map(AcademicYear.init))
        let send = try #require(try PipelineRun(loaded, horizon: 3).send)
        #expect(send.note == nil)
        #expect(send.rows.contains { $0.interval80 != nil })
    }
}

@Suite("Backtest orchestration")
struct BacktestPipelineTests {
    private let lastModel = root.appendingPathComponent("models/last.yaml").path

    @Test func defaultOriginsRunFromTheSecondYearToTheYearBeforeTheLast() throws {
        // Pupils 2011 to 2022: origins 2012 to 2021; EHC plans 2009 to 2021 add the SEND backtest, early years
        // take-up 2017 to 2024 the early-years one.
        let options = BacktestOptions(
            locations: InputLocations(inputs: repoInputs), models: [lastModel],
            horizons: 1...2)
        let outcome = try BacktestPipeline.run(options, version: "test")
        #expect(outcome.record["origins"] as? String == "2012-2021")
        #expect(outcome.record["horizons"] as? String == "1-2")
        #expect(outcome.record["targets"] as? String == "all")
        #expect(outcome.record["models"] as? [String] == ["last"])
        #expect(
            outcome.files.map(\.0) == [
                "backtest.csv", "accuracy.csv", "send_backtest.csv", "send_accuracy.csv", "early_years_backtest.csv",
                "early_years_accuracy.csv",
            ])
        #expect(outcome.sendNote == nil)
        #expect(Set(outcome.summaries.map(\.horizon)) == [1, 2])
    }

    @Test func twoYearsOfEHCPlansSkipTheSendBacktestWithANote() throws {
        let folder = try editedInputs { folder in
            try filterCSV(folder.appendingPathComponent("ehcp.csv"), column: 1) { $0 == "2018" || $0 == "2019" }
            try FileManager.default.removeItem(at: folder.appendingPathComponent("ehcp_new.csv"))
        }
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let options = BacktestOptions(
            locations: InputLocations(inputs: folder), models: [lastModel],
            origins: AcademicYear(2016)...AcademicYear(2017), horizons: 1...1)
        let outcome = try BacktestPipeline.run(options, version: "test")
        #expect(!outcome.files.map(\.0).contains("send_backtest.csv"))
        #expect(outcome.sendNote?.contains("too short") == true)
        #expect(outcome.record["origins"] as? String == "2016-2017")
    }

    @Test func scenariosWithoutPlanningAreasNameTheMissingFile() throws {
        let folder = try editedInputs { folder in
            try FileManager.default.removeItem(at: folder.appendingPathComponent("planning_areas.csv"))
            // Providers need planning areas too (their own error says so); without them early years runs on take-up.
            try FileManager.default.removeItem(at: folder.appendingPathComponent("early_years_providers.csv"))
        }
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let loaded = try InputSet.load(InputLocations(inputs: folder, model: autoModel))
        #expect(loaded.supply == nil)
        do {
            _ = try loaded.requireSupply()
            Issue.record("expected an error naming planning_areas.csv")
        } catch {
            #expect(error.file == folder + "/planning_areas.csv")
            #expect(error.description.contains("file not found"))
        }
    }
}
