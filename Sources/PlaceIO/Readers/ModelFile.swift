import Foundation
import PlaceForecast
import Yams

/// Reads a model configuration (`models/*.yaml`) into a ``ForecastModel``.
///
/// ```yaml
/// name: default
/// horizon: 7                      # years ahead, 1-15
/// intake:                         # births × reception ratio ...
///   method: ratio
///   estimator: weighted
///   weights: [3, 2, 1]            # latest year first
/// # intake: { method: regression, window: 6, housing: false, pooled: false }   # ... or least squares
/// progression: { estimator: mean, window: 3 }           # R→1 … 5→6, 7→8 … 10→11
/// progression_overrides: { R: { estimator: last } }      # optional, keyed by the year group left
/// transfer: { estimator: mean, window: 3 }              # 6→7
/// sixth_form: { estimator: mean, window: 3 }            # 11→12, 12→13
/// period_adjustment: estimated    # or a weight 0-1 (default 0: off); see PeriodPersistence
/// abnormal_years: [2020]          # census years set aside as a base for ratios (academic years)
/// ```
/// An estimator is `estimator:` one of `mean`, `weighted`, `median`, `geometric`, `last`, `exponential`,
/// `trend`, with `window`, `weights`, `alpha`, `damping` as the method needs, and an optional `shrinkage:`
/// prior strength in pupils. Unknown keys are errors, so a misspelt setting never passes silently.
public enum ModelFile {
    /// Files in `models/` that are settings, not models (`comparators.yaml`, read by `placeplan compare`): left out
    /// when every `models/*.yaml` is compared.
    public static let notModels: Set<String> = ["comparators.yaml"]

    public static func read(_ url: URL, displayPath: String) throws(InputError) -> ForecastModel {
        let text: String
        do {
            text = try String(contentsOf: url, encoding: .utf8)
        } catch {
            throw InputError(
                file: displayPath, problem: "cannot read the model file (\(error.localizedDescription))",
                hint: "Check the path given to --model")
        }
        return try parse(text, file: displayPath)
    }

    public static func parse(_ text: String, file: String) throws(InputError) -> ForecastModel {
        let root = try YAMLReader.root(text, file: file)
        let reader = YAMLReader(file: file)
        let top = try reader.mapping(
            root,
            allowed: [
                "name", "description", "horizon", "intake", "progression",
                "progression_overrides", "transfer", "sixth_form",
                "period_adjustment", "abnormal_years",
            ])
        let name = try reader.optional(top, "name") { n throws(InputError) in try reader.string(n) } ?? "unnamed"
        let horizon =
            try reader.optional(top, "horizon") { n throws(InputError) in
                try reader.integer(n, in: 1...ForecastModel.maximumHorizon)
            }
            ?? ForecastModel.defaultHorizon
        let intake = try reader.intake(try reader.required(top, "intake", in: root))
        let progression = try reader.estimator(try reader.required(top, "progression", in: root))
        let transfer =
            try reader.optional(top, "transfer") { n throws(InputError) in try reader.estimator(n) } ?? progression
        let sixthForm =
            try reader.optional(top, "sixth_form") { n throws(InputError) in try reader.estimator(n) } ?? progression
        var overrides: [YearGroup: RatioEstimator] = [:]
        if let node = top["progression_overrides"] {
            for (key, value) in try reader.pairs(node) {
                guard let group = YearGroup(label: key.string ?? ""), group.index < 13 else {
                    throw reader.error(
                        key, "'\(key.string ?? "")' is not a year group a cohort leaves",
                        hint: "Use R or 1 to 12 (the year group before the step)")
                }
                overrides[group] = try reader.estimator(value)
            }
        }
        var periodAdjustment = 0.0
        var split: ForecastModel.PeriodSplit?
        if let node = top["period_adjustment"] {
            (periodAdjustment, split) = try reader.periodAdjustment(node)
        }
        var model = ForecastModel(
            name: name, intake: intake, progression: progression, transfer: transfer,
            sixthForm: sixthForm, stepOverrides: overrides, horizon: horizon,
            periodAdjustment: periodAdjustment, periodSplit: split)
        if let node = top["abnormal_years"] {
            guard case .sequence(let years) = node else {
                throw reader.error(node, "abnormal_years: expected a list of years, e.g. [2020]")
            }
            for year in years {
                guard let text = year.string, let academic = AcademicYear(label: text),
                    (1900...2200).contains(academic.startYear)
                else {
                    throw reader.error(
                        year, "abnormal_years: '\(year.string ?? "?")' is not an academic year",
                        hint: "Write e.g. 2020 or 2020/21")
                }
                model.abnormalYears.insert(academic)
            }
        }
        do {
            try model.validate()
        } catch {
            throw InputError(file: file, problem: error.description)
        }
        return model
    }
}

/// The model file's own shapes: estimators and the intake method.
extension YAMLReader {
    /// `period_adjustment:` a weight 0–1 (the fixed adjustment), `estimated`, or `{ national: S, local: S }` where S
    /// is a share 0–1 or a list of shares by years ahead. Returns the fixed weight (the fallback of `estimated`)
    /// and the split.
    func periodAdjustment(_ node: Node) throws(InputError) -> (Double, ForecastModel.PeriodSplit?) {
        if node.string == "estimated" { return (PlanningRules.periodAdjustmentWeight, .estimated) }
        if case .mapping = node {
            let parts = try mapping(node, allowed: ["national", "local"])
            func shares(_ key: String) throws(InputError) -> [Double] {
                let value = try required(parts, key, in: node)
                let nodes: [Node]
                if case .sequence(let list) = value { nodes = Array(list) } else { nodes = [value] }
                var result: [Double] = []
                for item in nodes {
                    guard let share = item.float ?? item.int.map(Double.init), (0...1).contains(share) else {
                        throw error(
                            item, "period_adjustment: \(key): expected a share from 0 to 1, got '\(item.string ?? "?")'"
                        )
                    }
                    result.append(share)
                }
                guard !result.isEmpty else { throw error(value, "period_adjustment: \(key): give at least one share") }
                return result
            }
            return (
                PlanningRules.periodAdjustmentWeight,
                .shares(national: try shares("national"), local: try shares("local"))
            )
        }
        guard let weight = node.float ?? node.int.map(Double.init) else {
            throw error(
                node,
                "period_adjustment: expected a weight from 0 to 1, 'estimated', or { national: …, local: … }, "
                    + "got '\(node.string ?? "?")'")
        }
        return (weight, nil)
    }

