import Foundation

/// An academic year, named by the calendar year in which it starts: `AcademicYear(2019)` is 2019/20,
/// whose January school census falls in January 2020.
public struct AcademicYear: Hashable, Comparable, Strideable, Sendable, CustomStringConvertible {
    /// The calendar year in which the academic year starts (September).
    public let startYear: Int

    public init(_ startYear: Int) { self.startYear = startYear }

    public static func < (lhs: Self, rhs: Self) -> Bool { lhs.startYear < rhs.startYear }
    public func distance(to other: Self) -> Int { other.startYear - startYear }
    public func advanced(by n: Int) -> Self { Self(startYear + n) }

    /// "2019/20".
    public var description: String {
        let next = (startYear + 1) % 100
        return "\(startYear)/\(next < 10 ? "0" : "")\(next)"
    }

    /// Parses "2022" or "2022/23" (the way years are printed); nil for anything else, including "2022/24".
    public init?(label: String) {
        // Fast path for the common form, four ASCII digits ("2019"): Foundation's trimming is slow on Linux.
        if label.utf8.count == 4, label.utf8.allSatisfy({ (0x30...0x39).contains($0) }) {
            self.startYear = label.utf8.reduce(0) { $0 * 10 + Int($1 - 0x30) }
            guard (1000...9999).contains(startYear) else { return nil }
            return
        }
        let parts = label.trimmingCharacters(in: .whitespaces).split(separator: "/", omittingEmptySubsequences: false)
        guard (1...2).contains(parts.count), let start = Int(parts[0]), (1000...9999).contains(start) else {
            return nil
        }
        if parts.count == 2 {
            guard parts[1].count == 2, let next = Int(parts[1]), next == (start + 1) % 100 else { return nil }
        }
        self.startYear = start
    }

    /// The ONS mid-year births year (July Y−1 to June Y) that feeds Reception in this academic year: Y − 4.
    public var receptionBirthsYear: Int { startYear - 4 }
}

/// A national curriculum year group: Reception (index 0) then Years 1 to 14.
public struct YearGroup: Hashable, Comparable, Sendable, CustomStringConvertible {
    /// 0 for Reception, otherwise the year number 1...14.
    public let index: Int

    public static let reception = YearGroup(uncheckedIndex: 0)
    /// The oldest year group the data may hold (Year 14 is rare: mostly repeated sixth-form years).
    public static let year14 = YearGroup(uncheckedIndex: 14)
    /// Year groups the forecaster projects: Reception to Year 13. Year 14 is read but not projected.
    public static let projected: [YearGroup] = (0...13).map(YearGroup.init(uncheckedIndex:))
    /// Every year group the inputs may hold: Reception to Year 14.
    public static let all: [YearGroup] = (0...14).map(YearGroup.init(uncheckedIndex:))

    private init(uncheckedIndex index: Int) { self.index = index }

    /// Year group `index` (0 = Reception); nil outside 0...14.
    public init?(index: Int) {
        guard (0...14).contains(index) else { return nil }
        self.index = index
    }

    /// Parses "R" (or "Reception", "0") and "1" ... "14", also written "Y3" or "Year 3" as management systems
    /// export them; nil for anything else ("Y2a", "Year 13a", "Total").
    public init?(label: String) {
        // Fast path for the forms files hold ("R", "7", "12"): the general one below costs a string per call.
        let utf8 = label.utf8
        if utf8.count == 1, utf8.first == UInt8(ascii: "R") {
            self.index = 0
            return
        }
        if (1...2).contains(utf8.count), utf8.allSatisfy({ (0x30...0x39).contains($0) }) {
            let number = utf8.reduce(0) { $0 * 10 + Int($1 - 0x30) }
            guard number <= 14 else { return nil }
            self.index = number
            return
        }
        var trimmed = String(label.filter { !$0.isWhitespace })
        for prefix in ["Year", "year", "Y", "y"] where trimmed.hasPrefix(prefix) && trimmed.count > prefix.count {
            trimmed = String(trimmed.dropFirst(prefix.count))
            break
        }
        if trimmed == "R" || trimmed == "r" || trimmed.lowercased() == "reception" {
            self.index = 0
        } else if let number = Int(trimmed), (0...14).contains(number) {
            self.index = number
        } else {
            return nil
        }
    }

    /// Parses what a person types at the command line: the same forms as ``init(label:)``.
    public init?(spoken text: String) { self.init(label: text) }

    /// "R" for Reception, otherwise the number.
    public var label: String { index == 0 ? "R" : String(index) }
    public var description: String { index == 0 ? "Reception" : "Year \(index)" }
    /// The year group a cohort moves into next September; nil after Year 14.
    public var next: YearGroup? { YearGroup(index: index + 1) }
    /// The year group a cohort came from; nil for Reception.
    public var previous: YearGroup? { YearGroup(index: index - 1) }
    public var phase: Phase { Phase.of(self) }

    public static func < (lhs: Self, rhs: Self) -> Bool { lhs.index < rhs.index }
}

/// Phase of education, as DfE scores forecasts: primary R–6, secondary 7–11, sixth form 12–14.
public enum Phase: String, CaseIterable, Sendable {
    case primary, secondary
    case sixthForm = "sixth_form"

    public static func of(_ group: YearGroup) -> Phase {
        switch group.index {
        case 0...6: return .primary
        case 7...11: return .secondary
        default: return .sixthForm
        }
    }
}
