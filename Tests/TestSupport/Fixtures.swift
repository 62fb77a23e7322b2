import PlaceForecast

/// Builds a cohort table from `[area: [year: [yearGroupLabel: pupils]]]`.
public func cohortTable(_ data: [String: [Int: [String: Double]]]) -> CohortTable {
    CohortTable(
        histories: data.map { code, years in
            let first = years.keys.min()!
            let last = years.keys.max()!
            let counts: [[Double?]] = (first...last).map { year in
                var row = [Double?](repeating: nil, count: YearGroup.all.count)
                for (label, pupils) in years[year] ?? [:] { row[YearGroup(label: label)!.index] = pupils }
                return row
            }
            return CohortTable.AreaHistory(
                area: Area(code: code, name: code), firstYear: AcademicYear(first),
                counts: counts)
        })
}

/// Looks up one forecast number.
public func pupils(_ forecast: Forecast, _ area: String, _ year: Int, _ group: String) -> Double? {
    forecast.rows.first {
        $0.area.code == area && $0.year == AcademicYear(year) && $0.yearGroup == YearGroup(label: group)!
    }?.pupils
}

/// `a` is within `tolerance` of `b`, relative to |b| when |b| > 1, absolute below; nil is never close.
public func isClose(_ a: Double?, _ b: Double, _ tolerance: Double = 1e-9) -> Bool {
    guard let a else { return false }
    return abs(a - b) <= tolerance * max(1, abs(b))
}
