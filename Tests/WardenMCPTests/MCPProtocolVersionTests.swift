import Testing
import WardenMCP

@Suite("MCP protocol versions")
struct MCPProtocolVersionTests {
    @Test func newestFirstAndStatelessIncluded() {
        #expect(MCPProtocolVersion.supported.first == MCPProtocolVersion.stateless)
        #expect(MCPProtocolVersion.supported == MCPProtocolVersion.supported.sorted(by: >))
    }
}
