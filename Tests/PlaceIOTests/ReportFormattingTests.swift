import PlaceIO
import Testing

@Suite("Money as a planner reads it")
struct ReportFormattingTests {
    @Test("whole pounds, thousands separated, the minus sign before the £")
    func pounds() {
        #expect(PlanningReport.pounds(-34_012.7) == "−£34,013")
        #expect(PlanningReport.pounds(4_770) == "£4,770")
        #expect(PlanningReport.pounds(838_546.4) == "£838,546")
        #expect(PlanningReport.pounds(21_675_000) == "£21,675,000")
        #expect(PlanningReport.pounds(999.5) == "£1,000")
        #expect(PlanningReport.pounds(-0.3) == "£0")
        #expect(PlanningReport.pounds(12) == "£12")
    }
}
