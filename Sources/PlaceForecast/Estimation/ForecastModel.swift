/// How Reception intake is forecast.
public enum IntakeMethod: Equatable, Sendable, CustomStringConvertible {
    /// Reception(Y) = births(Y−4) × reception ratio, the ratio estimated like any other.
    case birthsRatio(RatioEstimator)
    /// Reception(Y) regressed on births(Y−4), plus completions in Y when `useHousing`, by least squares (LAPACK).
    case regression(IntakeRegression)

    public var description: String {
        switch self {
        case .birthsRatio(let estimator): return "births × reception ratio (\(estimator))"
        case .regression(let regression): return regression.description
        }
    }
}

/// Settings of the regression intake model.
public struct IntakeRegression: Equatable, Sendable, CustomStringConvertible {
    /// Number of latest years fitted (nil = all).
    public var window: Int?
    /// Add completed dwellings in the intake year as a regressor (needs housing input).
    public var useHousing: Bool
    /// One fit across all areas with an intercept per area and shared slopes, instead of one fit per area.
    public var pooled: Bool
    /// Estimator used for an area whose own history is too short for a per-area fit.
    public var fallback: RatioEstimator

    public init(
        window: Int? = nil, useHousing: Bool = false, pooled: Bool = false,
        fallback: RatioEstimator = RatioEstimator(.mean(window: 3))
    ) {
        self.window = window
        self.useHousing = useHousing
        self.pooled = pooled
        self.fallback = fallback
    }

    public var description: String {
        var text = "regression on births" + (useHousing ? " and housing" : "")
        text += pooled ? ", pooled with area effects" : ", per area"
        if let window { text += ", last \(window) years" }
        return text
    }
}

/// A complete forecasting configuration: one estimator for each kind of ratio.
///
/// The kinds: intake (births → Reception), progression (R→1 … 5→6 and 7→8 … 10→11), transfer (6→7,
/// within an
/// area or through the feeder shares), and sixth form (11→12, 12→13). `stepOverrides` replaces the estimator of
/// one transition, keyed by the year group the cohort leaves (e.g. R for R→1).
public struct ForecastModel: Equatable, Sendable {
    /// Default forecast horizon in years (SCAP: 5 primary, 7 secondary).
    public static let defaultHorizon = 7
    /// Longest horizon the forecaster accepts.
    public static let maximumHorizon = 15

    public var name: String
    public var intake: IntakeMethod
    public var progression: RatioEstimator
    public var transfer: RatioEstimator
    public var sixthForm: RatioEstimator
    public var stepOverrides: [YearGroup: RatioEstimator]
    public var horizon: Int
    /// Weight (0…1) of the area's period effect added to every compulsory-school survival ratio; 0 = off.
    /// See `RatioEstimation.periodAdjusted`. With `periodPersistenceEstimated` it is the fallback weight.
    public var periodAdjustment: Double
    /// How the period effect is split into national and local parts and carried forward (nil: the single fixed
    /// `periodAdjustment` weight). With a split, national one-year shocks are also set aside as a base for ratios.
    public var periodSplit: PeriodSplit?
    /// Census years set aside as a base for every ratio (`abnormal_years:`): a year a planner knows was not normal
    /// (e.g. 2020, the January 2021 census taken in the pandemic). Academic years by their first calendar year.
    public var abnormalYears: Set<AcademicYear> = []

    public init(
        name: String,
        intake: IntakeMethod,
        progression: RatioEstimator,
        transfer: RatioEstimator,
        sixthForm: RatioEstimator,
        stepOverrides: [YearGroup: RatioEstimator] = [:],
        horizon: Int = ForecastModel.defaultHorizon,
        periodAdjustment: Double = 0, periodSplit: PeriodSplit? = nil, abnormalYears: Set<AcademicYear> = []
    ) {
        self.periodAdjustment = periodAdjustment
        self.periodSplit = periodSplit
        self.abnormalYears = abnormalYears
        self.name = name
        self.intake = intake
        self.progression = progression
        self.transfer = transfer
        self.sixthForm = sixthForm
        self.stepOverrides = stepOverrides
        self.horizon = horizon
    }

