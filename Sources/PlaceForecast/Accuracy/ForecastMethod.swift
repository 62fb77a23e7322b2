import Dispatch
import Foundation

/// A named way of forecasting from the inputs known at an origin: a fixed model, or `auto`.
public struct ForecastMethod: Sendable {
    public let name: String
    private let body:
        @Sendable (ForecastInputs, AcademicYear, Int, [PupilOverride: Double]) throws(ForecastError) -> Forecast

    /// `body(inputs, origin, horizon, overrides)` forecasts; `overrides` are known totals (known intakes).
    public init(
        name: String,
        _ body:
            @escaping @Sendable (ForecastInputs, AcademicYear, Int, [PupilOverride: Double]) throws(ForecastError)
            -> Forecast
    ) {
        self.name = name
        self.body = body
    }

    /// A fixed model, named by the model's name.
    public static func fixed(_ model: ForecastModel) -> ForecastMethod {
        ForecastMethod(name: model.name) { inputs, origin, horizon, overrides throws(ForecastError) in
            try CohortSurvivalForecaster(model: model).forecast(
                inputs, origin: origin, horizon: horizon, overrides: overrides)
        }
    }

    /// Forecasts from `origin` seeing only what was known then: the inputs are cut at the origin before the
    /// method gets them, so no value after the origin can reach it, except `overrides`: totals given in place of
    /// the projection (the known intakes of a backtest, which the caller takes from the year after the origin).
    public func forecast(
        _ inputs: ForecastInputs, origin: AcademicYear, horizon: Int, overrides: [PupilOverride: Double] = [:]
    ) throws(ForecastError) -> Forecast {
        try body(inputs.asKnown(at: origin), origin, horizon, overrides)
    }
}
