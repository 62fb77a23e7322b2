import ArgumentParser

/// `placeplan`: school place planning forecasts for an English local authority.
@main
struct PlacePlan: ParsableCommand {
    static let version = "0.1.0"

    static let configuration = CommandConfiguration(
        commandName: "placeplan",
        abstract: "Forecast school place demand by planning area and year group.",
        version: version,
        subcommands: [ForecastCommand.self, BacktestCommand.self, ExplainCommand.self, ScenarioCommand.self]
    )
}
