import Foundation
import Spreadsheet
import TestSupport
import Testing

@Suite("Excel workbook writer", .enabled(if: canReadWorkbooks, "python3 is needed to unzip the workbook"))
struct XLSXWriterTests {
    private let surplus = Sheet(
        name: "Surplus",
        columns: [Column("Planning area", width: 18), Column("2022/23"), Column("2023/24")],
        rows: [
            [.text("P01 Central"), .number(5.5, .percentPoints), .number(-2.25, .percentPoints)],
            [.text("LA (2 areas short)"), .number(12, .percentPoints), .empty],
            [.text("Cost"), .number(-34_013, .pounds), .number(1736, .whole)],
        ],
        frozenRows: 1, frozenColumns: 1,
        highlights: [Highlight(columns: 1...2, .below(0), fill: 0xF4CCCC)],
        notes: ["Surplus % of capacity", "Target 5%"])

    @Test("sheets in order, numbers stored as numbers, text shared, header frozen under the notes")
    func readBack() throws {
        let data = try XLSXWriter.workbook(
            [surplus, Sheet(name: "Inputs and method", columns: [Column("Item")], rows: [[.text("run id")]])],
            title: "Test")
        let workbook = try workbookPart(data, "xl/workbook.xml")
        let names = workbook.components(separatedBy: "<sheet name=\"").dropFirst().map { $0.prefix { $0 != "\"" } }
        #expect(names == ["Surplus", "Inputs and method"])
        let sheet = try workbookPart(data, "xl/worksheets/sheet1.xml")
        // Notes in rows 1–2, blank row 3, header row 4, data from row 5: B5 holds 5.5 as a number (no t="s").
        #expect(sheet.contains("<c r=\"B5\" s=\""), "\(sheet)")
        #expect(sheet.contains("<v>5.5</v>") && sheet.contains("<v>-2.25</v>") && sheet.contains("<v>12</v>"))
        #expect(!sheet.contains("<c r=\"C6\""), "the empty cell is not written")
        // Frozen below the header (row 4) and right of column A: the pane's top-left cell is B5.
        #expect(sheet.contains("topLeftCell=\"B5\""), "\(sheet)")
        #expect(sheet.contains("<v>-34013</v>") && sheet.contains("<v>1736</v>"))
        // The rule covers the data rows of columns B–C and is a less-than-0 cell rule.
        #expect(sheet.contains("<conditionalFormatting sqref=\"B5:C7\">"))
        #expect(sheet.contains("operator=\"lessThan\"") && sheet.contains("<formula>0</formula>"))
        #expect(sheet.contains("<autoFilter ref=\"A4:C7\"/>"))
        let strings = try workbookPart(data, "xl/sharedStrings.xml")
        #expect(strings.contains("<t>LA (2 areas short)</t>") && strings.contains("<t>2022/23</t>"))
        let styles = try workbookPart(data, "xl/styles.xml")
        #expect(styles.contains("formatCode=\"0.0\"") && styles.contains("formatCode=\"£#,##0;-£#,##0\""), "\(styles)")
    }

    @Test("a bad sheet name and a non-finite number are refused in words")
    func refusals() {
        #expect(throws: XLSXWriter.Failure.self) {
            try XLSXWriter.workbook([Sheet(name: "a/b", columns: [Column("x")], rows: [])], title: "t")
        }
        let nan = Sheet(name: "N", columns: [Column("x")], rows: [[.number(.nan, .whole)]])
        #expect(throws: XLSXWriter.Failure.self) { try XLSXWriter.workbook([nan], title: "t") }
    }
}
