import Testing

@testable import PlaceIO

@Suite("Whole numbers that add up")
struct WholeNumbersTests {
    @Test("largest remainder, by hand: the parts add up to the rounded total")
    func byHand() {
        // 33.4 + 33.3 + 33.3 = 100; plain rounding gives 99.
        #expect(WholeNumbers.keepingTotal([33.4, 33.3, 33.3]) == [34, 33, 33])
        // 2.0 in four halves: the first two get the extra unit (ties to the earlier).
        #expect(WholeNumbers.keepingTotal([0.5, 0.5, 0.5, 0.5]) == [1, 1, 0, 0])
        // 602.734 + 397.266 = 1000: 603 + 397.
        #expect(WholeNumbers.keepingTotal([602.734, 397.266]) == [603, 397])
        // Negative: −1.6 − 1.6 = −3.2 → −3; floors −2, −2, one unit back to the first.
        #expect(WholeNumbers.keepingTotal([-1.6, -1.6]) == [-1, -2])
        #expect(WholeNumbers.keepingTotal([]) == [])
    }
}
