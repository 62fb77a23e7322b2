import Foundation
import TestSupport
import Testing

@Suite("placeplan show")
struct ShowCommandTests {
    @Test("one area: year groups add up to the total, the census column is the census, lower case accepted")
    func area() throws {
        let result = try placeplan(["show", "--area", "p01"])
        #expect(result.status == 0, "\(result.stderr)")
        let lines = result.stdout.split(separator: "\n").map(String.init)
        let numbers = { (line: String) in line.split(separator: " ").dropFirst().compactMap { Int($0) } }
        let groups = lines.filter { $0.hasPrefix("    R") || $0.hasPrefix("   Y") }.map(numbers)
        let total = try #require(lines.first { $0.hasPrefix("Total") }.map(numbers))
        #expect(groups.count == 7, "R to Y6")
        for column in total.indices {
            #expect(groups.map { $0[column] }.reduce(0, +) == total[column], "column \(column)")
        }
        // The census column is the 2022/23 census of P01's Reception in inputs/pupils.csv.
        let pupils = try SimpleCSV(repositoryRoot.appendingPathComponent("inputs/pupils.csv"))
        let reception = try #require(
            pupils.rows.first {
                $0[pupils.columns["area_code"]!] == "P01" && $0[pupils.columns["year"]!] == "2022"
                    && $0[pupils.columns["year_group"]!] == "R"
            }.map { Int(Double($0[pupils.columns["pupils"]!])!.rounded()) })
        #expect(groups[0][0] == reception)
    }

    @Test("one year group with its interval; an unknown area gets did you mean")
    func yearGroupAndUnknownArea() throws {
        let result = try placeplan(["show", "--area", "P01", "--year-group", "Y3"])
        #expect(result.status == 0)
        #expect(result.stdout.contains("year group 3") && result.stdout.contains("forecast  80%: "))
        let unknown = try placeplan(["show", "--area", "P1"])
        #expect(unknown.status != 0)
        #expect(unknown.stderr.contains("no area 'P1' in the pupils file. Did you mean 'P01'?"), "\(unknown.stderr)")
    }

    @Test("explain matches an area code whatever its case, and says did you mean for an unknown one")
    func explainAreaCase() throws {
        let lower = try placeplan(["explain", "--area", "p02", "--year", "2025/26", "--year-group", "R"])
        #expect(lower.status == 0, "\(lower.stderr)")
        #expect(lower.stdout.hasPrefix("Reception in P02 "), "\(lower.stdout.prefix(200))")
        let unknown = try placeplan(["explain", "--area", "P2", "--year", "2025", "--year-group", "R"])
        #expect(unknown.status != 0)
        #expect(unknown.stderr.contains("--area: no area 'P2' in the pupils file. Did you mean 'P02'?"))
    }
}
