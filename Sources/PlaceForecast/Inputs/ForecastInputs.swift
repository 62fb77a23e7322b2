/// A forecasting area: a local authority or a planning area, identified by its code.
public struct Area: Hashable, Sendable {
    /// The key used in every input file (a GSS code such as `E06000045`, or a planning-area code such as `P01`).
    public let code: String
    /// A readable name for reports.
    public let name: String

    public init(code: String, name: String) {
        self.code = code
        self.name = name
    }
}

/// Pupils on roll by area × academic year × year group (January census headcounts).
///
/// Each area holds a dense block of consecutive academic years; a year group the area does not teach is absent
/// (`nil`), which is different from a recorded zero.
public struct CohortTable: Sendable {
    /// One area's history: `counts[y][g]` is the roll in year `firstYear + y`, year group index `g`.
    public struct AreaHistory: Sendable {
        public let area: Area
        public let firstYear: AcademicYear
        /// `[year offset][YearGroup.index]`, 15 entries per year (R...14); nil where the input has no row.
        public private(set) var counts: [[Double?]]

        public var lastYear: AcademicYear { firstYear.advanced(by: counts.count - 1) }
        public var years: ClosedRange<AcademicYear> { firstYear...lastYear }

        public init(area: Area, firstYear: AcademicYear, counts: [[Double?]]) {
            precondition(
                !counts.isEmpty && counts.allSatisfy { $0.count == YearGroup.all.count },
                "an area history needs at least one year of 15 year-group cells")
            self.area = area
            self.firstYear = firstYear
            self.counts = counts
        }

        /// The roll in `year`, `group`; nil when the year is outside the history or the cell is absent.
        public func pupils(_ year: AcademicYear, _ group: YearGroup) -> Double? {
            let offset = firstYear.distance(to: year)
            guard counts.indices.contains(offset) else { return nil }
            return counts[offset][group.index]
        }

        /// The history cut to the years up to and including `origin`; nil when nothing is left.
        public func truncated(through origin: AcademicYear) -> AreaHistory? {
            let keep = firstYear.distance(to: origin) + 1
            guard keep > 0 else { return nil }
            return AreaHistory(area: area, firstYear: firstYear, counts: Array(counts.prefix(keep)))
        }
    }

    /// Area histories sorted by area code.
    public let histories: [AreaHistory]
    private let indexByCode: [String: Int]

    public init(histories: [AreaHistory]) {
        self.histories = histories.sorted { $0.area.code < $1.area.code }
        self.indexByCode = Dictionary(uniqueKeysWithValues: self.histories.enumerated().map { ($1.area.code, $0) })
    }

    public subscript(code: String) -> AreaHistory? { indexByCode[code].map { histories[$0] } }

    /// The latest academic year in any area: the forecast origin by default.
    public var lastYear: AcademicYear? { histories.map(\.lastYear).max() }

    /// The table as it was known at `origin`: every year after it removed.
    public func truncated(through origin: AcademicYear) -> CohortTable {
        CohortTable(histories: histories.compactMap { $0.truncated(through: origin) })
    }
}

/// Live births by area and ONS mid-year births year (year Y = July Y−1 to June Y).
public struct BirthSeries: Sendable {
    /// `births[areaCode][birthsYear]`.
    public let byArea: [String: [Int: Double]]

    public init(_ byArea: [String: [Int: Double]]) { self.byArea = byArea }

    /// The births in `year` for `area`, nil when not given.
    public func births(_ area: String, _ year: Int) -> Double? { byArea[area]?[year] }

    /// The latest births year given for `area`.
    public func lastYear(of area: String) -> Int? { byArea[area]?.keys.max() }

    /// Births as known at the end of academic year `origin`: births years after `origin` removed.
    public func truncated(through origin: AcademicYear) -> BirthSeries {
        BirthSeries(byArea.mapValues { $0.filter { $0.key <= origin.startYear } })
    }
}

/// Completed dwellings by area and academic year (the year in which the dwellings are completed).
public struct HousingSeries: Sendable {
    public let byArea: [String: [AcademicYear: Double]]

    public init(_ byArea: [String: [AcademicYear: Double]]) { self.byArea = byArea }

