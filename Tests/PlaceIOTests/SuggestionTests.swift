import Testing

@testable import PlaceIO

@Suite("Did you mean")
struct SuggestionTests {
    @Test("edit distance by hand: kitten → sitting is 3, forcast → forecast is 1")
    func distance() {
        #expect(Suggestions.editDistance(Array("kitten"), Array("sitting")) == 3)
        #expect(Suggestions.editDistance(Array("forcast"), Array("forecast")) == 1)
        #expect(Suggestions.editDistance([], Array("abc")) == 3)
    }

    @Test("the closest within a third of the length, case ignored; nothing when far")
    func closest() {
        #expect(Suggestions.closest(to: "PRI18", among: ["PRI018", "PRI180X", "SEC018"]) == "PRI018")
        #expect(Suggestions.closest(to: "p02", among: ["P01", "P02"]) == "P02")
        #expect(Suggestions.closest(to: "zzz", among: ["forecast", "backtest"]) == nil)
        #expect(Suggestions.didYouMean("scenaro", among: ["scenario"]) == " Did you mean 'scenario'?")
    }
}
