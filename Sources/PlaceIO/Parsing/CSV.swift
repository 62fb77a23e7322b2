import Foundation
import PlaceForecast

/// A parsed CSV file: a header and data records, each record remembering its line number.
///
/// Follows RFC 4180: comma-separated, fields optionally in double quotes (`""` inside quotes is one quote),
/// LF, CRLF or CR line ends, a UTF-8 byte-order mark ignored. Blank lines and rows of empty fields (`,,,,`, as
/// Excel leaves below a sheet) are skipped. A file that is not valid UTF-8 is decoded as Windows-1252 (what Excel
/// writes on Windows; Latin-1 is its subset), and ``warnings`` says so. A semicolon- or tab-separated file is
/// refused with the fix.
public struct CSVTable: Sendable {
    /// One data row: its fields as read and its 1-based line number in the file (for located errors).
    public struct Record: Sendable {
        /// 1-based line number in the file where the record starts.
        public let line: Int
        public let fields: [String]
    }

    /// The file as the user named it, for messages.
    public let file: String
    public let header: [String]
    public let records: [Record]
    /// What was tolerated while reading and should be told to the user (e.g. the file's text encoding).
    public let warnings: [String]

    /// Parses `text`; `file` is used in error messages only; `warnings` are carried into ``warnings``. Records
    /// starting on `droppingLines` are left out (validation sets aside rows it has already reported).
    public init(text: String, file: String, warnings: [String] = [], droppingLines: Set<Int> = []) throws(InputError) {
        self.file = file
        self.warnings = warnings
        var (rows, unclosedQuote) = Self.parse(text)
        if let unclosedQuote {
            throw InputError(
                file: file, line: unclosedQuote,
                problem: "a field opens a double quote (\") here that is never closed, so the rest of the file is "
                    + "read as one value",
                hint: "Close the quote after the value, or remove it")
        }
        guard !rows.isEmpty else {
            throw InputError(file: file, problem: "the file is empty", hint: "It needs a header line and data rows")
        }
        let headerRow = rows.removeFirst()
        header = headerRow.fields.map(trimmed)
        records = droppingLines.isEmpty ? rows : rows.filter { !droppingLines.contains($0.line) }
        if header.count == 1, let separator = [";", "\t"].first(where: { header[0].contains($0) }) {
            let name = separator == ";" ? "semicolons" : "tabs"
            throw InputError(
                file: file, line: headerRow.line, problem: "the columns are separated by \(name), not commas",
                hint: "Save the sheet as 'CSV (comma delimited)' (in Excel: File > Save As > CSV UTF-8)")
        }
        if let duplicate = header.enumerated().first(where: { item in header.prefix(item.offset).contains(item.element)
        }) {
            throw InputError(
                file: file, line: headerRow.line, column: duplicate.element,
                columnNumber: duplicate.offset + 1, problem: "the header names this column twice")
        }
        for record in records where record.fields.count != header.count {
            throw InputError(
                file: file, line: record.line,
                problem: "the line has \(record.fields.count) fields but the header has \(header.count)",
                hint: "Check for a missing or extra comma, or an unquoted comma inside a name")
        }
    }

    /// Reads and parses the file at `url`; `displayPath` is how messages name it.
    public init(contentsOf url: URL, displayPath: String) throws(InputError) {
        let data: Data
        do {
            data = try Data(contentsOf: url)
        } catch {
            throw InputError(
                file: displayPath, problem: "cannot read the file (\(error.localizedDescription))",
                hint: "Check the path")
        }
        try self.init(data: data, file: displayPath)
    }

    /// Parses the bytes of a file (UTF-8, or Windows-1252 with a warning); `file` names it in messages; records
    /// starting on `droppingLines` are left out.
    public init(data: Data, file: String, droppingLines: Set<Int> = []) throws(InputError) {
        let (text, warning) = DecodedText.of(data, file: file)
        try self.init(text: text, file: file, warnings: warning.map { [$0] } ?? [], droppingLines: droppingLines)
    }

