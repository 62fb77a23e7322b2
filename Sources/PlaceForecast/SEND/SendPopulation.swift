import Foundation

/// The population each EHC plan age band is a share of ("prevalence = plans / population of the age band").
///
/// Age bands are ages on 31 August before the January count, as in SEN2, so they match year groups exactly:
/// - Under 5 (ages 0–4): births of the five ONS mid-year births years Y−4 … Y (July Y−5 to June Y) for academic
///   year Y: the children aged 0–4 on 31 August Y, two months early (as for Reception).
/// - 5 to 10: pupils on roll in Years 1–6; 11 to 15: Years 7–11 (mainstream state-funded schools; pupils of
///   special schools are not in the census counts, so this is plans per mainstream pupil of the same ages).
/// - 16 to 19 and 20 to 25: no base in the inputs (school sixth forms hold a minority of 16–19s, none older):
///   nil, and the band's count is trended instead of a prevalence.
public struct SendPopulation: Sendable {
    /// Pupils on roll by area, academic year and year group; nil when unknown.
    public let pupils: @Sendable (String, AcademicYear, YearGroup) -> Double?
    /// Births by area and ONS mid-year births year; nil when unknown.
    public let births: @Sendable (String, Int) -> Double?

    public init(
        pupils: @escaping @Sendable (String, AcademicYear, YearGroup) -> Double?,
        births: @escaping @Sendable (String, Int) -> Double?
    ) {
        self.pupils = pupils
        self.births = births
    }

    /// Year groups whose pupils are the base of a school-age band; nil for bands without a pupil base.
    public static func yearGroups(of band: AgeBand) -> [YearGroup]? {
        switch band {
        case .age5to10: return (1...6).map { YearGroup(index: $0)! }
        case .age11to15: return (7...11).map { YearGroup(index: $0)! }
        default: return nil
        }
    }

    /// Births years whose births are the base of the under-5 band in academic year `year`.
    public static func birthsYears(for year: AcademicYear) -> ClosedRange<Int> {
        (year.startYear - 4)...year.startYear
    }

    /// Whether the band's plans are modelled as a prevalence (plans per head) rather than a count.
    public static func hasBase(_ band: AgeBand) -> Bool {
        band == .under5 || yearGroups(of: band) != nil
    }

    /// The population of `band` in `area` and `year`; nil when the band has no base or a part is unknown.
    public func base(_ area: String, _ year: AcademicYear, _ band: AgeBand) -> Double? {
        if band == .under5 {
            var total = 0.0
            for birthsYear in Self.birthsYears(for: year) {
                guard let value = births(area, birthsYear) else { return nil }
                total += value
            }
            return total > 0 ? total : nil
        }
        guard let groups = Self.yearGroups(of: band) else { return nil }
        var total = 0.0
        for group in groups {
            guard let value = pupils(area, year, group) else { return nil }
            total += value
        }
        return total > 0 ? total : nil
    }

    /// The population as known at `origin`: pupils after the origin and births years after its start year
    /// removed, so a backtest sees nothing later (projections then hold the last known base).
    public func known(at origin: AcademicYear) -> SendPopulation {
        let pupils = self.pupils
        let births = self.births
        return SendPopulation(
            pupils: { area, year, group in year <= origin ? pupils(area, year, group) : nil },
            births: { area, year in year <= origin.startYear ? births(area, year) : nil })
    }

    /// The base of `band` in `year`, else (a later year not yet known) the base of the latest earlier year known,
    /// looking back at most `PlanningRules.sendBaseCarryYears` years; births years missing from the under-5 window
    /// are each carried forward from the latest births year known.
    public func baseHeld(_ area: String, _ year: AcademicYear, _ band: AgeBand) -> Double? {
        if band == .under5 {
            var total = 0.0
            for birthsYear in Self.birthsYears(for: year) {
                guard
                    let value = (0...PlanningRules.sendBaseCarryYears).lazy.compactMap({
                        self.births(area, birthsYear - $0)
                    }).first
                else { return nil }
                total += value
            }
            return total > 0 ? total : nil
        }
        for back in 0...PlanningRules.sendBaseCarryYears {
            if let value = base(area, year.advanced(by: -back), band) { return value }
        }
        return nil
    }
}
