import Foundation
import TestSupport
import Testing

@testable import PlaceIO

private let known: Set<String> = ["E06000045", "E06000044", "E06000026", "E08000025", "E06000023"]

private func read(_ text: String) throws(InputError) -> ComparatorGroups {
    try ComparatorsFile.read(text, file: "comparators.yaml", knownAreas: known)
}

/// The error `text` raises; nil when it reads.
private func failure(_ text: String) -> InputError? {
    do {
        _ = try read(text)
        return nil
    } catch {
        return error
    }
}

@Suite("Comparator groups file (models/comparators.yaml)")
struct ComparatorsFileTests {
    @Test("neighbours by LA and the core cities, in the file's order")
    func reads() throws {
        let groups = try read(
            """
            statistical_neighbours:
              E06000045: [E06000044, E06000026]
            core_cities:
              - E08000025
              - E06000023
            """)
        #expect(groups.statisticalNeighbours == ["E06000045": ["E06000044", "E06000026"]])
        #expect(groups.coreCities == ["E08000025", "E06000023"])
    }

    @Test("an unknown code is an error at its line, with a did-you-mean")
    func unknownCode() throws {
        let error = try #require(
            failure(
                """
                statistical_neighbours:
                  E06000045:
                    - E06000044
                    - E08000024
                core_cities: [E08000025]
                """))
        #expect(error.line == 4)
        #expect(error.problem == "unknown LA code 'E08000024'")
        #expect(error.description.hasPrefix("comparators.yaml:4:"))
        #expect(error.description.contains("Did you mean 'E08000025'?"))
        let inKey = try #require(failure("statistical_neighbours:\n  E0600004X: [E06000044]\n"))
        #expect(inKey.line == 2)
        #expect(inKey.problem == "unknown LA code 'E0600004X'")
        let inCore = try #require(failure("core_cities: [E08000025, X]\n"))
        #expect(inCore.line == 1)
        #expect(inCore.problem == "unknown LA code 'X'")
    }

    @Test("wrong shapes, repeats, the LA as its own neighbour and unknown settings are located errors")
    func shapes() throws {
        #expect(failure("core_cities: E08000025\n")?.problem.contains("expected a list of LA codes") == true)
        #expect(failure("core_cities: [E08000025, E08000025]\n")?.problem == "core_cities: 'E08000025' is listed twice")
        #expect(
            failure("statistical_neighbours:\n  E06000045: [E06000045]\n")?.problem
                == "E06000045 is listed as its own statistical neighbour")
        let unknown = try #require(failure("core_cites: [E08000025]\n"))
        #expect(unknown.line == 1)
        #expect(unknown.problem == "unknown setting 'core_cites'")
    }

    @Test("areas.csv: code, name, stable; a bad stable flag is located")
    func areas() throws {
        let table = try CSVTable(
            text: "area_code,la_number,area_name,stable\nE06000045,852,Southampton,true\nE06000058,839,BCP,false\n",
            file: "areas.csv")
        #expect(
            try ComparatorsFile.areas(table) == [
                LADirectoryEntry(code: "E06000045", name: "Southampton", stable: true),
                LADirectoryEntry(code: "E06000058", name: "BCP", stable: false),
            ])
        let bad = try CSVTable(text: "area_code,area_name,stable\nE06000045,Southampton,yes\n", file: "areas.csv")
        #expect(throws: InputError.self) { try ComparatorsFile.areas(bad) }
    }

    @Test(
        "the committed models/comparators.yaml reads against the national areas.csv; core cities by name",
        .enabled(if: nationalData != nil, Comment(rawValue: nationalDataMissing)))
    func committedFile() throws {
        let areasURL = nationalData!.appendingPathComponent("areas.csv")
        let directory = try ComparatorsFile.areas(CSVTable(contentsOf: areasURL, displayPath: "areas.csv"))
        let url = repositoryRoot.appendingPathComponent("models/comparators.yaml")
        let groups = try ComparatorsFile.read(
            String(decoding: try Data(contentsOf: url), as: UTF8.self), file: "comparators.yaml",
            knownAreas: Set(directory.map(\.code)))
        let names = Dictionary(uniqueKeysWithValues: directory.map { ($0.code, $0.name) })
        #expect(
            groups.coreCities.map { names[$0]! } == [
                "Birmingham", "Bristol, City of", "Leeds", "Liverpool", "Manchester", "Newcastle upon Tyne",
                "Nottingham", "Sheffield",
            ])
        #expect(groups.statisticalNeighbours["E06000045"]?.count == 10)
    }
}
