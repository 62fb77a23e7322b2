/// Charts as inline SVG with axes, units and legends, for the HTML report and the web app.
///
/// Each chart is a value built from plain numbers (no forecasting types), so its geometry can be tested on small
/// hand-made cases. Sizes are SVG user units; the SVG scales to the page width.
public struct Series: Sendable {
    public var label: String
    public var points: [(x: Double, y: Double)]
    /// CSS colour.
    public var colour: String
    public var dashed: Bool

    public init(label: String, points: [(x: Double, y: Double)], colour: String, dashed: Bool = false) {
        self.label = label
        self.points = points
        self.colour = colour
        self.dashed = dashed
    }
}

/// A band around a line: (x, low, high).
public struct Band: Sendable {
    public var label: String
    public var points: [(x: Double, low: Double, high: Double)]
    public var colour: String
    public var opacity: Double

    public init(label: String, points: [(x: Double, low: Double, high: Double)], colour: String, opacity: Double) {
        self.label = label
        self.points = points
        self.colour = colour
        self.opacity = opacity
    }
}

/// A line chart with optional bands (a fan chart: history, forecast, 80%/95% intervals, capacity and target lines).
public struct LineChart: Sendable {
    public var title: String
    public var yLabel: String
    public var series: [Series]
    public var bands: [Band]
    /// Label for an x value (e.g. 2022 → "2022/23").
    public var xLabel: @Sendable (Double) -> String
    public var width = 640.0
    public var height = 300.0
    /// Margins: left for the y labels, bottom for the x labels and legend.
    public var margin = (top: 28.0, right: 36.0, bottom: 58.0, left: 64.0)
    /// Start the y axis at zero (counts) rather than near the data.
    public var yFromZero = false

    public init(
        title: String, yLabel: String, series: [Series], bands: [Band] = [],
        xLabel: @escaping @Sendable (Double) -> String = { SVG.number($0) }
    ) {
        self.title = title
        self.yLabel = yLabel
        self.series = series
        self.bands = bands
        self.xLabel = xLabel
    }

    /// The x and y scales the chart draws with (exposed for tests).
    public var scales: (x: LinearScale, y: LinearScale, yTicks: [Double]) {
        let xs = series.flatMap { $0.points.map(\.x) } + bands.flatMap { $0.points.map(\.x) }
        let ys = series.flatMap { $0.points.map(\.y) } + bands.flatMap { $0.points.flatMap { [$0.low, $0.high] } }
        let xDomain = (xs.min() ?? 0)...(xs.max() ?? 1)
        let low = yFromZero ? min(0, ys.min() ?? 0) : (ys.min() ?? 0)
        let ticks = Ticks.nice(low...(ys.max() ?? 1))
        let x = LinearScale(domain: xDomain, range: margin.left...(width - margin.right))
        let y = LinearScale(
            domain: (ticks.first ?? 0)...(ticks.last ?? 1), range: margin.top...(height - margin.bottom), flipped: true)
        return (x, y, ticks)
    }

    public var svg: String {
        let (x, y, ticks) = scales
        var parts: [String] = [
            "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 \(SVG.number(width)) \(SVG.number(height))\" "
                + "role=\"img\" aria-label=\"\(SVG.escape(title))\" class=\"chart\">",
            "<text x=\"\(SVG.number(margin.left))\" y=\"16\" class=\"chart-title\">\(SVG.escape(title))</text>",
        ]
        for tick in ticks {
            parts.append(
                "<line x1=\"\(SVG.number(margin.left))\" x2=\"\(SVG.number(width - margin.right))\" "
                    + "y1=\"\(SVG.number(y(tick)))\" y2=\"\(SVG.number(y(tick)))\" class=\"grid\"/>"
                    + "<text x=\"\(SVG.number(margin.left - 6))\" y=\"\(SVG.number(y(tick) + 4))\" "
                    + "text-anchor=\"end\" class=\"tick\">\(SVG.escape(SVG.grouped(tick)))</text>")
        }
        let xValues = Array(Set(series.flatMap { $0.points.map(\.x) })).sorted()
        let every = max(1, xValues.count / 8)
        for (index, value) in xValues.enumerated() where index % every == 0 {
            parts.append(
                "<text x=\"\(SVG.number(x(value)))\" y=\"\(SVG.number(height - margin.bottom + 16))\" "
                    + "text-anchor=\"middle\" class=\"tick\">\(SVG.escape(xLabel(value)))</text>")
        }
        parts.append(
            "<text transform=\"translate(14 \(SVG.number((margin.top + height - margin.bottom) / 2))) rotate(-90)\" "
                + "text-anchor=\"middle\" class=\"axis-label\">\(SVG.escape(yLabel))</text>")
        for band in bands {
            let upper = band.points.map { (x($0.x), y($0.high)) }
            let lower = band.points.map { (x($0.x), y($0.low)) }
            parts.append(
                "<path d=\"\(SVG.band(upper: upper, lower: lower))\" fill=\"\(band.colour)\" "
                    + "fill-opacity=\"\(SVG.number(band.opacity))\" stroke=\"none\"/>")
        }
        // The first series is drawn last, on top (the base or the census stays visible).
        for line in series.reversed() {
            parts.append(
                "<path d=\"\(SVG.path(line.points.map { (x($0.x), y($0.y)) }))\" fill=\"none\" "
                    + "stroke=\"\(line.colour)\" stroke-width=\"2\"\(line.dashed ? " stroke-dasharray=\"6 4\"" : "")/>")
        }
        // Legend along the bottom, wrapping onto a new row (14 units lower) when a row is full.
        var legendX = margin.left
        var legendY = height - margin.bottom + 38
        for (label, colour, kind) in series.map({ ($0.label, $0.colour, $0.dashed ? "dash" : "line") })
            + bands.map({ ($0.label, $0.colour, "band") })
        {
            if legendX > margin.left, legendX + 28 + Double(label.count) * 6.2 > width {
                legendX = margin.left
                legendY += 14
            }
            let swatch =
                kind == "band"
                ? "<rect x=\"\(SVG.number(legendX))\" y=\"\(SVG.number(legendY - 8))\" width=\"16\" height=\"10\" "
                    + "fill=\"\(colour)\" fill-opacity=\"0.35\"/>"
                : "<line x1=\"\(SVG.number(legendX))\" x2=\"\(SVG.number(legendX + 16))\" "
                    + "y1=\"\(SVG.number(legendY - 3))\" "
                    + "y2=\"\(SVG.number(legendY - 3))\" stroke=\"\(colour)\" stroke-width=\"2\""
                    + (kind == "dash" ? " stroke-dasharray=\"4 3\"" : "") + "/>"
            parts.append(
                swatch + "<text x=\"\(SVG.number(legendX + 20))\" y=\"\(SVG.number(legendY))\" class=\"legend\">"
                    + "\(SVG.escape(label))</text>")
            legendX += 28 + Double(label.count) * 6.2
        }
        parts.append("</svg>")
        return parts.joined(separator: "\n")
    }
}

