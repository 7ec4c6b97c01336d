import Foundation
import WardenCore

/// A complete, acceptable tool definition to vary in tests.
func sampleDefinition(name: String = "weather.lookup", version: String = "1.0.0") -> ToolDefinition {
    ToolDefinition(
        name: name, version: SemanticVersion(version)!, title: "Weather lookup",
        description: "Returns the forecast for a city.", purpose: "Agents answer weather questions.",
        justification: "Customers ask about the weather.",
        provider: ToolProvider(kind: .http, origin: .thirdParty, vendor: "Open Weather",
                               http: .init(method: "GET", url: "https://api.example.com/weather?city={{city}}")),
        useCases: ["What's the weather in Paris?"], dataRequirements: .init(reads: [.public], returns: [.public]),
        inputSchema: ["type": "object", "properties": ["city": ["type": "string", "maxLength": 100]], "required": ["city"],
                      "additionalProperties": false],
        outputSchema: ["type": "object", "properties": ["forecast": ["type": "string"]]],
        requiredCredentials: ["WEATHER_API_KEY"], requiredRole: .agent, rateLimit: .init(requests: 60, perSeconds: 60),
        timeoutMs: 5000, owner: "team-weather", usageGuidelines: "Use for current weather only.", limitations: ["No history"])
}
