/// Annual monitoring: last year's published forecast set against the new census (the first step of each SCAP
/// round). Pure: the caller reads the forecast and the census; this compares them cell by cell, then by planning
/// area × phase and for the LA (the sum of its areas).
///
/// Conventions:
/// - error = forecast − actual (positive = over-forecast); per cent error = error / actual × 100 (nil when the
///   actual is 0), as in the DfE school places scorecard.
/// - A total (area × phase, or LA × phase) compares only the year groups with both a forecast and a census figure,
///   so both sides count the same pupils.
/// - The interval of a total is the **sum of its year groups' bounds**. That is the exact interval only if the
///   year groups' errors moved together perfectly; with errors that partly cancel the true interval of a total is
///   narrower, so this is a conservative (wide) band and a hit inside it is weaker evidence than a cell's hit. A
///   total has no interval when any of its year groups has none. The calibration of the intervals themselves is
///   judged on the year-group cells (`cellsInside80` / `cellsInside95`), each against its own interval.

/// One year-group cell of a published forecast (as read back from its `forecast.csv`).
public struct PublishedForecastCell: Equatable, Sendable {
    public let area: Area
    public let year: AcademicYear
    public let yearGroup: YearGroup
    /// The point forecast (fractional pupils, housing included).
    public let pupils: Double
    /// The published 80% and 95% intervals; nil where the forecast had none.
    public let interval80: ClosedRange<Double>?
    public let interval95: ClosedRange<Double>?

    public init(
        area: Area, year: AcademicYear, yearGroup: YearGroup, pupils: Double,
        interval80: ClosedRange<Double>?, interval95: ClosedRange<Double>?
    ) {
        self.area = area
        self.year = year
        self.yearGroup = yearGroup
        self.pupils = pupils
        self.interval80 = interval80
        self.interval95 = interval95
    }
}

/// A year-group cell: what was forecast against the census.
public struct MonitoredCell: Equatable, Sendable {
    public let area: Area
    public let year: AcademicYear
    /// Years after the forecast's origin (1 = the forecast made a year earlier).
    public let horizon: Int
    public let yearGroup: YearGroup
    public let forecast: Double
    public let actual: Double
    public let interval80: ClosedRange<Double>?
    public let interval95: ClosedRange<Double>?

    public var phase: Phase { yearGroup.phase }
    /// forecast − actual: positive = over-forecast.
    public var error: Double { forecast - actual }
    /// error / actual × 100; nil when the actual is 0.
    public var errorPercent: Double? { actual > 0 ? error / actual * 100 : nil }
    /// Whether the actual lies inside the interval (bounds included); nil without an interval.
    public var inside80: Bool? { interval80.map { $0.contains(actual) } }
    public var inside95: Bool? { interval95.map { $0.contains(actual) } }
}

/// A phase total of one planning area, or of the LA (the sum of its areas), in one year.
public struct MonitoredTotal: Equatable, Sendable {
    public enum Level: String, Sendable { case area, la }

    public let level: Level
    /// The planning area, or the LA (its code, or "LA" when unknown).
    public let area: Area
    public let phase: Phase
    public let year: AcademicYear
    public let horizon: Int
    public let forecast: Double
    public let actual: Double
    /// Sum of the year groups' bounds (a conservative band; see the file's notes); nil when a year group has none.
    public let interval80: ClosedRange<Double>?
    public let interval95: ClosedRange<Double>?
    /// Year-group cells in the total, and how many of them had an interval and held the actual inside it.
    public let cells: Int
    public let cellsWithInterval80: Int
    public let cellsInside80: Int
    public let cellsWithInterval95: Int
    public let cellsInside95: Int
    /// Areas in the total (1 for an area row), those whose own total had an interval and held the actual inside it.
    public let areas: Int
    public let areasWithInterval80: Int
    public let areasInside80: Int
    public let areasWithInterval95: Int
    public let areasInside95: Int

    /// forecast − actual: positive = over-forecast.
    public var error: Double { forecast - actual }
    /// error / actual × 100 (the DfE scorecard's measure at LA level); nil when the actual is 0.
    public var errorPercent: Double? { actual > 0 ? error / actual * 100 : nil }
    public var inside80: Bool? { interval80.map { $0.contains(actual) } }
    public var inside95: Bool? { interval95.map { $0.contains(actual) } }
}

/// The DfE-style accuracy figure: the LA-level per cent error of a phase, forecast made `horizon` years earlier.
public struct ScorecardFigure: Equatable, Sendable {
    public let phase: Phase
    public let year: AcademicYear
    public let horizon: Int
    public let forecast: Double
    public let actual: Double
    public let errorPercent: Double?
}

