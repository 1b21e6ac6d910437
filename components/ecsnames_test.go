package components_test

import (
	"strings"
	"testing"

	"github.com/vpclink/vpclink/components"
)

func TestTaskFamilySanitizesDeterministicallyAndKeepsValidNames(t *testing.T) {
	long := strings.Repeat("s", 100) // Pulumi stack names go up to 100 characters
	for _, c := range []struct{ project, stack, service, want string }{
		{"vpclink", "dev", "api", "vpclink-dev-api"},
		{"vpclink", "prod_2", "orders", "vpclink-prod_2-orders"},
		{"vpclink", "dev.eu", "api", "vpclink-dev-eu-api-"},
		{"my.project", "org/dev", "api", "my-project-org-dev-api-"},
		{strings.Repeat("p", 100), long + ".", strings.Repeat("a", 60), ""},
	} {
		got := components.TaskFamily(c.project, c.stack, c.service)
		if err := components.ValidateEcsName(got); err != nil {
			t.Errorf("TaskFamily(%q, %q, %q) = %q: %v", c.project, c.stack, c.service, got, err)
		}
		if got != components.TaskFamily(c.project, c.stack, c.service) {
			t.Errorf("TaskFamily(%q, %q, %q) is not deterministic", c.project, c.stack, c.service)
		}
		switch {
		case c.want == "":
		case strings.HasSuffix(c.want, "-"):
			if !strings.HasPrefix(got, c.want) || len(got) != len(c.want)+8 {
				t.Errorf("TaskFamily(%q, %q, %q) = %q, want %q and 8 hex digits", c.project, c.stack, c.service, got, c.want)
			}
		case got != c.want:
			t.Errorf("TaskFamily(%q, %q, %q) = %q, want it unchanged: %q", c.project, c.stack, c.service, got, c.want)
		}
	}
	if a, b := components.TaskFamily("vpclink", "dev.eu", "api"), components.TaskFamily("vpclink", "dev-eu", "api"); a == b {
		t.Errorf("stacks dev.eu and dev-eu share family %q", a)
	}
}
