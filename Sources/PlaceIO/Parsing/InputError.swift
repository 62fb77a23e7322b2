/// A problem with an input file, located as precisely as the problem allows, with what to do about it.
///
/// Printed as `FILE:LINE: column NAME (N): PROBLEM. HINT`, the format editors and terminals link to.
public struct InputError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The file as the user named it.
    public let file: String
    /// 1-based line number (the header is line 1); nil when the problem is the whole file.
    public let line: Int?
    /// The column's name, when one column is at fault.
    public let column: String?
    /// 1-based column position: the field index in a CSV file, the character in a YAML file.
    public let columnNumber: Int?
    /// What is wrong.
    public let problem: String
    /// What to do about it.
    public let hint: String?
    /// Whether the problem lies across rows (a gap in years, shares that do not add up), so that setting aside the
    /// line named does not remove it: validation then stops reading the file instead of reading on without the line.
    public let spansRows: Bool

    public init(
        file: String, line: Int? = nil, column: String? = nil, columnNumber: Int? = nil,
        problem: String, hint: String? = nil, spansRows: Bool = false
    ) {
        self.spansRows = spansRows
        self.file = file
        self.line = line
        self.column = column
        self.columnNumber = columnNumber
        self.problem = problem
        self.hint = hint
    }

    public var description: String {
        var text = file
        if let line { text += ":\(line)" }
        text += ": "
        switch (column, columnNumber) {
        case let (name?, number?): text += "column '\(name)' (\(number)): "
        case let (name?, nil): text += "column '\(name)': "
        case let (nil, number?): text += "column \(number): "
        case (nil, nil): break
        }
        text += problem
        if let hint { text += ". \(hint)" }
        return text
    }
}
