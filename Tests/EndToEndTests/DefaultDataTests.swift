import Foundation
import TestSupport
import Testing

/// Sums `value` over rows of `csv`, keyed by `key(row)`.
private func totals(
    _ csv: SimpleCSV, value: String, where keep: ([String]) -> Bool = { _ in true },
    key: ([String]) -> String
) -> [String: Double] {
    var sums: [String: Double] = [:]
    for row in csv.rows where keep(row) { sums[key(row), default: 0] += Double(row[csv.columns[value]!])! }
    return sums
}

@Suite("The embedded Southampton-like default data")
struct DefaultDataTests {
    private let inputs = repositoryRoot.appendingPathComponent("inputs")

    @Test(
        "planning-area pupils and births add up to Southampton's published DfE/ONS figures",
        .enabled(if: nationalData != nil, Comment(rawValue: nationalDataMissing)))
    func sumsToPublishedTotals() throws {
        let data = try #require(nationalData)
        let national = try SimpleCSV(data.appendingPathComponent("pupils.csv"))
        let split = try SimpleCSV(inputs.appendingPathComponent("pupils.csv"))
        // The published series may run on past the default city's last census: compare the years it covers.
        let splitYears = Set(split.rows.map { Int($0[split.columns["year"]!])! })
        #expect(splitYears == Set(2011...2019))
        let southampton = { (row: [String]) in
            row[national.columns["area_code"]!] == "E06000045"
                && splitYears.contains(Int(row[national.columns["year"]!])!)
        }
        let publishedPupils = totals(
            national, value: "pupils",
            where: { southampton($0) && $0[national.columns["year_group"]!] != "14" }
        ) {
            "\($0[national.columns["year"]!])|\($0[national.columns["year_group"]!])"
        }
        let splitPupils = totals(split, value: "pupils") {
            "\($0[split.columns["year"]!])|\($0[split.columns["year_group"]!])"
        }
        #expect(publishedPupils.count == 9 * 14)
        #expect(splitPupils == publishedPupils)

        let births = try SimpleCSV(data.appendingPathComponent("births.csv"))
        let publishedBirths = totals(
            births, value: "births", where: { $0[births.columns["area_code"]!] == "E06000045" }
        ) {
            $0[births.columns["year"]!]
        }
        let splitBirthsFile = try SimpleCSV(inputs.appendingPathComponent("births.csv"))
        #expect(totals(splitBirthsFile, value: "births") { $0[splitBirthsFile.columns["year"]!] } == publishedBirths)
    }

    @Test("school capacity adds up to the 2024/25 scorecard: 21,957 primary and 14,587 secondary places")
    func capacityTotals() throws {
        let schools = try SimpleCSV(inputs.appendingPathComponent("schools.csv"))
        let byPhase = totals(schools, value: "net_capacity") { $0[schools.columns["phase"]!] }
        #expect(byPhase["primary"] == 21957)
        #expect(byPhase["secondary"] == 14587)
    }

    @Test(
        "the seeded generator rebuilds the committed files byte for byte",
        .enabled(
            if: FileManager.default.isExecutableFile(atPath: "/usr/bin/python3")
                || FileManager.default.isExecutableFile(atPath: "/usr/local/bin/python3"),
            "needs python3"))
    func generatorReproduces() throws {
        let out = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: out) }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = [
            "python3", repositoryRoot.appendingPathComponent("scripts/generate_inputs.py").path,
            "--out", out.path,
        ]
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        #expect(process.terminationStatus == 0)
        for name in [
            "pupils.csv", "births.csv", "transfer.csv", "schools.csv", "housing.csv", "planning_areas.csv",
            "school_rolls.csv",
        ] {
            let rebuilt = try Data(contentsOf: out.appendingPathComponent(name))
            #expect(rebuilt == (try Data(contentsOf: inputs.appendingPathComponent(name))), "\(name)")
        }
    }
}