    /// The positions of `required` columns; throws naming the first one missing. Extra columns are ignored.
    public func columns(_ required: [String]) throws(InputError) -> ColumnPositions {
        var positions = ColumnPositions()
        for name in required {
            guard let index = header.firstIndex(of: name) else {
                throw InputError(
                    file: file, line: 1, column: name,
                    problem: "the header has no column '\(name)'",
                    hint:
                        "Expected columns: \(required.joined(separator: ",")); found: \(header.joined(separator: ","))")
            }
            positions[name] = index
        }
        guard !records.isEmpty else {
            throw InputError(
                file: file, problem: "the file has a header but no data rows",
                hint: "Add rows under the header \(required.joined(separator: ","))")
        }
        return positions
    }

    /// The first record whose `column` (trimmed) satisfies `matches`, with its line and the column's 1-based
    /// position, for errors found after reading (across files); nil when the column is absent or nothing matches.
    public func first(
        _ column: String, where matches: (String) -> Bool
    ) -> (line: Int, columnNumber: Int, value: String)? {
        guard let index = header.firstIndex(of: column) else { return nil }
        for record in records where index < record.fields.count && matches(trimmed(record.fields[index])) {
            return (record.line, index + 1, trimmed(record.fields[index]))
        }
        return nil
    }

    /// The records of `text`, and the line of a quote left open at the end of the file (nil when none is).
    private static func parse(_ text: String) -> ([Record], unclosedQuote: Int?) {
        var text = text
        return text.withUTF8(parse(utf8:))
    }

    /// The parser on UTF-8 bytes: every byte it acts on (quote, comma, CR, LF) is ASCII, and an ASCII byte is never
    /// part of a longer UTF-8 sequence, so the fields are the same as on Unicode scalars, at a fraction of the cost
    /// (England's school rolls are 1.5 million rows).
    private static func parse(utf8 bytes: UnsafeBufferPointer<UInt8>) -> ([Record], unclosedQuote: Int?) {
        let (quote, comma, cr, lf) = (UInt8(ascii: "\""), UInt8(ascii: ","), UInt8(ascii: "\r"), UInt8(ascii: "\n"))
        var rows: [Record] = []
        var fields: [String] = []
        var field: [UInt8] = []
        var inQuotes = false
        var line = 1
        var recordLine = 1
        var quoteLine = 1
        var index = bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? 3 : 0
        func endField() {
            fields.append(String(decoding: field, as: UTF8.self))
            field.removeAll(keepingCapacity: true)
        }
        func endRecord() {
            endField()
            if !fields.allSatisfy({ $0.allSatisfy(\.isWhitespace) }) {
                rows.append(Record(line: recordLine, fields: fields))
            }
            fields = []
        }
        while index < bytes.count {
            let byte = bytes[index]
            let next: UInt8? = index + 1 < bytes.count ? bytes[index + 1] : nil
            index += 1
            if inQuotes {
                if byte == quote {
                    if next == quote {
                        field.append(quote)
                        index += 1
                    } else {
                        inQuotes = false
                    }
                } else {
                    if byte == lf { line += 1 }
                    field.append(byte)
                }
                continue
            }
            switch byte {
            case quote where field.isEmpty:
                inQuotes = true
                quoteLine = line
            case comma:
                endField()
            case cr where next == lf: continue
            case lf, cr:
                endRecord()
                line += 1
                recordLine = line
            default: field.append(byte)
            }
        }
        if inQuotes { return (rows, quoteLine) }
        if !field.isEmpty || !fields.isEmpty { endRecord() }
        return (rows, nil)
    }
}

extension CSVTable.Record {
    /// The trimmed text of a column; throws when it is empty.
    func text(_ column: String, in table: CSVTable, at positions: ColumnPositions) throws(InputError) -> String {
        let index = positions[column]!
        let value = trimmed(fields[index])
        guard !value.isEmpty else {
            throw InputError(
                file: table.file, line: line, column: column, columnNumber: index + 1,
                problem: "the value is empty", hint: "Every row needs a value in this column")
        }
        return value
    }