/// Why a forecast could not be monitored against a census (names years and areas; the I/O layer adds the files).
public enum MonitoringError: Error, Equatable, Sendable {
    /// The forecast has no cells at all.
    case emptyForecast
    /// No academic year is in both the forecast and the census.
    case noCommonYear(forecast: ClosedRange<AcademicYear>, census: ClosedRange<AcademicYear>?)
    /// The years overlap but no forecast area has a census figure in them.
    case noCommonArea(years: [AcademicYear], forecastAreas: [String], censusAreas: [String])

    public var message: String {
        func list(_ codes: [String]) -> String {
            codes.count <= 8
                ? codes.joined(separator: ", ")
                : codes.prefix(8).joined(separator: ", ")
                    + " and \(codes.count - 8) more"
        }
        switch self {
        case .emptyForecast:
            return "the forecast has no rows"
        case .noCommonYear(let forecast, let census):
            let censusYears = census.map { "\($0.lowerBound) to \($0.upperBound)" } ?? "none"
            return "no academic year is in both the forecast (\(forecast.lowerBound) to \(forecast.upperBound)) and "
                + "the census (\(censusYears))"
        case .noCommonArea(let years, let forecastAreas, let censusAreas):
            return "no forecast area has census figures in \(years.map(\.description).joined(separator: ", ")): "
                + "the forecast has \(list(forecastAreas)), the census \(list(censusAreas))"
        }
    }
}

/// The comparison: cells, area and LA totals by phase, and what did not match.
public struct MonitoringResult: Equatable, Sendable {
    /// The forecast's origin (its last census year).
    public let origin: AcademicYear
    /// Academic years in both the forecast and the census, ascending.
    public let years: [AcademicYear]
    /// Year-group cells in both, by year, area and year group.
    public let cells: [MonitoredCell]
    /// Area totals (by year, area, phase), then the LA totals (by year, phase).
    public let totals: [MonitoredTotal]
    /// Areas in the census (in the compared years) that the forecast does not have, by code.
    public let censusAreasNotForecast: [Area]
    /// Areas forecast for a compared year but absent from the census in that year, by code.
    public let forecastAreasNotInCensus: [Area]
    /// Forecast cells in the compared years whose area is in the census but the year group is not.
    public let cellsWithoutActual: Int

    /// The LA total of `phase` in `year`.
    public func laTotal(_ phase: Phase, _ year: AcademicYear) -> MonitoredTotal? {
        totals.first { $0.level == .la && $0.phase == phase && $0.year == year }
    }

    /// The DfE school places scorecard's accuracy measure: LA-level per cent error of primary (R–6) and secondary
    /// (7–11), sixth form excluded, for the forecast made `horizon` years before the census (1 by default: last
    /// year's forecast of this year). Empty when that year was not compared.
    public func scorecard(horizon: Int = 1) -> [ScorecardFigure] {
        let year = origin.advanced(by: horizon)
        return [Phase.primary, .secondary].compactMap { phase in
            laTotal(phase, year).map {
                ScorecardFigure(
                    phase: phase, year: year, horizon: horizon, forecast: $0.forecast, actual: $0.actual,
                    errorPercent: $0.errorPercent)
            }
        }
    }
}

