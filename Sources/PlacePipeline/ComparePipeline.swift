import Foundation
import PlaceForecast
import PlaceIO

/// What `placeplan compare` compares, and where its inputs are.
public struct CompareOptions: Sendable {
    /// The LA's code (or its name in areas.csv); nil: the `la_code` of `<inputs>/planning_areas.csv`.
    public var la: String?
    /// The national data folder: pupils.csv, births.csv, areas.csv and (optional) ehcp.csv by LA.
    public var data: String
    /// The comparator groups file.
    public var comparators: String
    /// The origin (last census year used); nil: the last year of the national pupils.
    public var origin: AcademicYear?
    /// The inputs folder whose planning_areas.csv names the default LA.
    public var inputs: String

    public static let defaultData = "../shared/data/england_la"
    public static let defaultComparators = "models/comparators.yaml"

    public init(
        la: String? = nil, data: String = CompareOptions.defaultData,
        comparators: String = CompareOptions.defaultComparators, origin: AcademicYear? = nil,
        inputs: String = InputSet.defaultInputs
    ) {
        self.la = la
        self.data = data
        self.comparators = comparators
        self.origin = origin
        self.inputs = inputs
    }
}

/// A comparison with its files and run record.
public struct CompareOutcome {
    public let comparison: Comparison
    /// compare.csv, compare_groups.csv, compare.xlsx (the Comparators sheet) and compare.html.
    public let files: [(String, Data)]
    /// The table printed at the terminal.
    public let table: String
    public let record: [String: Any]
}

/// `placeplan compare`: one LA against England, its statistical neighbours and the core cities, on the national
/// data, with the project's own `auto` forecast and backtest run on every LA.
public enum ComparePipeline {
    public static func run(_ options: CompareOptions, version: String) throws -> CompareOutcome {
        let folder = options.data
        let path = { (name: String) in (folder as NSString).appendingPathComponent(name) }
        guard FileManager.default.fileExists(atPath: path("pupils.csv")) else {
            throw InputError(
                file: path("pupils.csv"),
                problem: "no national data here (looked for pupils.csv in '\(folder)')",
                hint: "Pass --data DIR, the folder with pupils.csv, births.csv, areas.csv and ehcp.csv by LA "
                    + "(default \(CompareOptions.defaultData))")
        }
        for name in ["births.csv", "areas.csv"] where !FileManager.default.fileExists(atPath: path(name)) {
            throw InputError(
                file: path(name), problem: "file not found",
                hint: "The national data folder needs pupils.csv, births.csv and areas.csv")
        }
        let ehcpPath = FileManager.default.fileExists(atPath: path("ehcp.csv")) ? path("ehcp.csv") : nil
        let loaded = try InputSet.load(
            InputLocations(pupils: path("pupils.csv"), births: path("births.csv"), ehcp: ehcpPath))
        let areasTable = try CSVTable(
            contentsOf: URL(fileURLWithPath: path("areas.csv")), displayPath: path("areas.csv"))
        let directory = try ComparatorsFile.areas(areasTable)
        let known = Set(directory.map(\.code))
        let groups = try readGroups(options.comparators, known: known)
        let la = try resolveLA(options, directory: directory)

        let all = loaded.forecastInputs
        guard let last = all.pupils.lastYear else { throw ForecastError.noPupils }
        let origin = options.origin ?? last
        guard let history = all.pupils[la.code], history.years.contains(origin) else {
            throw PipelineError(
                "\(la.name) (\(la.code)) has no pupils in \(origin) in \(path("pupils.csv")): "
                    + "choose an --origin from \(all.pupils[la.code]?.firstYear.description ?? "?") to "
                    + "\(all.pupils[la.code]?.lastYear.description ?? "?")")
        }

        // Every LA with pupils at the origin and births: the stable ones plus the LA and its comparators.
        let stable = Set(directory.filter(\.stable).map(\.code))
        let neighbourCodes = groups.statisticalNeighbours[la.code] ?? []
        let named = Set([la.code] + neighbourCodes + groups.coreCities)
        let scope = Set(
            all.pupils.histories.filter {
                (stable.contains($0.area.code) || named.contains($0.area.code)) && $0.years.contains(origin)
                    && all.births.byArea[$0.area.code] != nil
            }.map(\.area.code))
        let data = all.restricted(to: scope).asKnown(at: origin)

        let forecast = try CohortSurvivalForecaster(model: loaded.model)
            .forecast(data, origin: origin, horizon: PlanningRules.compareProjectionYears)
        let firstOrigin = max(
            origin.advanced(by: -PlanningRules.compareBacktestOrigins),
            (data.pupils.histories.map(\.firstYear).min() ?? origin).advanced(by: 1))
        let backtestOrigins = firstOrigin <= origin.advanced(by: -1) ? firstOrigin...origin.advanced(by: -1) : nil
        let cells =
            try backtestOrigins.map { range in
                try Backtest.run(
                    data, methods: [.fixed(loaded.model)], origins: Array(range), horizons: 1...1, areas: scope,
                    yearGroups: false)
            } ?? []
        let cellsByArea = Dictionary(grouping: cells, by: \.area.code)

        let caseload = loaded.caseload
        let ehcpYear = caseload?.totals[la.code]?.keys.filter { $0 <= origin }.max()
        var values: [String: [ComparisonMeasure: Double]] = [:]
        for code in scope {
            guard let areaHistory = data.pupils[code] else { continue }
            values[code] = ComparatorMeasures.measures(
                history: areaHistory, births: data.births, origin: origin, forecast: forecast,
                backtest: cellsByArea[code] ?? [], plans: caseload?.totals[code], ehcpYear: ehcpYear)
        }

        let names = Dictionary(uniqueKeysWithValues: directory.map { ($0.code, $0.name) })
        let area = { (code: String) in Area(code: code, name: names[code] ?? code) }
        let members = scope.sorted().map { code in
            var memberGroups: [Comparison.Group] = []
            if code == la.code { memberGroups.append(.la) }
            if neighbourCodes.contains(code) { memberGroups.append(.neighbour) }
            if groups.coreCities.contains(code) { memberGroups.append(.coreCity) }
            return Comparison.Member(area: area(code), stable: stable.contains(code), groups: memberGroups)
        }
        let nearest = Similarity.nearest(to: la.code, values: values, population: stable.intersection(scope))
            .map { Comparison.Near(area: area($0.code), distance: $0.distance) }
        let comparison = Comparison(
            la: la, origin: origin, ehcpYear: ehcpYear, backtestOrigins: backtestOrigins, members: members,
            values: values, neighbours: neighbourCodes.map(area),
            coreCities: groups.coreCities.filter { $0 != la.code }.map(area),
            nearest: nearest)

        let record: [String: Any] = [
            "command": "compare", "placeplan_version": version, "la": la.code, "model": loaded.model.name,
            "origin": origin.startYear, "comparators": options.comparators, "data": folder,
            "inputs": loaded.filesRecord,
        ]
        return CompareOutcome(
            comparison: comparison,
            files: [
                ("compare.csv", Data(CompareReport.membersCSV(comparison).utf8)),
                ("compare_groups.csv", Data(CompareReport.groupsCSV(comparison).utf8)),
                ("compare.xlsx", try CompareReport.workbook(comparison)),
                ("compare.html", Data(try CompareReport.html(comparison).utf8)),
            ],
            table: CompareReport.table(comparison), record: record)
    }

