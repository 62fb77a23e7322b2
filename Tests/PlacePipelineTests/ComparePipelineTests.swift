import Foundation
import Spreadsheet
import TestSupport
import Testing

@testable import PlaceForecast
@testable import PlaceIO
@testable import PlacePipeline

@Suite("placeplan compare in process")
struct ComparePipelineTests {
    private func options(la: String? = "E06000045", data: String? = nil) -> CompareOptions {
        CompareOptions(
            la: la, data: data ?? nationalData?.path ?? "missing",
            comparators: repositoryRoot.appendingPathComponent("models/comparators.yaml").path,
            inputs: repositoryRoot.appendingPathComponent("inputs").path)
    }

    @Test(
        "Southampton on the national data: published facts, computed by hand from the CSVs",
        .enabled(if: nationalData != nil, Comment(rawValue: nationalDataMissing)))
    func southampton() throws {
        // The LA comes from inputs/planning_areas.csv's la_code when not given.
        let outcome = try ComparePipeline.run(options(la: nil), version: "test")
        let comparison = outcome.comparison
        #expect(comparison.la == Area(code: "E06000045", name: "Southampton"))
        #expect(comparison.origin == AcademicYear(2022))
        #expect(comparison.ehcpYear == AcademicYear(2021))
        #expect(comparison.backtestOrigins == AcademicYear(2019)...AcademicYear(2021))
        #expect(comparison.stableCount == 146)
        #expect(comparison.neighbours.count == 10)
        #expect(comparison.coreCities.map(\.name).contains("Sheffield"))
        let own = try #require(comparison.values["E06000045"])
        // Made with, in ../shared/data/england_la:
        // python3 -c "import csv
        // P={(int(r['year']),r['year_group']):int(r['pupils']) for r in csv.DictReader(open('pupils.csv'))
        //    if r['area_code']=='E06000045'}
        // B={int(r['year']):int(r['births']) for r in csv.DictReader(open('births.csv'))
        //    if r['area_code']=='E06000045'}
        // E={int(r['year']):int(r['plans']) for r in csv.DictReader(open('ehcp.csv'))
        //    if r['area_code']=='E06000045' and r['age_band']=='Total'}
        // prim=lambda y: sum(P[(y,g)] for g in ['R']+[str(i) for i in range(1,7)])
        // sec=lambda y: sum(P[(y,str(g))] for g in range(7,12))
        // print(P[(2022,'R')],B[2018], sum(P[(y,'R')]/B[y-4] for y in (2020,2021,2022))/3)
        // print(prim(2017),prim(2022),sec(2017),sec(2022),E[2018],E[2021],prim(2021)+sec(2021))"
        // -> 2643 3083 0.8410139786091514 / 20050 19496 10311 12735 1522 1938 31852
        #expect(isClose(own[.receptionBirths], 2643.0 / 3083))
        #expect(isClose(own[.receptionBirthsMean], 0.8410139786091514))
        #expect(isClose(own[.primaryTrend], 100 * (19496.0 / 20050 - 1)))  // -2.76%
        #expect(isClose(own[.secondaryTrend], 100 * (12735.0 / 10311 - 1)))  // +23.51%
        #expect(isClose(own[.ehcpRate], 1000 * 1938.0 / 31852))  // 60.84
        #expect(isClose(own[.ehcpGrowth], 100 * (pow(1938.0 / 1522, 1.0 / 3) - 1)))  // 8.39% a year
        // The forecast and backtest are the project's own: present and plausible.
        #expect((-25...25).contains(try #require(own[.primaryProjected])))
        #expect((-25...25).contains(try #require(own[.secondaryProjected])))
        #expect((0...5).contains(try #require(own[.primaryAccuracy])))
        #expect((0...5).contains(try #require(own[.secondaryAccuracy])))
        // Bristol is both a neighbour and a core city; the LA is nowhere near itself.
        let bristol = try #require(comparison.members.first { $0.area.code == "E06000023" })
        #expect(bristol.groups == [.neighbour, .coreCity])
        #expect(comparison.nearest.count == PlanningRules.compareNearestCount)
        #expect(!comparison.nearest.contains { $0.area.code == "E06000045" })
        // compare.csv: one row per LA x measure; the table writes years as 2022/23 and percentages to one decimal.
        let csv = try #require(
            outcome.files.first { $0.0 == "compare.csv" }.map { String(decoding: $0.1, as: UTF8.self) })
        #expect(
            csv.split(separator: "\n").count == 1 + comparison.members.count * ComparisonMeasure.allCases.count)
        #expect(csv.contains("E06000045,Southampton,la,true,reception_births_ratio,2022/23,0.8573"))
        #expect(outcome.table.contains("2017/18 to 2022/23"))
        #expect(outcome.table.contains("-2.8%"))
        #expect(outcome.table.contains("23.5%"))
        #expect(outcome.table.contains("60.8"))
        let sheet = CompareReport.sheet(comparison)
        #expect(sheet.name == "Comparators")
        #expect(sheet.rows.count == ComparisonMeasure.allCases.count)
        // The sheet writes, and reads back with the ratio stored at full precision (shown as 85.7%).
        let workbook = try XLSXWriter.workbook([sheet], title: "compare")
        if canReadWorkbooks {
            let cells = try workbookSheet(workbook, "Comparators")
            let header = cells[sheet.headerRow]
            #expect(header.prefix(3) == ["Measure", "Years", "Southampton"])
            let ratio = try #require(cells.first { $0.first == "Reception / births (Y-4)" })
            #expect(ratio[1] == "2022/23")
            #expect(isClose(Double(ratio[2]), 2643.0 / 3083, 1e-6))
        }
    }

    @Test("a missing data folder is an error naming where it looked and what to pass")
    func missingData() {
        do {
            _ = try ComparePipeline.run(options(data: "/nowhere/england_la"), version: "test")
            Issue.record("expected an error")
        } catch let error as InputError {
            #expect(error.file == "/nowhere/england_la/pupils.csv")
            #expect(error.description.contains("looked for pupils.csv in '/nowhere/england_la'"))
            #expect(error.description.contains("Pass --data DIR"))
        } catch {
            Issue.record("unexpected \(error)")
        }
    }

    @Test(
        "an unknown --la is refused with a did-you-mean",
        .enabled(if: nationalData != nil, Comment(rawValue: nationalDataMissing)))
    func unknownLA() {
        do {
            _ = try ComparePipeline.run(options(la: "Southamptn"), version: "test")
            Issue.record("expected an error")
        } catch let error as PipelineError {
            #expect(error.message.contains("Did you mean 'Southampton'?"))
        } catch {
            Issue.record("unexpected \(error)")
        }
    }
}
