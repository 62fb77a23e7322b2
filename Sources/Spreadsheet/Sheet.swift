/// A worksheet as values: what the workbook writer turns into an Excel sheet. Built by the reports, checked by
/// tests without Excel, written by ``XLSXWriter`` (the only code that calls libxlsxwriter).
public struct Sheet: Sendable, Equatable {
    /// Excel limits a sheet name to 31 characters, without `[]:*?/\`.
    public var name: String
    public var columns: [Column]
    public var rows: [[Cell]]
    /// Rows above the data that stay in view (the header; 1 by default).
    public var frozenRows: Int
    /// Columns on the left that stay in view (e.g. area and school names).
    public var frozenColumns: Int
    /// Colour rules on ranges of cells, evaluated by Excel on each cell's own value (safe under sorting).
    public var highlights: [Highlight]
    /// Lines of text above the header (a title and notes), each in its own row.
    public var notes: [String]

    public init(
        name: String, columns: [Column], rows: [[Cell]], frozenRows: Int = 1, frozenColumns: Int = 0,
        highlights: [Highlight] = [], notes: [String] = []
    ) {
        self.name = name
        self.columns = columns
        self.rows = rows
        self.frozenRows = frozenRows
        self.frozenColumns = frozenColumns
        self.highlights = highlights
        self.notes = notes
    }

    /// The 0-based row of the header in the written sheet (after the notes and one blank row when there are notes).
    public var headerRow: Int { notes.isEmpty ? 0 : notes.count + 1 }
}

/// A column: its header and its width in characters.
public struct Column: Sendable, Equatable {
    public var title: String
    public var width: Double

    public init(_ title: String, width: Double? = nil) {
        self.title = title
        self.width = width ?? max(8, Double(title.count) + 2)
    }
}

/// One cell. Numbers are stored as numbers, shown with their format.
public enum Cell: Sendable, Equatable {
    case text(String)
    case number(Double, NumberFormat)
    case empty
}

/// How a number is shown; the stored value keeps full precision.
public enum NumberFormat: String, Sendable, Equatable, CaseIterable {
    /// Whole number with thousands separators: 1,736.
    case whole = "#,##0"
    /// One decimal: 12.3.
    case oneDecimal = "#,##0.0"
    /// A percentage stored as percent points, shown with one decimal: 5.5 → "5.5". (Percent points, not a
    /// fraction, so the value matches the CSV files.)
    case percentPoints = "0.0"
    /// A share shown as a percentage: 0.853 → "85.3%".
    case percent = "0.0%"
    /// Pounds, whole: £1,250,000 (negatives with a minus sign).
    case pounds = "£#,##0;-£#,##0"
    /// A year as a plain integer: 2022.
    case plain = "0"
}

/// A fill colour for the cells of a column range whose value meets a condition.
public struct Highlight: Sendable, Equatable {
    public enum Condition: Sendable, Equatable {
        case below(Double)
        case between(Double, Double)
        case above(Double)
        /// Text cells equal to the string.
        case equals(String)
    }

    /// 0-based data columns (of ``Sheet/columns``) the rule covers, over all data rows.
    public var columns: ClosedRange<Int>
    public var condition: Condition
    /// RGB, e.g. 0xF4CCCC.
    public var fill: UInt32

    public init(columns: ClosedRange<Int>, _ condition: Condition, fill: UInt32) {
        self.columns = columns
        self.condition = condition
        self.fill = fill
    }
}
