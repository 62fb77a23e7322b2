/// Small builders of SVG markup (text, escaped): the charts are inline SVG, so the report needs no network.
public enum SVG {
    /// `text` safe inside SVG/HTML text and attribute values.
    public static func escape(_ text: String) -> String {
        var result = ""
        for character in text {
            switch character {
            case "&": result += "&amp;"
            case "<": result += "&lt;"
            case ">": result += "&gt;"
            case "\"": result += "&quot;"
            default: result.append(character)
            }
        }
        return result
    }

    /// A coordinate with at most one decimal, without a trailing ".0" ("12", "12.5").
    public static func number(_ value: Double) -> String {
        let rounded = (value * 10).rounded() / 10
        return rounded == rounded.rounded() ? String(Int(rounded)) : String(rounded)
    }

    /// `M x y L x y …` through `points`.
    public static func path(_ points: [(Double, Double)]) -> String {
        points.enumerated().map { index, point in
            "\(index == 0 ? "M" : "L")\(number(point.0)) \(number(point.1))"
        }.joined(separator: " ")
    }

    /// A closed band between `upper` (left to right) and `lower` (right to left).
    public static func band(upper: [(Double, Double)], lower: [(Double, Double)]) -> String {
        path(upper + lower.reversed()) + " Z"
    }

    /// A number for people: whole values with thousands separators and a true minus sign (18500 → "18,500",
    /// 4276.6 → "4,277"), others with one decimal (2.5 → "2.5").
    public static func grouped(_ value: Double) -> String {
        let whole = value.rounded()
        guard abs(whole) < 1e15 else { return number(value) }
        guard abs(value - whole) < 0.05 || abs(value) >= 100 else { return number(value) }
        var digits = String(Int(abs(whole)))
        var result = ""
        while digits.count > 3 {
            result = "," + digits.suffix(3) + result
            digits = String(digits.dropLast(3))
        }
        return (whole < 0 ? "−" : "") + digits + result
    }
}