/// A grid of coloured cells with their values written in (surplus % by area × year).
public struct HeatMap: Sendable {
    public var title: String
    public var rowLabels: [String]
    public var columnLabels: [String]
    /// `values[row][column]`; nil cells are left blank.
    public var values: [[Double?]]
    /// Fill colour of a value.
    public var colour: @Sendable (Double) -> String
    /// Text written in a cell.
    public var format: @Sendable (Double) -> String
    /// (label, colour) pairs explaining the colours.
    public var legend: [(String, String)]
    public var cell = (width: 64.0, height: 24.0)
    /// The least width of the row labels; wider when a label needs it (about 6.4 units a character).
    public var labelWidth = 120.0

    public init(
        title: String, rowLabels: [String], columnLabels: [String], values: [[Double?]],
        colour: @escaping @Sendable (Double) -> String, format: @escaping @Sendable (Double) -> String,
        legend: [(String, String)]
    ) {
        self.title = title
        self.rowLabels = rowLabels
        self.columnLabels = columnLabels
        self.values = values
        self.colour = colour
        self.format = format
        self.legend = legend
    }

    public var svg: String {
        let labelWidth = max(labelWidth, 12 + 6.4 * Double(rowLabels.map(\.count).max() ?? 0))
        let top = 44.0
        let width = labelWidth + Double(columnLabels.count) * cell.width + 8
        let height = top + Double(rowLabels.count) * cell.height + 36
        var parts = [
            "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 \(SVG.number(width)) \(SVG.number(height))\" "
                + "role=\"img\" aria-label=\"\(SVG.escape(title))\" class=\"chart\">",
            "<text x=\"0\" y=\"16\" class=\"chart-title\">\(SVG.escape(title))</text>",
        ]
        for (column, label) in columnLabels.enumerated() {
            parts.append(
                "<text x=\"\(SVG.number(labelWidth + (Double(column) + 0.5) * cell.width))\" "
                    + "y=\"\(SVG.number(top - 8))\" "
                    + "text-anchor=\"middle\" class=\"tick\">\(SVG.escape(label))</text>")
        }
        for (row, label) in rowLabels.enumerated() {
            let rowY = top + Double(row) * cell.height
            parts.append(
                "<text x=\"\(SVG.number(labelWidth - 6))\" y=\"\(SVG.number(rowY + cell.height / 2 + 4))\" "
                    + "text-anchor=\"end\" class=\"tick\">\(SVG.escape(label))</text>")
            for (column, value) in values[row].enumerated() {
                guard let value else { continue }
                let cellX = labelWidth + Double(column) * cell.width
                parts.append(
                    "<rect x=\"\(SVG.number(cellX))\" y=\"\(SVG.number(rowY))\" "
                        + "width=\"\(SVG.number(cell.width - 2))\" "
                        + "height=\"\(SVG.number(cell.height - 2))\" fill=\"\(colour(value))\"/>"
                        + "<text x=\"\(SVG.number(cellX + cell.width / 2 - 1))\" "
                        + "y=\"\(SVG.number(rowY + cell.height / 2 + 3))\" text-anchor=\"middle\" class=\"cell\">"
                        + "\(SVG.escape(format(value)))</text>")
            }
        }
        var legendX = labelWidth
        let legendY = height - 12
        for (label, fill) in legend {
            parts.append(
                "<rect x=\"\(SVG.number(legendX))\" y=\"\(SVG.number(legendY - 10))\" width=\"14\" height=\"12\" "
                    + "fill=\"\(fill)\"/><text x=\"\(SVG.number(legendX + 18))\" y=\"\(SVG.number(legendY))\" "
                    + "class=\"legend\">\(SVG.escape(label))</text>")
            legendX += 30 + Double(label.count) * 6.2
        }
        parts.append("</svg>")
        return parts.joined(separator: "\n")
    }
}
