import Foundation
import Yams

/// Walks a YAML tree, turning every wrong shape into an ``InputError`` at the node's line and column.
/// A parsed YAML settings file (yields.yaml, planning.yaml, finance.yaml), read by ``SupplyReaders``.
public struct YAMLDocument {
    let root: Node
    public let file: String

    /// Parses `text`; `file` names it in error messages.
    public init(text: String, file: String) throws(InputError) {
        root = try YAMLReader.root(text, file: file)
        self.file = file
    }
}

struct YAMLReader {
    let file: String

    func error(_ node: Node, _ problem: String, hint: String? = nil) -> InputError {
        InputError(file: file, line: node.mark?.line, columnNumber: node.mark?.column, problem: problem, hint: hint)
    }

    /// `transform(node)` when the setting is present, nil otherwise.
    func optional<T>(_ node: Node?, _ transform: (Node) throws(InputError) -> T) throws(InputError) -> T? {
        guard let node else { return nil }
        return try transform(node)
    }

    /// `transform` of the setting `key` of `settings` when present, nil otherwise; an error it throws names the
    /// setting (`window: expected a whole number from 1 to 50, got '0'`), nested settings as a path.
    func optional<T>(
        _ settings: [String: Node], _ key: String, _ transform: (Node) throws(InputError) -> T
    ) throws(InputError) -> T? {
        guard let node = settings[key] else { return nil }
        do {
            return try transform(node)
        } catch {
            throw InputError(
                file: error.file, line: error.line, column: error.column, columnNumber: error.columnNumber,
                problem: "\(key): \(error.problem)", hint: error.hint)
        }
    }

    func pairs(_ node: Node) throws(InputError) -> [(Node, Node)] {
        guard case .mapping(let mapping) = node else {
            throw error(node, "expected a mapping of settings (key: value)")
        }
        return mapping.map { ($0.key, $0.value) }
    }

    func mapping(_ node: Node, allowed: Set<String>) throws(InputError) -> [String: Node] {
        var result: [String: Node] = [:]
        for (key, value) in try pairs(node) {
            guard let name = key.string, allowed.contains(name) else {
                throw error(
                    key, "unknown setting '\(key.string ?? "?")'",
                    hint: "Allowed here: \(allowed.sorted().joined(separator: ", "))")
            }
            result[name] = value
        }
        return result
    }

    func required(_ settings: [String: Node], _ key: String, in parent: Node) throws(InputError) -> Node {
        guard let node = settings[key] else { throw error(parent, "missing setting '\(key)'") }
        return node
    }

    func string(_ node: Node) throws(InputError) -> String {
        guard case .scalar(let scalar) = node else { throw error(node, "expected a single value") }
        return scalar.string
    }

    func integer(_ node: Node, in range: ClosedRange<Int>) throws(InputError) -> Int {
        guard let value = node.int, range.contains(value) else {
            throw error(
                node,
                "expected a whole number from \(range.lowerBound) to \(range.upperBound), "
                    + "got '\(node.string ?? "?")'")
        }
        return value
    }

    func number(_ node: Node) throws(InputError) -> Double {
        guard let value = node.float ?? node.int.map(Double.init), value.isFinite else {
            throw error(node, "expected a number, got '\(node.string ?? "?")'")
        }
        return value
    }

    func nonNegative(_ node: Node) throws(InputError) -> Double {
        let value = try number(node)
        guard value >= 0 else { throw error(node, "expected a number of zero or more, got \(value)") }
        return value
    }

    func boolean(_ node: Node) throws(InputError) -> Bool {
        guard let value = node.bool else { throw error(node, "expected true or false, got '\(node.string ?? "?")'") }
        return value
    }

    /// Parses `text` into its root node; an empty document or invalid YAML is an error naming the file.
    static func root(_ text: String, file: String) throws(InputError) -> Node {
        do {
            guard let node = try Yams.compose(yaml: text) else {
                throw InputError(file: file, problem: "the file is empty")
            }
            return node
        } catch let error as InputError {
            throw error
        } catch {
            throw InputError(file: file, problem: "not valid YAML: \(error)")
        }
    }
}