    static let estimatorKeys: Set<String> = [
        "estimator", "window", "weights", "alpha", "damping", "shrinkage",
        "candidates", "combine", "prior", "robust", "steps", "tolerance",
    ]

    func estimator(_ node: Node, extraKeys: Set<String> = []) throws(InputError) -> RatioEstimator {
        let settings = try mapping(node, allowed: Self.estimatorKeys.union(extraKeys))
        let kind = try string(try required(settings, "estimator", in: node))
        let window = try optional(settings, "window") { n throws(InputError) in try integer(n, in: 1...50) }
        let method: RatioMethod
        switch kind {
        case "mean": method = .mean(window: window ?? 3)
        case "median": method = .median(window: window ?? 3)
        case "geometric": method = .geometricMean(window: window ?? 3)
        case "last": method = .last
        case "weighted":
            guard let weightsNode = settings["weights"] else {
                method = .weighted(weights: [3, 2, 1])
                break
            }
            guard case .sequence(let sequence) = weightsNode else {
                throw error(weightsNode, "weights must be a list, latest year first, e.g. [3, 2, 1]")
            }
            var weights: [Double] = []
            for item in sequence { weights.append(try number(item)) }
            method = .weighted(weights: weights)
        case "exponential":
            method = .exponentialSmoothing(
                alpha: try optional(settings, "alpha") { n throws(InputError) in try number(n) } ?? 0.4)
        case "blend":
            guard case .sequence(let items)? = settings["candidates"] else {
                throw error(node, "a blend needs candidates: a list of estimators, e.g. [{ estimator: last }]")
            }
            var members: [RatioMethod] = []
            for item in items { members.append(try estimator(item).method) }
            method = .blend(members)
        case "auto":
            var selection = AutoSelection.standard
            if let list = settings["candidates"] {
                guard case .sequence(let items) = list else {
                    throw error(list, "candidates must be a list of estimators, e.g. [{ estimator: last }]")
                }
                var candidates: [RatioMethod] = []
                for item in items { candidates.append(try estimator(item).method) }
                selection.candidates = candidates
            }
            selection.combine =
                try optional(settings, "combine") { n throws(InputError) in try integer(n, in: 1...20) }
                ?? selection.combine
            selection.priorStrength =
                try optional(settings, "prior") { n throws(InputError) in try number(n) }
                ?? selection.priorStrength
            selection.robust =
                try optional(settings, "robust") { n throws(InputError) in try boolean(n) }
                ?? selection.robust
            selection.scoringSteps =
                try optional(settings, "steps") { n throws(InputError) in try integer(n, in: 1...10) }
                ?? selection.scoringSteps
            selection.tolerance =
                try optional(settings, "tolerance") { n throws(InputError) in try number(n) }
                ?? selection.tolerance
            method = .auto(selection)
        case "trend":
            method = .linearTrend(
                window: window ?? 5,
                damping: try optional(settings, "damping") { n throws(InputError) in try number(n) } ?? 0.8)
        default:
            throw error(
                settings["estimator"]!, "unknown estimator '\(kind)'",
                hint: "Use mean, weighted, median, geometric, last, exponential, trend, blend or auto")
        }
        do {
            try method.validate()
        } catch {
            throw self.error(settings[error.setting] ?? node, "\(kind): \(error)")
        }
        let shrinkage = try optional(settings, "shrinkage") { n throws(InputError) in try number(n) }
        if let shrinkage, shrinkage < 0 {
            throw error(settings["shrinkage"]!, "shrinkage is a prior strength in pupils and cannot be negative")
        }
        return RatioEstimator(method, shrinkageStrength: shrinkage == 0 ? nil : shrinkage)
    }

    func intake(_ node: Node) throws(InputError) -> IntakeMethod {
        let settings = try pairs(node)
        let methodNode = settings.first { $0.0.string == "method" }?.1
        let method = try optional(methodNode) { n throws(InputError) in try string(n) } ?? "ratio"
        switch method {
        case "ratio":
            return .birthsRatio(try estimator(node, extraKeys: ["method"]))
        case "regression":
            let keys = try mapping(node, allowed: ["method", "window", "housing", "pooled", "fallback"])
            return .regression(
                IntakeRegression(
                    window: try optional(keys, "window") { n throws(InputError) in try integer(n, in: 3...50) },
                    useHousing: try optional(keys, "housing") { n throws(InputError) in try boolean(n) } ?? false,
                    pooled: try optional(keys, "pooled") { n throws(InputError) in try boolean(n) } ?? false,
                    fallback: try optional(keys, "fallback") { n throws(InputError) in try estimator(n) }
                        ?? RatioEstimator(.mean(window: 3))))
        default:
            throw error(methodNode!, "unknown intake method '\(method)'", hint: "Use ratio or regression")
        }
    }
}
