/// An LA placed among England's LAs, its statistical neighbours and the core cities: every LA's value of every
/// ``ComparisonMeasure`` and the groups' medians and ranges. Built by `ComparePipeline`, formatted by
/// `CompareReport` (the terminal table, compare.csv and the workbook's Comparators sheet).
public struct Comparison: Sendable {
    /// The group an LA is in, relative to the LA compared.
    public enum Group: String, Sendable, CaseIterable {
        case la
        case neighbour = "statistical_neighbour"
        case coreCity = "core_city"
        case other
    }

    /// One LA with data.
    public struct Member: Equatable, Sendable {
        public let area: Area
        /// In the England median (areas.csv `stable`).
        public let stable: Bool
        /// Empty means `other`; an LA can be both a neighbour and a core city.
        public let groups: [Group]

        public init(area: Area, stable: Bool, groups: [Group]) {
            self.area = area
            self.stable = stable
            self.groups = groups
        }
    }

    /// An LA near the compared one by ``Similarity``.
    public struct Near: Equatable, Sendable {
        public let area: Area
        public let distance: Double

        public init(area: Area, distance: Double) {
            self.area = area
            self.distance = distance
        }
    }

    /// The four numbers of one measure: the LA's own value and each group's spread.
    public struct Summary: Equatable, Sendable {
        public let measure: ComparisonMeasure
        public let la: Double?
        public let neighbours: GroupSummary?
        public let coreCities: GroupSummary?
        /// Median over the stable LAs (not an England total).
        public let england: GroupSummary?
    }

    public let la: Area
    /// The last census year used (the forecast's origin); trends end here and projections start here.
    public let origin: AcademicYear
    /// The year of the EHC plan measures (the latest count at or before the origin); nil without EHC plan data.
    public let ehcpYear: AcademicYear?
    /// The 1-year-ahead backtest origins scored; nil when none could be.
    public let backtestOrigins: ClosedRange<AcademicYear>?
    /// Every LA with pupils at the origin, sorted by code.
    public let members: [Member]
    /// `values[code][measure]`; a measure is absent where its inputs are.
    public let values: [String: [ComparisonMeasure: Double]]
    public let neighbours: [Area]
    /// The core cities, without the LA itself when it is one (an LA is not compared with itself).
    public let coreCities: [Area]
    /// The most similar stable LAs, nearest first.
    public let nearest: [Near]

    public init(
        la: Area, origin: AcademicYear, ehcpYear: AcademicYear?, backtestOrigins: ClosedRange<AcademicYear>?,
        members: [Member], values: [String: [ComparisonMeasure: Double]], neighbours: [Area], coreCities: [Area],
        nearest: [Near]
    ) {
        self.la = la
        self.origin = origin
        self.ehcpYear = ehcpYear
        self.backtestOrigins = backtestOrigins
        self.members = members
        self.values = values
        self.neighbours = neighbours
        self.coreCities = coreCities
        self.nearest = nearest
    }

    /// The LA, its neighbours, the core cities and England (median of stable LAs) on `measure`.
    public func summary(_ measure: ComparisonMeasure) -> Summary {
        let value = { (code: String) in values[code]?[measure] }
        return Summary(
            measure: measure, la: value(la.code),
            neighbours: GroupSummary(neighbours.map { value($0.code) }),
            coreCities: GroupSummary(coreCities.map { value($0.code) }),
            england: GroupSummary(members.filter(\.stable).map { value($0.area.code) }))
    }

    /// Every measure's summary, in ``ComparisonMeasure`` order.
    public var summaries: [Summary] { ComparisonMeasure.allCases.map(summary) }

    /// Stable LAs counted in the England median.
    public var stableCount: Int { members.filter(\.stable).count }
}
