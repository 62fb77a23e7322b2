import Foundation
import PlaceIO
import TestSupport
import Testing

/// The real January 2023 census by school, read in place beside the national data
/// (`../shared/data/england_schools_2022`); nil when absent.
private let schoolCensus: URL? = nationalData.map {
    $0.deletingLastPathComponent().appendingPathComponent("england_schools_2022")
}.flatMap { FileManager.default.fileExists(atPath: $0.appendingPathComponent("schools.csv").path) ? $0 : nil }

private let schoolCensusMissing =
    "needs the national data and the census by school in ../shared/data/england_la and england_schools_2022; "
    + "not in this clone"

/// Runs `scripts/generate_england.py` with `options`, writing into `folder`.
private func generateEngland(_ options: [String], into folder: URL) throws {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments =
        [
            "python3", repositoryRoot.appendingPathComponent("scripts/generate_england.py").path,
            "--schools-from", schoolCensus!.path, "--la-from", nationalData!.path, "--out", folder.path,
        ] + options
    let errors = Pipe()
    process.standardOutput = FileHandle.nullDevice
    process.standardError = errors
    try process.run()
    let message = errors.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    #expect(process.terminationStatus == 0, "\(String(decoding: message, as: UTF8.self))")
}

/// Sums `value` over the rows of `file`, keyed by `key` (the row's fields by column name).
private func sums(_ file: URL, value: String, key: ([String: String]) -> String?) throws -> [String: Double] {
    let table = try CSVTable(contentsOf: file, displayPath: file.path)
    var totals: [String: Double] = [:]
    for record in table.records {
        let row = Dictionary(uniqueKeysWithValues: zip(table.header, record.fields))
        guard let key = key(row) else { continue }
        totals[key, default: 0] += Double(row[value]!)!
    }
    return totals
}

/// England at school level (issue 15): the seeded generator's folder for a few LAs, checked against the published
/// figures it must add up to, and forecast on every core and on one with the same bytes.
@Suite(
    "England at school level: the generator's areas and their forecast",
    .enabled(if: schoolCensus != nil, Comment(rawValue: schoolCensusMissing)))
struct EnglandSchoolLevelTests {
    @Test("three LAs: the areas add up to the published LA pupils and the schools hold their real 2022/23 rolls")
    func generatedAreasAddUp() throws {
        let folder = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        try generateEngland(["--las", "3"], into: folder.appendingPathComponent("england"))
        let data = folder.appendingPathComponent("england")
        var la: [String: String] = [:]
        let areas = try CSVTable(
            contentsOf: data.appendingPathComponent("planning_areas.csv"), displayPath: "planning_areas.csv")
        let (codeColumn, laColumn) = (
            areas.header.firstIndex(of: "area_code")!, areas.header.firstIndex(of: "la_code")!
        )
        for record in areas.records { la[record.fields[codeColumn]] = record.fields[laColumn] }
        #expect(Set(la.values).count == 3)
        // Every LA, year (2011/12-2022/23) and year group: the areas' pupils against the published LA figure.
        let generated = try sums(data.appendingPathComponent("pupils.csv"), value: "pupils") { row in
            la[row["area_code"]!].map { "\($0)|\(row["year"]!)|\(row["year_group"]!)" }
        }
        let groups = Set(["R"] + (1...13).map(String.init))
        let published = try sums(nationalData!.appendingPathComponent("pupils.csv"), value: "pupils") { row in
            Set(la.values).contains(row["area_code"]!) && Int(row["year"]!)! >= 2011
                && groups.contains(row["year_group"]!)
                ? "\(row["area_code"]!)|\(row["year"]!)|\(row["year_group"]!)" : nil
        }
        #expect(published.count == 3 * 12 * 14, "3 LAs × 12 years × Reception to Year 13")
        let differing = published.keys.sorted().filter { generated[$0] != published[$0] }
        #expect(differing.isEmpty, "LA|year|year group where the areas do not add up: \(differing.prefix(10))")
        #expect(generated.count == published.count)
        // Each school's 2022/23 rolls are its real census rolls (R-13; the census also has nursery and Year 14).
        let rolls = try sums(data.appendingPathComponent("school_rolls.csv"), value: "pupils") { row in
            row["year"] == "2022" ? "\(row["school_id"]!)|\(row["year_group"]!)" : nil
        }
        let schools = Set(rolls.keys.map { String($0.prefix { $0 != "|" }) })
        let census = try sums(schoolCensus!.appendingPathComponent("pupils_by_school.csv"), value: "pupils") { row in
            schools.contains(row["urn"]!) && groups.contains(row["year_group"]!)
                ? "\(row["urn"]!)|\(row["year_group"]!)" : nil
        }
        #expect(schools.count > 50)
        let differentRolls = census.keys.sorted().filter { rolls[$0] != census[$0] }
        #expect(
            differentRolls.isEmpty,
            "school|year group whose 2022/23 roll is not the census: \(differentRolls.prefix(10))")
        #expect(rolls.filter { $0.value > 0 }.count == census.count)
    }

    @Test("three LAs: every planning area is forecast and planned, byte for byte the same serially")
    func forecastOfEveryArea() throws {
        let folder = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let data = folder.appendingPathComponent("england")
        try generateEngland(["--las", "3"], into: data)
        let parallel = folder.appendingPathComponent("parallel")
        let serial = folder.appendingPathComponent("serial")
        let first = try placeplan(["forecast", "--inputs", data.path, "--out", parallel.path])
        #expect(first.status == 0, "\(first.stderr)")
        let second = try placeplan(
            ["forecast", "--inputs", data.path, "--out", serial.path], environment: ["PLACEPLAN_SERIAL": "1"])
        #expect(second.status == 0, "\(second.stderr)")
        for name in ["forecast.csv", "surplus.csv", "build_needs.csv", "deficit_risk.csv"] {
            let a = try Data(contentsOf: parallel.appendingPathComponent(name))
            let b = try Data(contentsOf: serial.appendingPathComponent(name))
            #expect(a == b, "\(name) differs between the parallel and the serial run")
        }
        let areas = try CSVTable(
            contentsOf: data.appendingPathComponent("planning_areas.csv"), displayPath: "planning_areas.csv")
        let surplus = try CSVTable(
            contentsOf: parallel.appendingPathComponent("surplus.csv"), displayPath: "surplus.csv")
        let codeColumn = areas.header.firstIndex(of: "area_code")!
        let surplusColumn = surplus.header.firstIndex(of: "area_code")!
        let planned = Set(surplus.records.map { $0.fields[surplusColumn] })
        #expect(areas.records.count > 10)
        #expect(Set(areas.records.map { $0.fields[codeColumn] }).isSubset(of: planned))
        // Three LAs: the summary speaks of them together, not as one LA's years.
        #expect(first.stdout.contains("LAs, primary (R–6), 3 LAs: 2022/23"))
    }
}