    /// A whole number in a column.
    func integer(_ column: String, in table: CSVTable, at positions: ColumnPositions) throws(InputError) -> Int {
        let value = try text(column, in: table, at: positions)
        guard let number = Int(Self.withoutThousandsSeparators(value)) else {
            let tooLarge = value.count > 18 && value.allSatisfy(\.isNumber)
            throw InputError(
                file: table.file, line: line, column: column, columnNumber: positions[column]! + 1,
                problem: tooLarge ? "'\(value)' is far too large" : "'\(value)' is not a whole number",
                hint: tooLarge ? "Check the cell: it may hold several numbers run together" : "Write e.g. 2019")
        }
        return number
    }

    /// A plausible four-digit year (academic or births year) in a column.
    func year(_ column: String, in table: CSVTable, at positions: ColumnPositions) throws(InputError) -> Int {
        let year = try integer(column, in: table, at: positions)
        guard InputReaders.plausibleYears.contains(year) else {
            throw InputError(
                file: table.file, line: line, column: column, columnNumber: positions[column]! + 1,
                problem: "\(year) is not a plausible year",
                hint: "Years are four-digit calendar years, e.g. 2019 for 2019/20")
        }
        return year
    }

    /// An academic year, written as its first calendar year (`2019`) or as the tool prints it (`2019/20`).
    func academicYear(_ column: String, in table: CSVTable, at positions: ColumnPositions) throws(InputError) -> Int {
        let written = trimmed(fields[positions[column]!])
        if written.utf8.contains(UInt8(ascii: "/")), let year = AcademicYear(label: written) {
            guard InputReaders.plausibleYears.contains(year.startYear) else {
                return try self.year(column, in: table, at: positions)
            }
            return year.startYear
        }
        return try year(column, in: table, at: positions)
    }

    /// A finite, non-negative number (a count of pupils, births or dwellings; decimals allowed).
    func count(_ column: String, in table: CSVTable, at positions: ColumnPositions) throws(InputError) -> Double {
        let value = try text(column, in: table, at: positions)
        let columnNumber = positions[column]! + 1
        guard let number = Double(Self.withoutThousandsSeparators(value)), number.isFinite else {
            throw InputError(
                file: table.file, line: line, column: column, columnNumber: columnNumber,
                problem: "'\(value)' is not a number",
                hint: value.hasSuffix("%")
                    ? "Give a count here, not a percentage" : "Use digits, e.g. 2690 or \"2,690\"")
        }
        guard number >= 0 else {
            throw InputError(
                file: table.file, line: line, column: column, columnNumber: columnNumber,
                problem: "\(value) is negative", hint: "Counts must be zero or more")
        }
        guard number <= InputReaders.largestPlausibleCount else {
            throw InputError(
                file: table.file, line: line, column: column, columnNumber: columnNumber,
                problem: "\(value) is implausibly large for one row (more than 10 million)",
                hint: "Check the cell: it may hold several numbers run together, or a value in the wrong column")
        }
        return number
    }

    /// A percentage, written with or without a `%` sign (`70.5` or `70.5%`): zero or more, and at most 1,000 (a
    /// take-up rate can pass 100 where the population estimate is low: 233 in the published early-years figures).
    func percent(_ column: String, in table: CSVTable, at positions: ColumnPositions) throws(InputError) -> Double {
        let written = try text(column, in: table, at: positions)
        let number = written.hasSuffix("%") ? trimmed(String(written.dropLast())) : written
        guard let value = Double(number), value.isFinite, (0...1000).contains(value) else {
            throw InputError(
                file: table.file, line: line, column: column, columnNumber: positions[column]! + 1,
                problem: "'\(written)' is not a percentage", hint: "Write e.g. 72.5 for 72.5%")
        }
        return value
    }

