import Testing
import WardenCore

@Suite struct SemanticVersionTests {
    @Test(arguments: ["0.0.0", "1.2.3", "10.20.30", "1.0.0-alpha", "1.0.0-alpha.1", "1.0.0-0.3.7", "1.0.0+20130313144700",
                      "1.0.0-beta+exp.sha.5114f85", "99999999999999999.0.0"])
    func valid(_ text: String) {
        #expect(SemanticVersion(text)?.description == text)
    }

    @Test(arguments: ["", "1", "1.2", "1.2.3.4", "01.2.3", "1.02.3", "1.2.03", "1.2.3-", "1.2.3+", "1.2.3-01", "v1.2.3",
                      "1.2.3-a..b", "1.2.3-ü", " 1.2.3", "-1.2.3", "1.2.3-alpha_1"])
    func invalid(_ text: String) {
        #expect(SemanticVersion(text) == nil)
    }

    @Test func precedence() {
        let ordered = ["1.0.0-alpha", "1.0.0-alpha.1", "1.0.0-alpha.beta", "1.0.0-beta", "1.0.0-beta.2", "1.0.0-beta.11",
                       "1.0.0-rc.1", "1.0.0", "1.0.1", "1.1.0", "2.0.0"].map { SemanticVersion($0)! }
        for i in 0..<(ordered.count - 1) {
            #expect(ordered[i] < ordered[i + 1], "\(ordered[i]) < \(ordered[i + 1])")
            #expect(!(ordered[i + 1] < ordered[i]))
        }
        #expect(ordered.shuffled().sorted() == ordered)
    }
}
