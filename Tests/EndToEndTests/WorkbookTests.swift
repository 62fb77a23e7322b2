import Foundation
import TestSupport
import Testing

@Suite(
    "placeplan.xlsx for the default city", .enabled(if: canReadWorkbooks, "python3 is needed to unzip the workbook"))
struct WorkbookTests {
    @Test("the sheets, typed numbers, 2023/24 labels, and Forecast totals that add up to forecast.csv")
    func defaultCity() throws {
        let out = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: out) }
        let result = try placeplan(["forecast", "--out", out.path])
        #expect(result.status == 0, "\(result.stderr)")
        let data = try Data(contentsOf: out.appendingPathComponent("placeplan.xlsx"))
        let workbook = try workbookPart(data, "xl/workbook.xml")
        let names = workbook.components(separatedBy: "<sheet name=\"").dropFirst().map {
            String($0.prefix { $0 != "\"" })
        }
        #expect(
            names == [
                "Summary", "Forecast", "Forecast ranges", "Surplus", "Places needed", "Build needs", "Deficit risk",
                "SEND", "Early years", "Accuracy", "Inputs and method",
            ])
        // run.json names the run the Inputs and method sheet names.
        let record = try JSONSerialization.jsonObject(with: Data(contentsOf: out.appendingPathComponent("run.json")))
        let runID = try #require((record as? [String: Any])?["run_id"] as? String)
        let method = try workbookSheet(data, "Inputs and method")
        #expect(method.contains(["Run id", runID]))

        // Forecast: header row with academic-year labels; each area's Total row is the sum of its year groups and
        // equals the area's total in forecast.csv, rounded.
        let forecast = try workbookSheet(data, "Forecast")
        let headerIndex = try #require(forecast.firstIndex { $0.first == "Area" })
        let header = forecast[headerIndex]
        // The first forecast year: the column after "<origin> census".
        let censusColumn = try #require(header.firstIndex { $0.hasSuffix(" census") })
        let column = censusColumn + 1
        let firstYear = try #require(Int(header[column].prefix(4)))
        let csv = try SimpleCSV(out.appendingPathComponent("forecast.csv"))
        var csvTotals: [String: Double] = [:]
        for row in csv.rows where row[csv.columns["year"]!] == String(firstYear) {
            csvTotals[row[csv.columns["area_code"]!], default: 0] += Double(row[csv.columns["pupils"]!])!
        }
        var checked = 0
        for area in csvTotals.keys {
            let rows = forecast.dropFirst(headerIndex + 1).filter { $0.first == area }
            let groups = rows.filter { $0[2] != "Total" }.map { Double($0[column])! }
            let total = try #require(rows.first { $0[2] == "Total" }.map { Double($0[column])! })
            #expect(groups.allSatisfy { $0 == $0.rounded() }, "\(area): whole pupils")
            #expect(groups.reduce(0, +) == total, "\(area): year groups add up to the total")
            #expect(total == csvTotals[area]!.rounded(), "\(area): \(total) vs forecast.csv \(csvTotals[area]!)")
            checked += 1
        }
        #expect(checked == csvTotals.count && checked >= 3, "areas checked: \(checked)")

        // Surplus: numbers (percent points), LA rows present with their areas-short line.
        let surplus = try workbookSheet(data, "Surplus")
        #expect(surplus.contains { $0.first?.hasPrefix("LA total") == true })
        #expect(surplus.contains { $0.first == "  areas short (places short, not offset)" })
        let sheet = try workbookPart(data, "xl/worksheets/sheet4.xml")
        #expect(sheet.contains("<conditionalFormatting"), "status colours")
        // Accuracy: the model's own backtest by phase and horizon, errors growing with the years ahead.
        let accuracy = try workbookSheet(data, "Accuracy")
        let primaryTotals = accuracy.filter { $0.count > 4 && $0[0] == "area total" && $0[1] == "primary" }
        let byHorizon = Dictionary(primaryTotals.map { (Int($0[2])!, Double($0[4])!) }, uniquingKeysWith: { a, _ in a })
        let one = try #require(byHorizon[1])
        let five = try #require(byHorizon[5])
        #expect(five > one, "primary area totals: 5 years ahead \(five)% vs 1 year \(one)%")
        // Deficit risk names schools.
        let risk = try workbookSheet(data, "Deficit risk")
        #expect(risk.contains { $0.count > 1 && !$0[1].isEmpty && $0[1] != "Name" && $0[0] != "School" })
    }
}
