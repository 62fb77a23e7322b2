import CXLSXWriter
import Foundation

/// Writes ``Sheet`` values as an Excel workbook through libxlsxwriter: the only code that calls it.
public enum XLSXWriter {
    /// A failure inside libxlsxwriter, with its own words.
    public struct Failure: Error, CustomStringConvertible {
        public let description: String
    }

    /// The bytes of an `.xlsx` workbook holding `sheets` in order, with `title` in its document properties.
    /// libxlsxwriter writes to a file, so the workbook is built in a temporary file that is then read and removed.
    public static func workbook(_ sheets: [Sheet], title: String) throws -> Data {
        let path = FileManager.default.temporaryDirectory
            .appendingPathComponent("placeplan-\(UUID().uuidString).xlsx").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        guard let workbook = workbook_new(path) else { throw Failure(description: "cannot create \(path)") }
        var properties = lxw_doc_properties()
        try title.withCString { title in
            try "PlacePlanning".withCString { author in
                properties.title = UnsafeMutablePointer(mutating: title)
                properties.author = UnsafeMutablePointer(mutating: author)
                // A fixed creation time (2000-01-01 UTC), so the same run writes the same bytes (placeplan rerun).
                properties.created = 946_684_800
                try check(workbook_set_properties(workbook, &properties))
            }
        }
        let styles = Styles(workbook)
        for sheet in sheets {
            guard let worksheet = workbook_add_worksheet(workbook, sheet.name) else {
                workbook_close(workbook)
                throw Failure(
                    description: "cannot add the sheet '\(sheet.name)' (a name of at most 31 characters, "
                        + "unique, without []:*?/\\ is needed)")
            }
            try write(sheet, to: worksheet, styles: styles, workbook: workbook)
        }
        try check(workbook_close(workbook))
        return try Data(contentsOf: URL(fileURLWithPath: path))
    }

    private static func write(
        _ sheet: Sheet, to worksheet: UnsafeMutablePointer<lxw_worksheet>, styles: Styles,
        workbook: UnsafeMutablePointer<lxw_workbook>
    ) throws {
        for (index, note) in sheet.notes.enumerated() {
            try check(
                worksheet_write_string(worksheet, lxw_row_t(index), 0, note, index == 0 ? styles.title : nil))
        }
        let header = sheet.headerRow
        for (column, definition) in sheet.columns.enumerated() {
            try check(worksheet_set_column(worksheet, lxw_col_t(column), lxw_col_t(column), definition.width, nil))
            try check(
                worksheet_write_string(worksheet, lxw_row_t(header), lxw_col_t(column), definition.title, styles.header)
            )
        }
        for (offset, cells) in sheet.rows.enumerated() {
            let row = lxw_row_t(header + 1 + offset)
            for (column, cell) in cells.enumerated() {
                switch cell {
                case .text(let text): try check(worksheet_write_string(worksheet, row, lxw_col_t(column), text, nil))
                case .number(let value, let format):
                    guard value.isFinite else {
                        throw Failure(
                            description: "sheet '\(sheet.name)': a number that is not finite in row \(offset + 1)")
                    }
                    try check(worksheet_write_number(worksheet, row, lxw_col_t(column), value, styles.number[format]))
                case .empty: break
                }
            }
        }
        if sheet.frozenRows > 0 || sheet.frozenColumns > 0 {
            worksheet_freeze_panes(
                worksheet, lxw_row_t(header + sheet.frozenRows), lxw_col_t(sheet.frozenColumns))
        }
        guard !sheet.rows.isEmpty, !sheet.columns.isEmpty else { return }
        let lastRow = lxw_row_t(header + sheet.rows.count)
        try check(worksheet_autofilter(worksheet, lxw_row_t(header), 0, lastRow, lxw_col_t(sheet.columns.count - 1)))
        for highlight in sheet.highlights {
            var rule = lxw_conditional_format()
            rule.format = styles.fill(highlight.fill, workbook: workbook)
            var text: [CChar] = []
            switch highlight.condition {
            case .below(let value):
                rule.type = UInt8(LXW_CONDITIONAL_TYPE_CELL.rawValue)
                rule.criteria = UInt8(LXW_CONDITIONAL_CRITERIA_LESS_THAN.rawValue)
                rule.value = value
            case .above(let value):
                rule.type = UInt8(LXW_CONDITIONAL_TYPE_CELL.rawValue)
                rule.criteria = UInt8(LXW_CONDITIONAL_CRITERIA_GREATER_THAN.rawValue)
                rule.value = value
            case .between(let low, let high):
                rule.type = UInt8(LXW_CONDITIONAL_TYPE_CELL.rawValue)
                rule.criteria = UInt8(LXW_CONDITIONAL_CRITERIA_BETWEEN.rawValue)
                rule.min_value = low
                rule.max_value = high
            case .equals(let string):
                rule.type = UInt8(LXW_CONDITIONAL_TYPE_TEXT.rawValue)
                rule.criteria = UInt8(LXW_CONDITIONAL_CRITERIA_TEXT_CONTAINING.rawValue)
                text = Array(string.utf8CString)
            }
            try text.withUnsafeMutableBufferPointer { buffer in
                if !buffer.isEmpty { rule.value_string = buffer.baseAddress }
                try check(
                    worksheet_conditional_format_range(
                        worksheet, lxw_row_t(header + 1), lxw_col_t(highlight.columns.lowerBound), lastRow,
                        lxw_col_t(highlight.columns.upperBound), &rule))
            }
        }
    }

    private static func check(_ error: lxw_error) throws {
        guard error != LXW_NO_ERROR else { return }
        throw Failure(description: String(cString: lxw_strerror(error)))
    }

    /// The workbook's formats, made once: libxlsxwriter owns them until the workbook is closed.
    private final class Styles {
        let title: UnsafeMutablePointer<lxw_format>?
        let header: UnsafeMutablePointer<lxw_format>?
        let number: [NumberFormat: UnsafeMutablePointer<lxw_format>]
        private var fills: [UInt32: UnsafeMutablePointer<lxw_format>] = [:]

        init(_ workbook: UnsafeMutablePointer<lxw_workbook>) {
            title = workbook_add_format(workbook)
            format_set_bold(title)
            format_set_font_size(title, 13)
            header = workbook_add_format(workbook)
            format_set_bold(header)
            format_set_bottom(header, UInt8(LXW_BORDER_THIN.rawValue))
            format_set_text_wrap(header)
            var number: [NumberFormat: UnsafeMutablePointer<lxw_format>] = [:]
            for kind in NumberFormat.allCases {
                let format = workbook_add_format(workbook)
                format_set_num_format(format, kind.rawValue)
                number[kind] = format
            }
            self.number = number
        }

        func fill(_ colour: UInt32, workbook: UnsafeMutablePointer<lxw_workbook>) -> UnsafeMutablePointer<lxw_format>? {
            if let format = fills[colour] { return format }
            let format = workbook_add_format(workbook)
            format_set_bg_color(format, lxw_color_t(colour))
            fills[colour] = format
            return format
        }
    }
}
