import Foundation

/// One LA's own forecast error as DfE published it in the school places scorecards: the LA's SCAP forecast of
/// its LA total for `target`, made `horizon` years earlier, against the January census of `target`.
///
/// Years are academic years named by their starting calendar year (2021 = 2021/22). The LA's forecast is placed
/// at origin `target − horizon`, this project's origin (the last census used): DfE's 2021/22 1-year score is the
/// SCAP21 forecast, submitted in July 2021 on the January 2021 census (2020/21, origin 2020).
public struct LAScore: Equatable, Sendable {
    /// The LA's area code (GSS code, as in the pupils file).
    public let areaCode: String
    public let target: AcademicYear
    /// Primary (R–6) or secondary (7–11), as DfE scores forecasts.
    public let phase: Phase
    /// Whole years between the census the LA's forecast started from and `target`.
    public let horizon: Int
    /// The scorecard column the score came from: 1 (`For_1_`) or 3 (`For_3_`); it differs from `horizon` where
    /// DfE scored a shorter forecast under that heading (see ``Scorecards/horizon(column:target:)``).
    public let column: Int
    /// Signed error as a proportion: LA forecast / actual − 1 (0.01 = 1% over-forecast; negative = under).
    public let error: Double

    public init(areaCode: String, target: AcademicYear, phase: Phase, horizon: Int, column: Int, error: Double) {
        self.areaCode = areaCode
        self.target = target
        self.phase = phase
        self.horizon = horizon
        self.column = column
        self.error = error
    }

    /// The origin of a forecast made `horizon` years before `target`, in this project's convention.
    public var origin: AcademicYear { target.advanced(by: -horizon) }
}

/// An LA and the target year at which it is compared.
public struct ScoredLA: Hashable, Sendable {
    public let areaCode: String
    public let target: AcademicYear

    public init(areaCode: String, target: AcademicYear) {
        self.areaCode = areaCode
        self.target = target
    }
}

/// A method's forecasts against the LAs' own, for one target year (or the targets pooled), phase and horizon,
/// on the same LAs.
///
/// Errors are DfE's: signed error of the LA total = forecast / actual − 1, shown in per cent (over-forecast
/// positive). Medians are over the LAs (LA × target pairs when pooled) with both a published score and a forecast
/// of this method (interpolated median for an even count).
public struct ScorecardComparison: Equatable, Sendable {
    public let method: String
    /// The target year; nil when the targets are pooled (see `compared`).
    public let target: AcademicYear?
    public let phase: Phase
    /// Years ahead (origin = target − horizon); nil when pooled targets mix horizons under one scorecard column.
    public let horizon: Int?
    /// The scorecard column compared (1 or 3), see ``LAScore/column``.
    public let column: Int
    /// The LAs compared, each with its target: a published score and a forecast of this method.
    public let compared: [ScoredLA]
    /// The LAs' own median |error|, per cent.
    public let laMedianAbsolute: Double
    /// This method's median |error| on the same LAs, per cent.
    public let ourMedianAbsolute: Double
    /// The LAs' own median signed error, per cent (positive: over-forecast).
    public let laMedianSigned: Double
    /// This method's median signed error on the same LAs, per cent.
    public let ourMedianSigned: Double
    /// LAs where this method's |error| is strictly smaller than the LA's own.
    public let beaten: Int
    /// LAs where the two |errors| are equal to within 10⁻⁹ per cent (counted as not beaten).
    public let ties: Int

    /// LAs (LA × target pairs when pooled) compared.
    public var count: Int { compared.count }
    /// `beaten / count` (ties count as not beaten); NaN for no LAs.
    public var shareBeaten: Double { count > 0 ? Double(beaten) / Double(count) : .nan }
    /// The forecasts' origin; nil when pooled.
    public var origin: AcademicYear? {
        guard let target, let horizon else { return nil }
        return target.advanced(by: -horizon)
    }
}

/// The comparison of backtest forecasts with the LAs' own published forecast errors (DfE scorecards).
public enum Scorecards {
    /// DfE's SCAP survey of 2020 was cancelled (COVID-19), so the 2021/22 scorecard (target 2022/23) scored the
    /// SCAP21 forecast two years ahead where the 3-year score would stand: its data file's column is `For_2_`,
    /// which collations (this project's `scorecards.csv`) file under `For_3_`.
    public static let twoYearScoreTargets: Set<AcademicYear> = [AcademicYear(2022)]

    /// The years ahead that a scorecard column (1 or 3) measures for `target`: the column itself, but 2 for the
    /// 3-year column of the targets in ``twoYearScoreTargets``.
    public static func horizon(column: Int, target: AcademicYear) -> Int {
        column == 3 && twoYearScoreTargets.contains(target) ? 2 : column
    }

