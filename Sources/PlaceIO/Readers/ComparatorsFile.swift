import Foundation
import PlaceForecast
import Yams

/// An education LA of the national data folder (`areas.csv`): its code, name and whether its boundary held.
public struct LADirectoryEntry: Equatable, Sendable {
    public let code: String
    public let name: String
    /// False for LAs touched by reorganisation (and the two tiny LAs): left out of England medians.
    public let stable: Bool

    public init(code: String, name: String, stable: Bool) {
        self.code = code
        self.name = name
        self.stable = stable
    }
}

/// The comparator groups of `models/comparators.yaml`: each LA's statistical neighbours and the core cities.
public struct ComparatorGroups: Equatable, Sendable {
    /// LA code → its statistical neighbours' codes, in the file's order.
    public let statisticalNeighbours: [String: [String]]
    public let coreCities: [String]

    public init(statisticalNeighbours: [String: [String]], coreCities: [String]) {
        self.statisticalNeighbours = statisticalNeighbours
        self.coreCities = coreCities
    }
}

/// Readers of the comparison inputs: `areas.csv` of the national data and `models/comparators.yaml`.
public enum ComparatorsFile {
    /// `areas.csv`: `area_code,area_name,stable` (extra columns ignored), in file order.
    public static func areas(_ table: CSVTable) throws(InputError) -> [LADirectoryEntry] {
        let columns = try table.columns(["area_code", "area_name", "stable"])
        var entries: [LADirectoryEntry] = []
        for record in table.records {
            let code = try record.text("area_code", in: table, at: columns)
            let name = try record.text("area_name", in: table, at: columns)
            let stable: Bool
            switch try record.text("stable", in: table, at: columns).lowercased() {
            case "true": stable = true
            case "false": stable = false
            case let other:
                throw InputError(
                    file: table.file, line: record.line, column: "stable",
                    columnNumber: columns["stable"]! + 1, problem: "'\(other)' is not true or false")
            }
            entries.append(LADirectoryEntry(code: code, name: name, stable: stable))
        }
        return entries
    }

    /// The LA of a `planning_areas.csv` (its first row's `la_code`): the default LA to compare.
    public static func laCode(planningAreas table: CSVTable) throws(InputError) -> String {
        let columns = try table.columns(["la_code"])
        guard let first = table.records.first else {
            throw InputError(file: table.file, problem: "no planning areas", hint: "Pass --la CODE")
        }
        return try first.text("la_code", in: table, at: columns)
    }

    /// Reads `comparators.yaml`:
    ///
    /// ```yaml
    /// statistical_neighbours:
    ///   E06000045: [E06000044, E06000026]
    /// core_cities: [E08000025, E06000023]
    /// ```
    ///
    /// Every code must be in `knownAreas` (areas.csv); an unknown one is an error at its line and column.
    public static func read(
        _ text: String, file: String, knownAreas: Set<String>
    ) throws(InputError)
        -> ComparatorGroups
    {
        let reader = YAMLReader(file: file)
        let root = try YAMLReader.root(text, file: file)
        let settings = try reader.mapping(root, allowed: ["statistical_neighbours", "core_cities"])

        func code(_ node: Node) throws(InputError) -> String {
            let value = try reader.string(node).trimmingCharacters(in: .whitespaces)
            guard knownAreas.contains(value) else {
                throw reader.error(
                    node, "unknown LA code '\(value)'",
                    hint: "Use an area_code from areas.csv in the national data folder."
                        + Suggestions.didYouMean(value, among: knownAreas.sorted()))
            }
            return value
        }
        func codes(_ node: Node, _ key: String) throws(InputError) -> [String] {
            guard case .sequence(let sequence) = node else {
                throw reader.error(node, "\(key): expected a list of LA codes, such as [E06000044, E06000026]")
            }
            var result: [String] = []
            for item in sequence {
                let value = try code(item)
                guard !result.contains(value) else {
                    throw reader.error(item, "\(key): '\(value)' is listed twice", hint: "Keep one of them")
                }
                result.append(value)
            }
            return result
        }

        var neighbours: [String: [String]] = [:]
        if let node = settings["statistical_neighbours"] {
            for (key, value) in try reader.pairs(node) {
                let la = try code(key)
                let list = try codes(value, "statistical_neighbours of \(la)")
                if list.contains(la) {
                    throw reader.error(value, "\(la) is listed as its own statistical neighbour")
                }
                neighbours[la] = list
            }
        }
        let core = try settings["core_cities"].map { node throws(InputError) in try codes(node, "core_cities") } ?? []
        return ComparatorGroups(statisticalNeighbours: neighbours, coreCities: core)
    }
}
