import Foundation

/// Decoding of text files that are not UTF-8.
enum TextEncoding {
    /// The characters of Windows-1252 bytes 0x80–0x9F (curly quotes, dashes, the euro sign…); Latin-1 maps them
    /// to control characters, which no planner's file means. Undefined bytes (0x81, 0x8D, 0x8F, 0x90, 0x9D) are
    /// U+FFFD.
    private static let high: [Unicode.Scalar] = [
        "\u{20AC}", "\u{FFFD}", "\u{201A}", "\u{0192}", "\u{201E}", "\u{2026}", "\u{2020}", "\u{2021}",
        "\u{02C6}", "\u{2030}", "\u{0160}", "\u{2039}", "\u{0152}", "\u{FFFD}", "\u{017D}", "\u{FFFD}",
        "\u{FFFD}", "\u{2018}", "\u{2019}", "\u{201C}", "\u{201D}", "\u{2022}", "\u{2013}", "\u{2014}",
        "\u{02DC}", "\u{2122}", "\u{0161}", "\u{203A}", "\u{0153}", "\u{FFFD}", "\u{017E}", "\u{0178}",
    ]

    /// `data` read as Windows-1252 (a superset of the printable Latin-1 range): every byte is one character.
    static func windows1252(_ data: Data) -> String {
        var scalars = String.UnicodeScalarView()
        scalars.reserveCapacity(data.count)
        for byte in data {
            if (0x80...0x9F).contains(byte) {
                scalars.append(high[Int(byte) - 0x80])
            } else {
                scalars.append(Unicode.Scalar(byte))
            }
        }
        return String(scalars)
    }
}

/// The text of an input file: UTF-8 when it is valid UTF-8, otherwise Windows-1252 with a warning naming the file.
public enum DecodedText {
    public static func of(_ data: Data, file: String) -> (text: String, warning: String?) {
        if let text = String(data: data, encoding: .utf8) { return (text, nil) }
        return (
            TextEncoding.windows1252(data),
            "\(file): the file is not UTF-8, so it was read as Windows-1252 (Excel's encoding on Windows). "
                + "Check names with accents or curly quotes, or save it as 'CSV UTF-8'"
        )
    }
}
