/// "Did you mean" for names a planner types: commands, school ids, area codes.
public enum Suggestions {
    /// The candidate closest to `text` by edit distance (case ignored), when it is within a third of the text's
    /// length (at least 1, at most 3 edits); nil when nothing is that close.
    public static func closest(to text: String, among candidates: some Sequence<String>) -> String? {
        let typed = Array(text.lowercased())
        let limit = min(3, max(1, typed.count / 3))
        var best: (name: String, distance: Int)?
        for candidate in candidates {
            let distance = editDistance(typed, Array(candidate.lowercased()))
            if distance <= limit, distance < (best?.distance ?? Int.max) { best = (candidate, distance) }
        }
        return best?.name
    }

    /// Levenshtein distance: insertions, deletions and substitutions, each costing 1.
    static func editDistance(_ a: [Character], _ b: [Character]) -> Int {
        guard !a.isEmpty else { return b.count }
        var previous = Array(0...b.count)
        for (i, x) in a.enumerated() {
            var current = [i + 1] + Array(repeating: 0, count: b.count)
            for (j, y) in b.enumerated() {
                current[j + 1] = Swift.min(previous[j + 1] + 1, current[j] + 1, previous[j] + (x == y ? 0 : 1))
            }
            previous = current
        }
        return previous[b.count]
    }

    /// " Did you mean 'X'?" or "" — for the end of a message.
    public static func didYouMean(_ text: String, among candidates: some Sequence<String>) -> String {
        closest(to: text, among: candidates).map { " Did you mean '\($0)'?" } ?? ""
    }
}