    /// The comparator groups file, read and checked against the LAs of areas.csv.
    static func readGroups(_ file: String, known: Set<String>) throws -> ComparatorGroups {
        guard let data = FileManager.default.contents(atPath: file) else {
            throw InputError(
                file: file, problem: "file not found",
                hint: "Give --comparators FILE with statistical_neighbours and core_cities (see docs/compare.md)")
        }
        let (text, _) = DecodedText.of(data, file: file)
        return try ComparatorsFile.read(text, file: file, knownAreas: known)
    }

    /// The LA to compare: `--la` as a code or a name in areas.csv, else the `la_code` of planning_areas.csv.
    static func resolveLA(_ options: CompareOptions, directory: [LADirectoryEntry]) throws -> Area {
        let wanted: String
        if let given = options.la {
            wanted = given
        } else {
            let file = (options.inputs as NSString).appendingPathComponent("planning_areas.csv")
            guard FileManager.default.fileExists(atPath: file) else {
                throw InputError(
                    file: file, problem: "file not found, so the LA to compare is not known",
                    hint: "Pass --la CODE (e.g. --la E06000045 for Southampton)")
            }
            let table = try CSVTable(contentsOf: URL(fileURLWithPath: file), displayPath: file)
            wanted = try ComparatorsFile.laCode(planningAreas: table)
        }
        let match =
            directory.first { $0.code == wanted }
            ?? directory.first { $0.name.lowercased() == wanted.lowercased() }
        guard let match else {
            throw PipelineError(
                "'\(wanted)' is not an LA in areas.csv."
                    + Suggestions.didYouMean(wanted, among: directory.map(\.code) + directory.map(\.name))
                    + " Give its area_code, such as E06000045 (Southampton)")
        }
        return Area(code: match.code, name: match.name)
    }
}
