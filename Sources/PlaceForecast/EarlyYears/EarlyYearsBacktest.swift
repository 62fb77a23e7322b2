import Foundation

/// One forecast of an LA's funded 3- and 4-year-olds compared with the count that followed.
public typealias EarlyYearsCell = LATotalCell

/// Rolling-origin backtest of funded 3- and 4-year-olds by LA: take-up projected from the counts known at each
/// origin (by each method and by the per-LA choice, `auto`) × the birth-based population of the target year,
/// against the naive forecast (the origin's count held). Births enter through the population only; for the 3–4s
/// 1 and 2 years ahead every births year needed (up to target − 2) is known at the origin.
public enum EarlyYearsBacktest {
    /// The method names of the cells: `auto`, each ``TakeUpMethod``, and `naive` (the count held).
    public static let methods = ["auto"] + TakeUpMethod.allCases.map(\.rawValue) + ["naive"]

    public static func run(
        _ history: EarlyYearsHistory, births: @escaping @Sendable (String, Int) -> Double?,
        origins: [AcademicYear], horizons: ClosedRange<Int>, areas: Set<String>? = nil
    ) -> [EarlyYearsCell] {
        guard let last = history.lastYear else { return [] }
        let las = history.byLA.keys.filter { areas?.contains($0) ?? true }.sorted()
        return RollingOrigin.run(methods: methods, origins: origins, horizons: horizons, lastObserved: last) {
            origin, method, reach in
            let knownBirths: @Sendable (String, Int) -> Double? = { area, year in
                year <= origin.startYear ? births(area, year) : nil
            }
            let forecaster = EarlyYearsForecaster(
                areas: las.map { ($0, $0) }, births: knownBirths, settings: EarlyYearsSettings())
            let known = history.known(at: origin)
            var cells: [EarlyYearsCell] = []
            var takeUps: [String: TakeUpProjection] = [:]
            if method != "naive" {
                let fixed = method == "auto" ? nil : TakeUpMethod(rawValue: method)
                for takeUp in forecaster.takeUp(known, origin: origin, horizon: reach, method: fixed)
                where takeUp.age == .threeFour {
                    takeUps[takeUp.laCode] = takeUp.projection
                }
            }
            for la in las {
                for step in horizons where step <= reach {
                    let target = origin.advanced(by: step)
                    guard let actual = history.byLA[la]?[target]?.funded34, actual > 0 else { continue }
                    let forecast: Double?
                    if method == "naive" {
                        forecast = known.byLA[la]?[origin]?.funded34
                    } else if let projection = takeUps[la], known.byLA[la]?[origin]?.funded34 != nil,
                        let base = forecaster.laPopulation(la, .threeFour, target)
                    {
                        forecast = base * projection.values[step - 1]
                    } else {
                        forecast = nil
                    }
                    guard let forecast else { continue }
                    cells.append(
                        EarlyYearsCell(
                            method: method, areaCode: la, origin: origin, horizon: step, forecast: forecast,
                            actual: actual))
                }
            }
            return cells
        }
    }
}
