import Testing

@testable import PlaceForecast

@Suite("Academic years and year groups as planners write them")
struct CalendarTests {
    @Test("an academic year is 2022 or 2022/23; a second part that is not the next year is refused")
    func academicYearLabels() {
        #expect(AcademicYear(label: "2022") == AcademicYear(2022))
        #expect(AcademicYear(label: "2022/23") == AcademicYear(2022))
        #expect(AcademicYear(label: "1999/00") == AcademicYear(1999))
        #expect(AcademicYear(label: " 2019/20 ") == AcademicYear(2019))
        #expect(AcademicYear(label: "2022/24") == nil)
        #expect(AcademicYear(label: "2022/2023") == nil)
        #expect(AcademicYear(label: "22") == nil)
        #expect(AcademicYear(label: "twenty") == nil)
        #expect(AcademicYear(2022).description == "2022/23")
    }

    @Test("a year group is R or a number, also written Y3 or Year 3 (in a file, as exported, or typed)")
    func yearGroupLabels() {
        #expect(YearGroup(label: "R") == .reception)
        #expect(YearGroup(label: "Reception") == .reception)
        #expect(YearGroup(label: "14")?.index == 14)
        #expect(YearGroup(label: "15") == nil)
        #expect(YearGroup(label: "Y3")?.index == 3 && YearGroup(label: "Year 10")?.index == 10)
        #expect(YearGroup(label: "Y3a") == nil && YearGroup(label: "Yr3") == nil && YearGroup(label: "Total") == nil)
        #expect(YearGroup(spoken: "Y3")?.index == 3)
        #expect(YearGroup(spoken: "Year 3")?.index == 3)
        #expect(YearGroup(spoken: "year 11")?.index == 11)
        #expect(YearGroup(spoken: "R") == .reception)
        #expect(YearGroup(spoken: "Y") == nil)
        #expect(YearGroup(spoken: "X3") == nil)
    }
}