    /// How a split period effect is carried forward: `period_adjustment: { national: …, local: … }` or
    /// `period_adjustment: estimated` in a model file.
    public enum PeriodSplit: Equatable, Sendable {
        /// Shares of the national and local parts carried `h` years ahead (index `h − 1`; beyond the last given, it
        /// fades at the rate of the last two, or holds when one is given).
        case shares(national: [Double], local: [Double])
        /// Shares fitted by least squares on the run's own history (``PeriodEffects``); the fixed weight where too
        /// little history.
        case estimated
    }

    /// The method most English LAs use: births × 3:2:1-weighted reception ratio, 3-year mean survival and
    /// staying-on ratios.
    public static let standard = ForecastModel(
        name: "standard",
        intake: .birthsRatio(RatioEstimator(.weighted(weights: [3, 2, 1]))),
        progression: RatioEstimator(.mean(window: 3)),
        transfer: RatioEstimator(.mean(window: 3)),
        sixthForm: RatioEstimator(.mean(window: 3))
    )

    /// Automatic choice (``AutoSelection/standard``) for every ratio: each area and ratio type gets the
    /// combination of methods that forecast its own past best, judged on data up to the origin only.
    public static let auto = ForecastModel(
        name: "auto",
        intake: .birthsRatio(RatioEstimator(.auto(.standard))),
        progression: RatioEstimator(.auto(.standard)),
        transfer: RatioEstimator(.auto(.standard)),
        sixthForm: RatioEstimator(.auto(.standard)),
        periodAdjustment: PlanningRules.periodAdjustmentWeight,
        periodSplit: .shares(
            national: [PlanningRules.nationalPeriodShare], local: [PlanningRules.periodAdjustmentWeight]),
        abnormalYears: PlanningRules.abnormalCensusYears
    )

    /// The estimator for the cohort leaving `group` (R→1 is `.reception`).
    public func estimator(leaving group: YearGroup) -> RatioEstimator {
        if let override = stepOverrides[group] { return override }
        switch group.index {
        case 6: return transfer
        case 11...: return sixthForm
        default: return progression
        }
    }

    /// Every ratio method in the model, for validation.
    var allEstimators: [RatioEstimator] {
        var list = [progression, transfer, sixthForm] + stepOverrides.values
        switch intake {
        case .birthsRatio(let estimator): list.append(estimator)
        case .regression(let regression): list.append(regression.fallback)
        }
        return list
    }

    /// Checks every setting; throws with the first problem found.
    public func validate() throws(ForecastError) {
        guard (1...Self.maximumHorizon).contains(horizon) else {
            throw .invalidModel("horizon must be 1 to \(Self.maximumHorizon) years (got \(horizon))")
        }
        for estimator in allEstimators {
            do { try estimator.method.validate() } catch { throw .invalidModel("\(estimator.method): \(error)") }
            if let k = estimator.shrinkageStrength, !(k >= 0 && k.isFinite) {
                throw .invalidModel("shrinkage strength must be a non-negative number of pupils (got \(k))")
            }
        }
        guard periodAdjustment >= 0 && periodAdjustment <= 1 else {
            throw .invalidModel("period_adjustment must be between 0 and 1 (got \(periodAdjustment))")
        }
        if case .shares(let national, let local) = periodSplit {
            guard !national.isEmpty, !local.isEmpty, (national + local).allSatisfy({ (0...1).contains($0) }) else {
                throw .invalidModel("period_adjustment shares must be between 0 and 1, at least one of each")
            }
        }
        if case .regression(let regression) = intake, let window = regression.window, window < 3 {
            throw .invalidModel("a regression intake window needs at least 3 years (got \(window))")
        }
    }
}