    /// Completions in `year`; zero when the series does not mention that year.
    public func completions(_ area: String, _ year: AcademicYear) -> Double { byArea[area]?[year] ?? 0 }
}

/// The share of each primary planning area's Year 6 that moves on to each secondary planning area's Year 7.
public struct TransferShares: Sendable {
    /// `feeders[secondaryArea]` = the primary areas feeding it, with their shares (0...1).
    public let feeders: [String: [(primaryArea: String, share: Double)]]

    public init(feeders: [String: [(primaryArea: String, share: Double)]]) { self.feeders = feeders }

    /// Year 6 pupils expected to transfer to `secondaryArea`: Σ share × Year 6 of each feeder area.
    func expectedTransfer(to secondaryArea: String, yearSix: (String) -> Double?) -> Double? {
        guard let list = feeders[secondaryArea], !list.isEmpty else { return nil }
        var total = 0.0
        for feeder in list {
            guard let pupils = yearSix(feeder.primaryArea) else { return nil }
            total += feeder.share * pupils
        }
        return total
    }
}

/// The national part of the period effect by year, taken from the national data (the median over LAs of the
/// latest year's deviation of survival ratios from `auto`'s estimates, as a forecast from that year sees it): used by
/// runs with too few areas to take their own median, such as one LA's planning areas.
public struct NationalPeriodEffects: Equatable, Sendable {
    public struct Entry: Equatable, Sendable {
        /// Mean deviation of compulsory survival ratios (a ratio difference, e.g. +0.0028).
        public let deviation: Double
        /// LAs the median was taken over.
        public let areas: Int

        public init(deviation: Double, areas: Int) {
            self.deviation = deviation
            self.areas = areas
        }
    }

    /// By the year of the deviation (the forecast origin).
    public let byYear: [AcademicYear: Entry]
    /// Where the series came from, for explain (a file path).
    public let source: String

    public init(byYear: [AcademicYear: Entry], source: String) {
        self.byYear = byYear
        self.source = source
    }
}

/// Everything the forecaster reads: the pupil history and the series that drive intake and transfer.
public struct ForecastInputs: Sendable {
    public var pupils: CohortTable
    public var births: BirthSeries
    public var housing: HousingSeries?
    public var transfers: TransferShares?
    /// The national period effects for runs of too few areas (nil: none, every deviation is local).
    public var nationalPeriodEffects: NationalPeriodEffects?

    public init(
        pupils: CohortTable, births: BirthSeries, housing: HousingSeries? = nil,
        transfers: TransferShares? = nil
    ) {
        self.pupils = pupils
        self.births = births
        self.housing = housing
        self.transfers = transfers
    }

    /// Only the areas in `codes` (e.g. LAs whose boundaries were stable over the period); transfer shares and
    /// housing of other areas are dropped with them.
    public func restricted(to codes: Set<String>) -> ForecastInputs {
        var restricted = ForecastInputs(
            pupils: CohortTable(histories: pupils.histories.filter { codes.contains($0.area.code) }),
            births: BirthSeries(births.byArea.filter { codes.contains($0.key) }),
            housing: housing.map { HousingSeries($0.byArea.filter { codes.contains($0.key) }) },
            transfers: transfers.map { shares in
                TransferShares(
                    feeders: shares.feeders.filter { codes.contains($0.key) }
                        .mapValues { $0.filter { codes.contains($0.primaryArea) } })
            })
        restricted.nationalPeriodEffects = nationalPeriodEffects
        return restricted
    }

    /// The inputs as they were known at `origin`: pupils, births and completions after it removed.
    /// A forecast from `origin` built on this can not see the future (see the backtest).
    public func asKnown(at origin: AcademicYear) -> ForecastInputs {
        var known = ForecastInputs(
            pupils: pupils.truncated(through: origin),
            births: births.truncated(through: origin),
            housing: housing.map { HousingSeries($0.byArea.mapValues { $0.filter { $0.key <= origin } }) },
            transfers: transfers
        )
        known.nationalPeriodEffects = nationalPeriodEffects.map {
            NationalPeriodEffects(byYear: $0.byYear.filter { $0.key <= origin }, source: $0.source)
        }
        return known
    }
}