    /// A share between 0 and 1.
    func share(_ column: String, in table: CSVTable, at positions: ColumnPositions) throws(InputError) -> Double {
        let written = try text(column, in: table, at: positions)
        if written.hasSuffix("%"), let percent = Double(trimmed(String(written.dropLast()))) {
            throw InputError(
                file: table.file, line: line, column: column, columnNumber: positions[column]! + 1,
                problem: "'\(written)' is a percentage, but this column holds a share",
                hint: "Write \(CSVWriter.number(percent / 100, decimals: 6)) for \(written)")
        }
        let value = try count(column, in: table, at: positions)
        guard value <= 1 else {
            throw InputError(
                file: table.file, line: line, column: column, columnNumber: positions[column]! + 1,
                problem: "\(value) is more than 1", hint: "Give shares as fractions, e.g. 0.35 for 35%")
        }
        return value
    }
}

extension CSVTable.Record {
    /// `value` without the thousands separators of "1,125" or "12,345.5" (digits grouped in threes); any other
    /// text unchanged, so "1,12" still fails to parse.
    static func withoutThousandsSeparators(_ value: String) -> String {
        // On the bytes: Foundation's `contains` cost more than the rest of reading the national pupils file.
        guard value.utf8.contains(UInt8(ascii: ",")) else { return value }
        let parts = value.split(separator: ".", maxSplits: 1, omittingEmptySubsequences: false)
        let groups = parts[0].split(separator: ",", omittingEmptySubsequences: false)
        guard let first = groups.first, (1...3).contains(first.count),
            groups.dropFirst().allSatisfy({ $0.count == 3 }),
            groups.allSatisfy({ $0.allSatisfy(\.isASCII) && $0.allSatisfy(\.isNumber) })
        else { return value }
        return groups.joined() + (parts.count > 1 ? "." + parts[1] : "")
    }
}

/// Remembers the line of each key in a file and rejects a second row with the same key, naming both lines.
struct DuplicateGuard<Key: Hashable> {
    private var lines: [Key: Int] = [:]

    /// Throws "`what` (first given on line N)" when `key` was seen before; otherwise records `record`'s line.
    /// `what` is made only for a duplicate (the national pupils file has 27,000 rows).
    mutating func check(
        _ key: Key, _ record: CSVTable.Record, in table: CSVTable, _ what: @autoclosure () -> String,
        column: String? = nil, columnNumber: Int? = nil, hint: String? = nil
    ) throws(InputError) {
        if let earlier = lines[key] {
            throw InputError(
                file: table.file, line: record.line, column: column, columnNumber: columnNumber,
                problem: "\(what()) (first given on line \(earlier))", hint: hint)
        }
        lines[key] = record.line
    }
}

/// `text` without leading or trailing whitespace (fast when there is none, as in nearly every field).
package func trimmed(_ text: String) -> String {
    // Fast path on the bytes: an ASCII first and last byte that is not whitespace (tab, line feed, vertical tab,
    // form feed, carriage return, space) is a character that is not whitespace, so nothing is trimmed.
    if let first = text.utf8.first, let last = text.utf8.last, first < 0x80, last < 0x80,
        !(0x09...0x0D).contains(first), first != 0x20, !(0x09...0x0D).contains(last), last != 0x20
    {
        return text
    }
    guard let first = text.first, let last = text.last, first.isWhitespace || last.isWhitespace else { return text }
    return String(text.drop { $0.isWhitespace }.reversed().drop { $0.isWhitespace }.reversed())
}

/// Builds CSV text: fields are quoted only when they contain a comma, quote or line break.
public struct CSVWriter {
    /// The CSV text written so far.
    public var text: String { String(decoding: bytes, as: UTF8.self) }
    /// The text as UTF-8 bytes: appending bytes is cheaper than appending strings, field by field.
    private var bytes: [UInt8] = []
    /// The column holding a year as a number (`2022`), from which a last column `academic_year` (`2022/23`) is
    /// written: the files keep years as numbers for programs and give people the label the tool prints.
    private var academicYearSource: Int?

