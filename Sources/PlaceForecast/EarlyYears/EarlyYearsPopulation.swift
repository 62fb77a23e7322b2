import Foundation

/// The age bands of funded early education: from 9 months to 2 (the working-parent entitlement from September
/// 2024), 2-year-olds, and 3- and 4-year-olds. Ages are ages on 31 December, as DfE counts them in January.
public enum EarlyYearsAge: String, CaseIterable, Sendable, CustomStringConvertible {
    case underTwo = "under-2"
    case two = "2"
    case threeFour = "3-4"

    /// Accepts `under-2`, `under 2`, `0-1`, `2`, `3-4`, `34`.
    public init?(spoken text: String) {
        switch text.lowercased().trimmingCharacters(in: .whitespaces) {
        case "under-2", "under 2", "under2", "0-1", "9m-2": self = .underTwo
        case "2", "2yo", "two": self = .two
        case "3-4", "34", "3 and 4", "3-4yo": self = .threeFour
        default: return nil
        }
    }

    public var description: String {
        switch self {
        case .underTwo: return "9 months to 2"
        case .two: return "2-year-olds"
        case .threeFour: return "3- and 4-year-olds"
        }
    }
}

/// Children of each early-years age band from births, by ONS mid-year births year (year B = births July B−1 to
/// June B), assuming births spread evenly over the months of a births year and no migration.
///
/// Year convention: academic year Y (named by its first calendar year) has its early years count in January
/// Y+1, of children by their age on 31 December Y. So:
/// - **aged 3 or 4** on 31 Dec Y: born in calendar years Y−4 and Y−3 = January–June Y−4 (½ of births year Y−4)
///   + July Y−4 to June Y−3 (births year Y−3) + July–December Y−3 (½ of births year Y−2):
///   ½·b(Y−4) + b(Y−3) + ½·b(Y−2).
/// - **aged 2**: born in calendar Y−2 = ½·b(Y−2) + ½·b(Y−1).
/// - **9 months to 2**: aged 1 (born calendar Y−1) or aged 0 and at least 9 months old (born January–March Y):
///   ½·b(Y−1) (January–June Y−1) + ¾·b(Y) (July Y−1 to March Y) — 15 months of births.
/// - **in Reception** among the 3–4s: the Reception class of academic year Y was born September Y−5 to August Y−4;
///   of those aged 3 or 4 on 31 December Y, the ones born January–August Y−4 are in it: ½·b(Y−4) (January–June)
///   + (2/12)·b(Y−3) (July–August). With level births that is 8 of the 24 months, a third.
public enum EarlyYearsPopulation {
    /// (births year, weight) pairs whose weighted sum is the band's population in academic year `year`.
    public static func birthsWeights(_ age: EarlyYearsAge, year: AcademicYear) -> [(birthsYear: Int, weight: Double)] {
        let y = year.startYear
        switch age {
        case .underTwo: return [(y - 1, 0.5), (y, 0.75)]
        case .two: return [(y - 2, 0.5), (y - 1, 0.5)]
        case .threeFour: return [(y - 4, 0.5), (y - 3, 1), (y - 2, 0.5)]
        }
    }

    /// (births year, weight) pairs of the 3- and 4-year-olds already in Reception in January of `year` + 1.
    public static func receptionWeights(year: AcademicYear) -> [(birthsYear: Int, weight: Double)] {
        [(year.startYear - 4, 0.5), (year.startYear - 3, 2.0 / 12)]
    }

    /// The births of `births` in `birthsYear`, or (a births year not yet known) of the latest earlier year known,
    /// looking back at most ``PlanningRules/earlyYearsBirthsCarryYears`` years; nil when none is known.
    public static func heldBirths(_ births: (Int) -> Double?, _ birthsYear: Int) -> Double? {
        for back in 0...PlanningRules.earlyYearsBirthsCarryYears {
            if let value = births(birthsYear - back) { return value }
        }
        return nil
    }

    static func weighted(_ weights: [(birthsYear: Int, weight: Double)], _ births: (Int) -> Double?) -> Double? {
        var total = 0.0
        for (birthsYear, weight) in weights {
            guard let value = heldBirths(births, birthsYear) else { return nil }
            total += weight * value
        }
        return total
    }

    /// Children of `age` in academic year `year` from `births` (by births year, held forward when not yet known).
    public static func population(_ age: EarlyYearsAge, year: AcademicYear, births: (Int) -> Double?) -> Double? {
        weighted(birthsWeights(age, year: year), births)
    }

    /// The share of the 3- and 4-year-olds of `year` NOT in Reception: 1 − Reception window ÷ 3–4 window (2/3
    /// with level births); nil when births are unknown or the window is empty.
    public static func nonReceptionShare(year: AcademicYear, births: (Int) -> Double?) -> Double? {
        guard let all = population(.threeFour, year: year, births: births), all > 0,
            let reception = weighted(receptionWeights(year: year), births)
        else { return nil }
        return max(0, 1 - reception / all)
    }
}