    /// Each method's backtest cells against the LAs' scores: one comparison per method × (target, phase, horizon)
    /// of `scores` for which the method forecast at least one LA with a score, then (when `scores` cover more than
    /// one target) one per method × phase × scorecard column with the targets pooled. Only LA phase totals
    /// (``BacktestLevel/phaseTotal(_:)``) whose actual is positive are used; an LA is matched by area code.
    public static func compare(_ cells: [BacktestCell], with scores: [LAScore]) -> [ScorecardComparison] {
        struct Key: Hashable {
            let area: String
            let target: AcademicYear
            let phase: Phase
            let horizon: Int
        }
        var published: [Key: LAScore] = [:]
        for score in scores {
            published[Key(area: score.areaCode, target: score.target, phase: score.phase, horizon: score.horizon)] =
                score
        }
        /// A comparison's group: `target` and `horizon` nil when the targets are pooled.
        struct Group: Hashable, Comparable {
            let method: String
            let target: AcademicYear?
            let phase: Phase
            let horizon: Int?
            let column: Int
            static func < (lhs: Self, rhs: Self) -> Bool {
                func order(_ group: Self) -> (String, Int, Int, Int) {
                    (
                        group.method, group.target?.startYear ?? Int.max, Phase.allCases.firstIndex(of: group.phase)!,
                        group.horizon ?? group.column
                    )
                }
                return order(lhs) < order(rhs)
            }
        }
        var pairs: [Group: [(la: ScoredLA, horizon: Int, ours: Double, theirs: Double)]] = [:]
        let pooling = Set(scores.map(\.target)).count > 1
        for cell in cells {
            guard case .phaseTotal(let phase) = cell.level, cell.actual > 0 else { continue }
            let key = Key(area: cell.area.code, target: cell.target, phase: phase, horizon: cell.horizon)
            guard let score = published[key] else { continue }
            let la = ScoredLA(areaCode: cell.area.code, target: cell.target)
            let pair = (la, cell.horizon, cell.forecast / cell.actual - 1, score.error)
            let single = Group(
                method: cell.method, target: cell.target, phase: phase, horizon: cell.horizon, column: score.column)
            pairs[single, default: []].append(pair)
            if pooling {
                let pooled = Group(method: cell.method, target: nil, phase: phase, horizon: nil, column: score.column)
                pairs[pooled, default: []].append(pair)
            }
        }
        // A pooled group that holds one target only repeats that target's comparison.
        let groups = pairs.keys.filter { $0.target != nil || Set(pairs[$0]!.map(\.la.target)).count > 1 }
        return groups.sorted().map { group in
            let rows = pairs[group]!.sorted { ($0.la.target, $0.la.areaCode) < ($1.la.target, $1.la.areaCode) }
            let ours = rows.map { 100 * $0.ours }
            let theirs = rows.map { 100 * $0.theirs }
            let beaten = zip(ours, theirs).filter { abs($0) < abs($1) - 1e-9 }.count
            let ties = zip(ours, theirs).filter { abs(abs($0) - abs($1)) <= 1e-9 }.count
            let horizons = Set(rows.map(\.horizon))
            return ScorecardComparison(
                method: group.method, target: group.target, phase: group.phase,
                horizon: group.horizon ?? (horizons.count == 1 ? horizons.first : nil), column: group.column,
                compared: rows.map(\.la), laMedianAbsolute: Statistics.median(theirs.map(abs)),
                ourMedianAbsolute: Statistics.median(ours.map(abs)), laMedianSigned: Statistics.median(theirs),
                ourMedianSigned: Statistics.median(ours), beaten: beaten, ties: ties)
        }
    }

    /// One LA's own error beside a method's, for the same target, phase and horizon (per cent of the actual,
    /// positive = over-forecast).
    public struct LAComparison: Equatable, Sendable {
        public let method: String
        public let area: Area
        public let score: LAScore
        /// The method's signed error, per cent.
        public let ours: Double
        /// The LA's own signed error, per cent.
        public var theirs: Double { 100 * score.error }
    }

    /// Every LA × target × phase × horizon where both the LA's score and a method's forecast exist, by method, then
    /// target, phase, horizon and area code: what a planner reads for their own LA.
    public static func byLA(_ cells: [BacktestCell], with scores: [LAScore]) -> [LAComparison] {
        var published: [String: LAScore] = [:]
        for score in scores {
            published["\(score.areaCode)|\(score.target.startYear)|\(score.phase.rawValue)|\(score.horizon)"] = score
        }
        var rows: [LAComparison] = []
        for cell in cells {
            guard case .phaseTotal(let phase) = cell.level, cell.actual > 0,
                let score = published["\(cell.area.code)|\(cell.target.startYear)|\(phase.rawValue)|\(cell.horizon)"]
            else { continue }
            rows.append(
                LAComparison(
                    method: cell.method, area: cell.area, score: score, ours: 100 * (cell.forecast / cell.actual - 1)))
        }
        return rows.sorted {
            ($0.method, $0.score.target, Phase.allCases.firstIndex(of: $0.score.phase)!, $0.score.horizon, $0.area.code)
                < (
                    $1.method, $1.score.target, Phase.allCases.firstIndex(of: $1.score.phase)!, $1.score.horizon,
                    $1.area.code
                )
        }
    }

    /// The (target, horizon) pairs that `scores` publish but no cell forecasts, sorted: the comparison needs
    /// forecasts from origin `target − horizon` at that horizon.
    public static func uncovered(
        _ scores: [LAScore], by cells: [BacktestCell]
    ) -> [(target: AcademicYear, horizon: Int)] {
        struct Pair: Hashable {
            let target: AcademicYear
            let horizon: Int
        }
        let forecast = Set(cells.map { Pair(target: $0.target, horizon: $0.horizon) })
        let needed = Set(scores.map { Pair(target: $0.target, horizon: $0.horizon) })
        return needed.subtracting(forecast).sorted { ($0.target, $0.horizon) < ($1.target, $1.horizon) }
            .map { ($0.target, $0.horizon) }
    }
}
