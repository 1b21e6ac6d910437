package components

import (
	"encoding/json"
	"testing"
)

// Access logs must be one JSON object per request (APIGWStructuredLogging) with the integration's
// own status and error, which is what tells a backend 504 from a link or security-group one.
func TestAccessLogFormatsAreJSON(t *testing.T) {
	for name, format := range map[string]string{"rest": RestAccessLogFormat(), "http": HttpAccessLogFormat()} {
		var m map[string]string
		if err := json.Unmarshal([]byte(format), &m); err != nil {
			t.Fatalf("%s: not JSON: %v", name, err)
		}
		for _, k := range []string{"requestId", "status", "integrationStatus", "integrationLatency"} {
			if m[k] == "" {
				t.Errorf("%s: missing %s", name, k)
			}
		}
	}
}