public enum Monitoring {
    /// Sets `forecast` (made from `origin`) against `census`. `la` names the LA rows (its code and name).
    public static func compare(
        forecast: [PublishedForecastCell], origin: AcademicYear, census: CohortTable, la: Area
    ) throws(MonitoringError) -> MonitoringResult {
        guard let firstYear = forecast.map(\.year).min(), let lastYear = forecast.map(\.year).max() else {
            throw .emptyForecast
        }
        let forecastYears = Set(forecast.map(\.year))
        let censusYears = Set(census.histories.flatMap { Array($0.years) })
        let years = forecastYears.intersection(censusYears).sorted()
        guard !years.isEmpty else {
            let range = censusYears.min().flatMap { low in censusYears.max().map { low...$0 } }
            throw .noCommonYear(forecast: firstYear...lastYear, census: range)
        }
        let compared = Set(years)

        var cells: [MonitoredCell] = []
        var missingAreas: [String: Area] = [:]
        var withoutActual = 0
        for cell in forecast where compared.contains(cell.year) {
            guard let history = census[cell.area.code], history.years.contains(cell.year) else {
                missingAreas[cell.area.code] = cell.area
                continue
            }
            guard let actual = history.pupils(cell.year, cell.yearGroup) else {
                withoutActual += 1
                continue
            }
            cells.append(
                MonitoredCell(
                    area: cell.area, year: cell.year, horizon: origin.distance(to: cell.year),
                    yearGroup: cell.yearGroup, forecast: cell.pupils, actual: actual,
                    interval80: cell.interval80, interval95: cell.interval95))
        }
        guard !cells.isEmpty else {
            throw .noCommonArea(
                years: years, forecastAreas: Set(forecast.map(\.area.code)).sorted(),
                censusAreas: census.histories.filter { history in years.contains { history.years.contains($0) } }
                    .map(\.area.code))
        }
        cells.sort {
            ($0.year, $0.area.code, $0.yearGroup.index) < ($1.year, $1.area.code, $1.yearGroup.index)
        }

        let forecastCodes = Set(forecast.map(\.area.code))
        let notForecast = census.histories
            .filter { history in
                !forecastCodes.contains(history.area.code) && years.contains { history.years.contains($0) }
            }
            .map(\.area)

        var areaTotals: [MonitoredTotal] = []
        for year in years {
            let ofYear = cells.filter { $0.year == year }
            for code in Set(ofYear.map(\.area.code)).sorted() {
                let ofArea = ofYear.filter { $0.area.code == code }
                for phase in Phase.allCases {
                    let group = ofArea.filter { $0.phase == phase }
                    guard let first = group.first else { continue }
                    areaTotals.append(total(of: group, level: .area, area: first.area, phase: phase, year: year))
                }
            }
        }
        var laTotals: [MonitoredTotal] = []
        for year in years {
            for phase in Phase.allCases {
                let parts = areaTotals.filter { $0.year == year && $0.phase == phase }
                guard !parts.isEmpty else { continue }
                let group = cells.filter { $0.year == year && $0.phase == phase }
                laTotals.append(total(of: group, level: .la, area: la, phase: phase, year: year).with(areas: parts))
            }
        }
        return MonitoringResult(
            origin: origin, years: years, cells: cells, totals: areaTotals + laTotals,
            censusAreasNotForecast: notForecast,
            forecastAreasNotInCensus: missingAreas.values.sorted { $0.code < $1.code },
            cellsWithoutActual: withoutActual)
    }

    /// The total of `cells` (one phase, one year), its interval the sum of the cells' bounds.
    static func total(
        of cells: [MonitoredCell], level: MonitoredTotal.Level, area: Area, phase: Phase, year: AcademicYear
    ) -> MonitoredTotal {
        func summed(_ bounds: [ClosedRange<Double>?]) -> ClosedRange<Double>? {
            guard bounds.allSatisfy({ $0 != nil }) else { return nil }
            let ranges = bounds.compactMap { $0 }
            return ranges.map(\.lowerBound).reduce(0, +)...ranges.map(\.upperBound).reduce(0, +)
        }
        let interval80 = summed(cells.map(\.interval80))
        let interval95 = summed(cells.map(\.interval95))
        let actual = cells.map(\.actual).reduce(0, +)
        let own80 = interval80.map { $0.contains(actual) }
        let own95 = interval95.map { $0.contains(actual) }
        return MonitoredTotal(
            level: level, area: area, phase: phase, year: year, horizon: cells.first?.horizon ?? 0,
            forecast: cells.map(\.forecast).reduce(0, +), actual: actual,
            interval80: interval80, interval95: interval95, cells: cells.count,
            cellsWithInterval80: cells.filter { $0.inside80 != nil }.count,
            cellsInside80: cells.filter { $0.inside80 == true }.count,
            cellsWithInterval95: cells.filter { $0.inside95 != nil }.count,
            cellsInside95: cells.filter { $0.inside95 == true }.count,
            areas: 1, areasWithInterval80: own80 == nil ? 0 : 1, areasInside80: own80 == true ? 1 : 0,
            areasWithInterval95: own95 == nil ? 0 : 1, areasInside95: own95 == true ? 1 : 0)
    }
}

extension MonitoredTotal {
    /// This total with its area counts taken from its areas' own totals (for an LA row).
    fileprivate func with(areas parts: [MonitoredTotal]) -> MonitoredTotal {
        MonitoredTotal(
            level: level, area: area, phase: phase, year: year, horizon: horizon, forecast: forecast, actual: actual,
            interval80: interval80, interval95: interval95, cells: cells, cellsWithInterval80: cellsWithInterval80,
            cellsInside80: cellsInside80, cellsWithInterval95: cellsWithInterval95, cellsInside95: cellsInside95,
            areas: parts.count, areasWithInterval80: parts.map(\.areasWithInterval80).reduce(0, +),
            areasInside80: parts.map(\.areasInside80).reduce(0, +),
            areasWithInterval95: parts.map(\.areasWithInterval95).reduce(0, +),
            areasInside95: parts.map(\.areasInside95).reduce(0, +))
    }
}
