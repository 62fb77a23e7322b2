import Charts
import Foundation
import Testing

@Suite("Chart geometry on hand-made cases")
struct ChartGeometryTests {
    @Test("a linear scale maps the ends of its domain to the ends of its range, y flipped")
    func linearScale() {
        let x = LinearScale(domain: 2020...2030, range: 64...624)
        #expect(x(2020) == 64 && x(2030) == 624 && x(2025) == 344)
        let y = LinearScale(domain: 0...1000, range: 28...242, flipped: true)
        // 0 pupils at the bottom (242), 1,000 at the top (28), 250 a quarter of the way up: 242 − 53.5.
        #expect(y(0) == 242 && y(1000) == 28 && y(250) == 188.5)
        // A flat series (one value) still draws: the domain is widened by one each way.
        let flat = LinearScale(domain: 5...5, range: 0...100)
        #expect(flat(5) == 50)
    }

    @Test("nice ticks: steps of 1, 2 or 5 × 10ⁿ covering the data")
    func ticks() {
        #expect(Ticks.nice(17_587...19_931) == [17_500, 18_000, 18_500, 19_000, 19_500, 20_000])
        #expect(Ticks.nice(0...1) == [0, 0.2, 0.4, 0.6, 0.8, 1])
        #expect(Ticks.nice(-3...12) == [-5, 0, 5, 10, 15])
        #expect(Ticks.nice(7...7) == [7])
    }

    @Test("a line chart's y axis runs from the first to the last tick, and its path passes through the points")
    func lineChart() {
        let chart = LineChart(
            title: "t", yLabel: "pupils",
            series: [Series(label: "a", points: [(x: 2020, y: 100), (x: 2022, y: 300)], colour: "#000")])
        let (x, y, ticks) = chart.scales
        #expect(ticks == [100, 150, 200, 250, 300])
        #expect(y(100) == chart.height - chart.margin.bottom && y(300) == chart.margin.top)
        #expect(x(2020) == chart.margin.left && x(2022) == chart.width - chart.margin.right)
        // The path: M 64 242 L 604 28 (width 640, height 300, margins top 28, right 36, bottom 58, left 64).
        #expect(chart.svg.contains("d=\"M64 242 L604 28\""), "\(chart.svg)")
        #expect(chart.svg.contains(">300</text>") && chart.svg.contains("class=\"axis-label\">pupils</text>"))
    }

    @Test("a band is closed: along the top left to right, back along the bottom")
    func band() {
        #expect(SVG.band(upper: [(0, 1), (10, 2)], lower: [(0, 5), (10, 6)]) == "M0 1 L10 2 L10 6 L0 5 Z")
    }

    @Test("text is escaped and numbers grouped for people")
    func text() {
        #expect(SVG.escape("St Mary's <A&B> \"x\"") == "St Mary's &lt;A&amp;B&gt; &quot;x&quot;")
        #expect(SVG.grouped(18_500) == "18,500" && SVG.grouped(4276.6) == "4,277" && SVG.grouped(-1234) == "−1,234")
        #expect(SVG.grouped(2.5) == "2.5")
    }

    @Test("a heat map colours each cell by its value and leaves missing cells blank")
    func heatMap() {
        let map = HeatMap(
            title: "s", rowLabels: ["P01", "LA"], columnLabels: ["2022/23"], values: [[-1.5], [nil]],
            colour: { $0 < 0 ? "#f00" : "#0f0" }, format: { String($0) }, legend: [("short", "#f00")])
        #expect(map.svg.components(separatedBy: "fill=\"#f00\"").count - 1 == 2, "one cell and one legend swatch")
        #expect(map.svg.contains(">-1.5</text>") && !map.svg.contains("fill=\"#0f0\""))
    }
}
