import Testing

@testable import PlaceForecast

@Suite("Births carried forward for Reception past the known years")
struct BirthsCarriedForwardTests {
    /// Births known for 2014 and 2016 (2015 missing).
    private let births = BirthSeries(["A": [2014: 100, 2016: 120]])

    @Test("a known year is used as is")
    func known() {
        #expect(births.carriedForward("A", to: 2016)?.births == 120)
        #expect(births.carriedForward("A", to: 2016)?.year == 2016)
    }

    @Test("past the last known year, and in a gap, the latest earlier year is held")
    func heldForward() {
        #expect(births.carriedForward("A", to: 2019)?.births == 120)
        #expect(births.carriedForward("A", to: 2019)?.year == 2016)
        #expect(births.carriedForward("A", to: 2015)?.births == 100)
        #expect(births.carriedForward("A", to: 2015)?.year == 2014)
    }

    @Test("before births start (a late start), the first known year is used")
    func lateStart() {
        #expect(births.carriedForward("A", to: 2012)?.births == 100)
        #expect(births.carriedForward("A", to: 2012)?.year == 2014)
    }

    @Test("an area without births has none")
    func unknownArea() {
        #expect(births.carriedForward("B", to: 2016) == nil)
    }
}