    /// A writer for `header`; with `academicYearFrom`, a column `academic_year` is added at the end, labelling the
    /// year in that column (`2022` → `2022/23`; blank where the column is not a year).
    public init(header: [String], academicYearFrom yearColumn: String? = nil) {
        guard let yearColumn, let index = header.firstIndex(of: yearColumn) else {
            append(header)
            return
        }
        append(header + ["academic_year"])
        academicYearSource = index
    }

    public mutating func append(_ fields: [String]) {
        guard let source = academicYearSource, source < fields.count else { return write(fields) }
        write(fields + [Int(fields[source]).map { AcademicYear($0).description } ?? ""])
    }

    private mutating func write(_ fields: [String]) {
        for (index, field) in fields.enumerated() {
            if index > 0 { bytes.append(UInt8(ascii: ",")) }
            bytes.append(contentsOf: Self.escape(field).utf8)
        }
        bytes.append(UInt8(ascii: "\n"))
    }

    static func escape(_ field: String) -> String {
        // Comma, double quote, LF, CR.
        guard field.utf8.contains(where: { $0 == 44 || $0 == 34 || $0 == 10 || $0 == 13 }) else { return field }
        // Foundation's replacing is slow on Linux: only a field with a quote needs it.
        guard field.utf8.contains(34) else { return "\"" + field + "\"" }
        return "\"" + field.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }

    /// A number rounded to at most `decimals` places (half away from zero), without trailing zeros:
    /// "2690", "111.5", "95.816". Written by hand because `String(format:)` dominated the writing of large files.
    public static func number(_ value: Double, decimals: Int = 3) -> String {
        guard value.isFinite else { return value.isNaN ? "NaN" : (value > 0 ? "inf" : "-inf") }
        var scale = 1.0
        for _ in 0..<decimals { scale *= 10 }
        let scaled = (abs(value) * scale).rounded()
        guard scaled < 9e15 else { return String(value) }
        var units = Int64(scaled)
        guard units != 0 else { return "0" }
        // The digits are written backwards into a small buffer (at most 16 of the whole part, `decimals` after the
        // point), skipping trailing zeros of the fraction, with no string made on the way.
        return withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 24 + decimals) { buffer in
            var position = buffer.count
            var hasFraction = false
            var places = decimals
            while places > 0 {
                let digit = units % 10
                units /= 10
                places -= 1
                if !hasFraction && digit == 0 { continue }
                hasFraction = true
                position -= 1
                buffer[position] = UInt8(ascii: "0") + UInt8(digit)
            }
            if hasFraction {
                position -= 1
                buffer[position] = UInt8(ascii: ".")
            }
            repeat {
                position -= 1
                buffer[position] = UInt8(ascii: "0") + UInt8(units % 10)
                units /= 10
            } while units > 0
            if value < 0 {
                position -= 1
                buffer[position] = UInt8(ascii: "-")
            }
            return String(decoding: UnsafeBufferPointer(rebasing: buffer[position...]), as: UTF8.self)
        }
    }
}

/// The positions of a table's required columns, by name. A reader asks for a few columns on every row (1.5 million
/// rows in England's school rolls): finding a name among a handful by comparing is cheaper than hashing it.
public struct ColumnPositions: Sendable {
    private var names: [String] = []
    private var indices: [Int] = []

    /// The 0-based position of column `name`; nil when it is not among the required columns.
    public subscript(name: String) -> Int? {
        get { names.firstIndex(of: name).map { indices[$0] } }
        set {
            if let at = names.firstIndex(of: name) {
                if let newValue { indices[at] = newValue } else { (names.remove(at: at), indices.remove(at: at)) }
            } else if let newValue {
                (names.append(name), indices.append(newValue))
            }
        }
    }
}
