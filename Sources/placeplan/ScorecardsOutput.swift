import PlacePipeline

/// Prints the backtest against the LAs' own forecasts: which file, how many LAs, the table and the notes.
func printScorecards(_ outcome: ScorecardsOutcome) {
    print("")
    print(
        "LAs' own forecasts: \(outcome.path); \(outcome.areasCompared) LAs compared (stable, with a published score).")
    if !outcome.table.isEmpty { print(outcome.table) }
    for note in outcome.notes { print(note) }
}
