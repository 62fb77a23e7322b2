import Foundation
import PlaceForecast
import PlaceIO
import PlacePipeline
import TestSupport
import Testing

@Suite("School shares on the repository's inputs")
struct SchoolAllocationCityTests {
    @Test(
        "Oakwood Primary's PAN cut 60 → 30 from 2025: its roll stays within its capacity in every forecast year"
    )
    func panCutKeepsTheSchoolWithinCapacity() throws {
        let loaded = try InputSet.load(
            InputLocations(
                inputs: repositoryRoot.appendingPathComponent("inputs").path,
                model: repositoryRoot.appendingPathComponent("models/auto.yaml").path))
        let supply = try loaded.requireSupply()
        #expect(supply.schoolShares == .respectPANs)
        let run = try PipelineRun(loaded, horizon: nil)
        // Oakwood Primary (116138, P04, LA-run) has PAN 60 and is full at the 2022/23 census (58-60 in every year
        // group).
        let cut = PANChange(schoolID: "116138", fromYear: AcademicYear(2025), entryGroup: .reception, newPAN: 30)
        let plan = SupplyPlan(
            schools: supply.plan.schools, panChanges: supply.plan.panChanges + [cut],
            capacityChanges: supply.plan.capacityChanges)
        let result = PipelineRun.plan(run.forecast, supply: supply, plan: plan, census: loaded.forecastInputs.pupils)
            .result
        let rows = result.deficitRisk.filter { $0.school.id == "116138" }
        #expect(rows.count == run.forecast.horizon)
        for row in rows {
            #expect(
                row.roll <= row.capacity + 1e-9, "116138 in \(row.year): roll \(row.roll), capacity \(row.capacity)")
        }
    }

    @Test("school_shares is read, defaults to respect_pans, and the old cap_to_capacity keeps its meaning")
    func schoolSharesSetting() throws {
        func rule(_ text: String) throws -> SchoolShareRule {
            try SupplyReaders.planning(YAMLDocument(text: text, file: "planning.yaml")).schoolShares
        }
        #expect(try rule("target_percent: 5\n") == .respectPANs)
        #expect(try rule("school_shares: historical\n") == .historical)
        #expect(try rule("school_shares: historical_capped\n") == .historicalCapped)
        #expect(try rule("cap_to_capacity: false\n") == .historical)
        #expect(try rule("cap_to_capacity: true\n") == .historicalCapped)
        #expect(throws: InputError.self) { try rule("school_shares: capped\n") }
        #expect(throws: InputError.self) { try rule("school_shares: respect_pans\ncap_to_capacity: true\n") }
    }
}
