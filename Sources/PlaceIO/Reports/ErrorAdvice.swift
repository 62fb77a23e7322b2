import Foundation
import PlaceForecast

extension ForecastError {
    /// The error as the command line prints it: the core's description plus which input file to change.
    public var message: String {
        switch self {
        case .missingBirths:
            return description + ": add its births to births.csv"
        case .missingFeeders(let area):
            return description + ": give transfer.csv with the share of each primary planning area's Year 6 that goes "
                + "to \(area)"
        case .missingHousing:
            return description + ": add housing.csv or set `housing: false`"
        case .noPupils, .invalidModel, .missingYearGroup, .noHistory, .regressionFailed:
            return description
        }
    }
}
