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

    /// `transform` of the required setting `key`; an error it throws names the setting (`pan: expected …`).
    func required<T>(
        _ settings: [String: Node], _ key: String, in parent: Node, _ transform: (Node) throws(InputError) -> T
    ) throws(InputError) -> T {
        guard let value = try optional(settings, key, transform) else {
            throw error(parent, "missing setting '\(key)'")
        }
        return value
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
        guard value >= 0 else {
            throw error(node, "expected a number of zero or more, got \(node.string ?? CSVWriter.number(value))")
        }
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
        } catch let error as YamlError {
            throw plainWords(error, text: text, file: file)
        } catch {
            throw InputError(file: file, problem: "not valid YAML: \(error)")
        }
    }

    /// A YAML syntax error from libyaml, located at its line and column, in words a planner can act on; the
    /// parser's own words follow in brackets for anyone searching for them.
    static func plainWords(_ error: YamlError, text: String, file: String) -> InputError {
        let located: (problem: String, mark: Mark)
        switch error {
        case .scanner(_, let problem, let mark, _), .parser(_, let problem, let mark, _),
            .composer(_, let problem, let mark, _):
            located = (problem, mark)
        case .duplicatedKeysInMapping(let duplicates, _):
            // libyaml gives no position here: the second line that sets the first key named is the one to remove.
            let key = duplicates.first ?? ""
            let lines = text.split(separator: "\n", omittingEmptySubsequences: false).enumerated().filter { _, line in
                let body = line.drop { $0 == " " || $0 == "-" }
                return body.hasPrefix(key) && body.dropFirst(key.count).drop { $0 == " " }.hasPrefix(":")
            }
            let second = lines.dropFirst().first
            return InputError(
                file: file, line: second.map { $0.offset + 1 },
                columnNumber: second.map { $0.element.prefix { $0 == " " || $0 == "-" }.count + 1 },
                problem: "the setting '\(duplicates.joined(separator: "', '"))' is given twice"
                    + (lines.count > 1 ? " (first on line \(lines[0].offset + 1))" : ""),
                hint: "Keep one of them")
        default:
            return InputError(file: file, problem: "not valid YAML (\(error))")
        }
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        let lineText = located.mark.line >= 1 && located.mark.line <= lines.count ? lines[located.mark.line - 1] : ""
        let plain: (String, String)
        switch located.problem {
        case _ where lineText.contains("\t"):
            plain = ("the line contains a tab", "Indent with spaces, not tabs")
        case "mapping values are not allowed in this context":
            plain = (
                "a second ':' on the line, or a line indented more than the setting above it",
                "Put quotes around a value that contains ': ', and indent nested settings by two spaces under their key"
            )
        case "could not find expected ':'":
            plain = ("a line that is not 'setting: value'", "Add the ':' after the setting's name")
        case "did not find expected key", "did not find expected '-' indicator":
            plain = (
                "the indentation does not line up with the settings above",
                "Start settings at the same level in the same column, using spaces"
            )
        case _ where located.problem.hasPrefix("did not find expected ','"):
            plain = ("a list [ ] or group { } that is not closed", "Close it, and separate its items with commas")
        case "found character that cannot start any token":
            plain = ("a character that cannot start a value", "Put quotes around values that start with @, ` or %")
        case "found unexpected end of stream", "found unexpected end of stream while scanning a quoted scalar":
            plain = ("the file ends inside a quoted value or a list", "Close the quote, ] or } that was opened")
        default:
            plain = ("the YAML is not valid", "Check the line against the examples in docs/inputs.md")
        }
        return InputError(
            file: file, line: located.mark.line, columnNumber: located.mark.column,
            problem: "\(plain.0) (YAML: \(located.problem))", hint: plain.1)
    }
}
