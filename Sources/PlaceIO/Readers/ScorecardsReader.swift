import Foundation
import PlaceForecast

/// Reader of `scorecards.csv`, the LAs' own forecast errors from DfE's school places scorecards.
public enum ScorecardsReader {
    /// The score columns: (column name, phase, scorecard column 1 or 3).
    static let scoreColumns: [(name: String, phase: Phase, column: Int)] = [
        ("For_1_P", .primary, 1), ("For_3_P", .primary, 3), ("For_1_S", .secondary, 1), ("For_3_S", .secondary, 3),
    ]

    /// `scorecards.csv`: `area_code,target_year,For_1_P,For_3_P,For_1_S,For_3_S` (other columns, such as
    /// `la_number,la_name,scap_year`, are ignored). `target_year` is the academic year scored (2021 = 2021/22, or
    /// written `2021/22`); each `For_` value is the signed error of the LA's forecast of its LA total as a
    /// proportion (0.01 = 1% over-forecast, negative = under-forecast), `P` primary R–6, `S` secondary 7–11, made
    /// 1 or 3 years earlier. A blank cell means DfE published no score. The 3-year column of 2022/23 holds a
    /// 2-year score and is read as horizon 2 (``Scorecards/horizon(column:target:)``). One row per area and
    /// target year.
    public static func scores(_ table: CSVTable) throws(InputError) -> [LAScore] {
        let columns = try table.columns(["area_code", "target_year"] + scoreColumns.map(\.name))
        var duplicates = DuplicateGuard<String>()
        var scores: [LAScore] = []
        for record in table.records {
            let area = try record.text("area_code", in: table, at: columns)
            let target = AcademicYear(try record.academicYear("target_year", in: table, at: columns))
            try duplicates.check(
                "\(area)|\(target.startYear)", record, in: table,
                "duplicate row for \(area), target year \(target.startYear)",
                hint: "Keep one row per area and target year")
            for (name, phase, column) in scoreColumns {
                guard let error = try proportion(name, record, table, columns) else { continue }
                scores.append(
                    LAScore(
                        areaCode: area, target: target, phase: phase,
                        horizon: Scorecards.horizon(column: column, target: target), column: column, error: error))
            }
        }
        return scores
    }

    /// A signed error as a proportion, between −1 and 1 (exclusive); nil for a blank cell.
    private static func proportion(
        _ column: String, _ record: CSVTable.Record, _ table: CSVTable, _ columns: ColumnPositions
    ) throws(InputError) -> Double? {
        let index = columns[column]!
        let written = trimmed(record.fields[index])
        guard !written.isEmpty else { return nil }
        func fail(_ problem: String, _ hint: String) -> InputError {
            InputError(
                file: table.file, line: record.line, column: column, columnNumber: index + 1, problem: problem,
                hint: hint)
        }
        if written.hasSuffix("%"), let percent = Double(trimmed(String(written.dropLast()))) {
            throw fail(
                "'\(written)' is a percentage, but this column holds a proportion",
                "Write \(CSVWriter.number(percent / 100, decimals: 6)) for \(written)")
        }
        guard let value = Double(written), value.isFinite else {
            throw fail(
                "'\(written)' is not a number",
                "Give the signed error as a proportion, e.g. -0.012 for 1.2% under-forecast, or leave the cell blank")
        }
        guard abs(value) < 1 else {
            throw fail(
                "\(written) is not a plausible forecast error (100% or more)",
                "Give the error as a proportion, e.g. 0.012 for 1.2% over-forecast, not in per cent")
        }
        return value
    }
}
